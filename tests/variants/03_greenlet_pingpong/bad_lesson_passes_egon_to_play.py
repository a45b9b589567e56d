"""fails: test_run_passes_the_name_through

Copies the lesson's g2.switch('egon'): eat uses the name it was given, play always says egon.
"""

from greenlet import greenlet


def run(name='egon'):
    def eat(name):
        print(f'{name} eat 1')
        g2.switch('egon')
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
