"""fails: test_unfinished_leaves_gr2_suspended

Prints 12, 56, 34 from one greenlet and returns a gr2 that never ran: not "unfinished".
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
        print(12)
        print(56)
        print(34)

    def test2():
        print(78)

    gr1 = greenlet(test1)
    gr2 = greenlet(test2)
    gr1.switch()
    return gr1, gr2
