"""fails: test_echo_send_prints_the_value_and_yields_2

Prints the lesson's example instead of what was sent: the value sent is different on every run.
"""


def func():
    print(1)
    yield 'aaa'
    print(2)
    yield 'bbb'
    print(3)
    yield 'ccc'


def echo():
    yield 1
    print('* aaa')
    yield 2


def accumulator():
    total = 0
    while True:
        total += yield total
