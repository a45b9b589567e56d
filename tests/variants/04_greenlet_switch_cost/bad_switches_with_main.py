"""fails: test_switching_switches_between_f1_and_f2

f1 runs in the caller and only f2 is a greenlet: about 2n switches and the right results, but
every switch goes between the caller and one greenlet, not between f1 and f2.
"""

from greenlet import getcurrent, greenlet


def sequential(n):
    a = 1
    for i in range(n):
        a += i
    b = 1
    for i in range(n):
        b *= i
    return a, b


def switching(n):
    main = getcurrent()
    results = {}

    def f2():
        res = 1
        for i in range(n):
            res *= i
            main.switch()
        results['f2'] = res

    g2 = greenlet(f2)
    res = 1
    for i in range(n):
        res += i
        g2.switch()
    if not g2.dead:
        g2.switch()
    return res, results.get('f2', 1)
