"""A right answer that prints through a name bound at import: `from sys import stdout`.

What the process writes counts, however it writes it (the grader captures file descriptor 1).
"""

from sys import stdout


def func():
    stdout.write("1\n")
    yield 'aaa'
    stdout.write("2\n")
    yield 'bbb'
    stdout.write("3\n")
    yield 'ccc'


def echo():
    x = yield 1
    stdout.write(f"* {x}\n")
    yield 2


def accumulator():
    total = 0
    while True:
        total += yield total
