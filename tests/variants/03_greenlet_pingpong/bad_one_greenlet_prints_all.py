"""fails: test_run_prints_each_line_from_its_greenlet

eat prints all four lines and switches to play in between: real switches and the right order,
but play never prints a line of its own.
"""

from greenlet import greenlet


def run(name='egon'):
    def eat(name):
        print(f'{name} eat 1')
        g2.switch()
        print(f'{name} play 1')
        g2.switch()
        print(f'{name} eat 2')
        g2.switch()
        print(f'{name} play 2')

    def play():
        while True:
            g1.switch()

    g1 = greenlet(eat)
    g2 = greenlet(play)
    g1.switch(name)


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
