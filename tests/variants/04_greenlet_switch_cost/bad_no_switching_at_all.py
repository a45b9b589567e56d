"""fails: test_switching_switches_after_every_step test_switching_is_clearly_slower

Returns the right numbers by running sequentially: no greenlet switches.
"""


def sequential(n):
    a = 1
    for i in range(n):
        a += i
    b = 1
    for i in range(n):
        b *= i
    return a, b


def switching(n):
    return sequential(n)
