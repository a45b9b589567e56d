"""01 生成器：冻结函数状态 / Generators: a function frozen mid-way

调用一个含 yield 的函数，函数体一行都不会执行，你得到的是一个生成器。每次 next() 让它运行到
下一个 yield 并在那里暂停，局部变量原样保存：这就是“保存状态”，协程的第一块基石。
send(v) 在恢复运行的同时，把 v 作为暂停处 yield 表达式的值交给函数。

Calling a function that contains `yield` runs none of its body: you get a generator. Each next()
runs it to the following yield and pauses there with its local variables kept: that saved state
is the first building block of coroutines. send(v) resumes it and makes the paused `yield`
expression evaluate to v.

任务 / Task: write func(), echo() and accumulator() as their docstrings say.
"""


def func():
    """每次 next()：依次打印 1、2、3，并分别产出 'aaa'、'bbb'、'ccc'，然后结束。

    Generator: each next() prints 1, 2, 3 in turn and yields 'aaa', 'bbb', 'ccc'; then stops.
    """
    raise NotImplementedError


def echo():
    """先产出 1；send(x) 之后打印 `* x`，再产出 2。

    Generator: `x = yield 1`, then print('*', x), then yield 2.
    """
    raise NotImplementedError


def accumulator():
    """协程：第一次 next() 产出 0；之后每次 send(v) 把 v 加进总和并产出当前总和。

    Coroutine: the first next() yields 0; each send(v) adds v to the total and yields the total.
    """
    raise NotImplementedError
