"""A right answer written differently: one greenlet per function, results in a list."""

import greenlet


def sequential(n):
    totals = [1, 1]
    for i in range(n):
        totals[0] += i
    for i in range(n):
        totals[1] *= i
    return tuple(totals)


def switching(n):
    totals = [1, 1]

    def adder():
        for i in range(n):
            totals[0] += i
            multiplier.switch()

    def multiplier():
        for i in range(n):
            totals[1] *= i
            adder_g.switch()

    adder_g = greenlet.greenlet(adder)
    multiplier = greenlet.greenlet(multiplier)
    adder_g.switch()
    if not multiplier.dead:
        multiplier.switch()
    return totals[0], totals[1]
