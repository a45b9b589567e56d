"""fails: test_each_next_prints_one_number_and_yields_one_string

Prints everything up front: the output is right in total, but not one line per next().
"""


def func():
    print(1)
    print(2)
    print(3)
    yield 'aaa'
    yield 'bbb'
    yield 'ccc'


def echo():
    x = yield 1
    print('*', x)
    yield 2


def accumulator():
    total = 0
    while True:
        total += yield total
