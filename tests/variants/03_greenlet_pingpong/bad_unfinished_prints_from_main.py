"""fails: test_unfinished_prints_from_gr1_and_gr2

The caller prints 12, 56 and 34 itself; gr1 and gr2 only switch, so gr1 ends and gr2 is left
suspended, but neither printed its lines.
"""

from greenlet import greenlet


def run(name='egon'):
    def eat(name):
        print(f'{name} eat 1')
        g2.switch(name)
        print(f'{name} eat 2')
        g2.switch()

    def play(name):
        print(f'{name} play 1')
        g1.switch()
        print(f'{name} play 2')

    g1 = greenlet(eat)
    g2 = greenlet(play)
    g1.switch(name)


def unfinished():
    def test1():
        gr2.switch()

    def test2():
        gr1.switch()
        print(78)

    gr1 = greenlet(test1)
    gr2 = greenlet(test2)
    print(12)
    gr1.switch()
    print(56)
    print(34)
    return gr1, gr2
