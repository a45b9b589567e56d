"""A right answer written differently: loops and f-strings instead of straight-line code."""


def func():
    for number, word in enumerate(("aaa", "bbb", "ccc"), start=1):
        print(number)
        yield word


def echo():
    received = yield 1
    print(f"* {received}")
    yield 2


def accumulator():
    total = 0
    while True:
        value = yield total
        total = total + value
