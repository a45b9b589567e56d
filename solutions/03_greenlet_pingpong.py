"""03 greenlet 模块：手动切换 / greenlet: switching by hand

生成器只能把值交还给调用者；greenlet 可以从任何一个函数直接切换到另一个 greenlet，并在
切回来时从原处继续。greenlet(func) 只是创建它；第一次 g.switch(...) 才开始运行 func，
参数也只在这第一次传入，之后的 switch() 只是“从哪里停下就从哪里继续”。
切换是手动的：如果没有人再切回某个 greenlet，它就永远停在那里（挂起，而不是结束）。
而且 greenlet 遇到 IO 仍会原地阻塞，这要等到 gevent 才能解决。

A generator can only hand a value back to its caller; a greenlet can switch straight to any
other greenlet and later resume where it stopped. greenlet(func) only creates it; the first
g.switch(...) starts func, and arguments are passed on that first switch only. Later switch()
calls just resume. Switching is manual: a greenlet that nobody switches back to stays suspended
for good (not finished). And a greenlet still blocks on IO: gevent solves that later.

任务：按各自的文档字符串写出 run() 和 unfinished()。
Task: write run() and unfinished() as their docstrings say.
"""

from greenlet import greenlet


def run(name='egon'):
    """两个 greenlet：eat 和 play 来回切换，打印
    `<name> eat 1`、`<name> play 1`、`<name> eat 2`、`<name> play 2`：eat 的两行由 eat 打印，
    play 的两行由 play 打印。name 只在第一次 switch 时传入。

    Two greenlets, eat and play, switch back and forth and print `<name> eat 1`,
    `<name> play 1`, `<name> eat 2`, `<name> play 2`: eat prints the eat lines, play the play
    lines. The name is passed on the first switch only.
    """
    def eat(name):
        print(f'{name} eat 1')
        g2.switch(name)  # play 的第一次 switch：把名字传给它 / play's first switch passes the name
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
    """gr1 运行 test1，gr2 运行 test2。test1 打印 12，切到 test2；test2 打印 56，切回 test1；
    test1 打印 34 后结束。没有人再切回 test2，所以 78 永远不会打印：gr2 开始过、停在半路，
    没有结束。返回 (gr1, gr2)。

    gr1 runs test1, gr2 runs test2. test1 prints 12 and switches to test2; test2 prints 56 and
    switches back; test1 prints 34 and ends. Nobody switches back to test2, so 78 is never
    printed: gr2 was started and stays suspended half-way, not finished. Return (gr1, gr2).
    """
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
