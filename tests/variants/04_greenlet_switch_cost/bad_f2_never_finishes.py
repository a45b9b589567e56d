"""fails: test_switching_returns_the_same_results

Forgets the last switch to f2: f2 stays suspended and its result is never recorded.
"""

from greenlet import greenlet


def sequential(n):
    a = 1
    for i in range(n):
        a += i
    b = 1
    for i in range(n):
        b *= i
    return a, b


def switching(n):
    results = {}

    def f1():
        res = 1
        for i in range(n):
            res += i
            g2.switch()
        results['f1'] = res

    def f2():
        res = 1
        for i in range(n):
            res *= i
            g1.switch()
        results['f2'] = res

    g1 = greenlet(f1)
    g2 = greenlet(f2)
    g1.switch()
    return results.get('f1'), results.get('f2')
