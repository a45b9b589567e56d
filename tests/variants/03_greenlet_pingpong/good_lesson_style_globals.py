"""A right answer written like the lesson: module-level functions and global greenlets."""

from greenlet import greenlet

g1 = g2 = gr1 = gr2 = None


def eat(name):
    print('%s eat 1' % name)
    g2.switch('egon' if name == 'egon' else name)
    print('%s eat 2' % name)
    g2.switch()


def play(name):
    print('%s play 1' % name)
    g1.switch()
    print('%s play 2' % name)


def run(name='egon'):
    global g1, g2
    g1 = greenlet(eat)
    g2 = greenlet(play)
    g1.switch(name)


def test1():
    print(12)
    gr2.switch()
    print(34)


def test2():
    print(56)
    gr1.switch()
    print(78)


def unfinished():
    global gr1, gr2
    gr1 = greenlet(test1)
    gr2 = greenlet(test2)
    gr1.switch()
    return gr1, gr2
