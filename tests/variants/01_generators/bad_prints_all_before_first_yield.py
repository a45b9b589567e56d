"""fails: test_func_runs_one_step_per_next

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
