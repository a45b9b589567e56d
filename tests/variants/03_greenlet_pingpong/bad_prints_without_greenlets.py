"""fails: test_run_really_switches_between_greenlets

Prints the right lines in the right order, but never switches a greenlet.
"""

from greenlet import greenlet


def run(name='egon'):
    for line in ('eat 1', 'play 1', 'eat 2', 'play 2'):
        print(name, line)


def unfinished():
    def test1():
        print(12)
        gr2.switch()
        print(34)

    def test2():
        print(56)
        gr1.switch()
        print(78)

    gr1 = greenlet(test1)
    gr2 = greenlet(test2)
    gr1.switch()
    return gr1, gr2
