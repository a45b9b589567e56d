"""fails: test_is_a_generator_function test_calling_func_prints_nothing test_accumulators_are_independent

Returns a list: everything runs at once, nothing is frozen.
"""


def func():
    out = []
    for number, word in enumerate(("aaa", "bbb", "ccc"), start=1):
        print(number)
        out.append(word)
    return iter(out)


def echo():
    x = yield 1
    print('*', x)
    yield 2


_total = 0


def accumulator():
    global _total
    while True:
        _total += yield _total
