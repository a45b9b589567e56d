"""01 生成器：冻结函数状态 / Generators: a function frozen mid-way

调用一个含 yield 的函数，函数体一行都不会执行，你得到的是一个生成器。每次 next() 让它运行到
下一个 yield 并在那里暂停，局部变量原样保存：这就是“保存状态”，协程的第一块基石。
send(v) 在恢复运行的同时，把 v 作为暂停处 yield 表达式的值交给函数。

Calling a function that contains `yield` runs none of its body: you get a generator. Each next()
runs it to the following yield and pauses there with its local variables kept: that saved state
is the first building block of coroutines. send(v) resumes it and makes the paused `yield`
expression evaluate to v.

任务：按各自的文档字符串写出 func()、echo() 和 accumulator()。
Task: write func(), echo() and accumulator() as their docstrings say.
"""


def func():
    """每次 next()：依次打印 1、2、3，并分别产出 'aaa'、'bbb'、'ccc'，然后结束。

    Generator: each next() prints 1, 2, 3 in turn and yields 'aaa', 'bbb', 'ccc'; then stops.
    """
    print(1)
    yield 'aaa'
    print(2)
    yield 'bbb'
    print(3)
    yield 'ccc'


def echo():
    """生成器：先产出 1 并停在那里；之后 send(x) 送进来的值，就是那个暂停的 yield 表达式的值：
    把它记下来，打印 `* x`，再产出 2。

    Generator: first yield 1 and pause there; the value later sent in with send(x) is what
    that paused yield expression evaluates to: keep it, print `* x`, then yield 2.
    """
    x = yield 1
    print('*', x)
    yield 2


def accumulator():
    """协程：第一次 next() 产出 0；之后每次 send(v) 把 v 加进总和并产出当前总和。
    每个 accumulator() 都有自己的总和：状态保存在生成器里，不用全局变量。

    Coroutine: the first next() yields 0; each send(v) adds v to the total and yields the total.
    Each accumulator() keeps a total of its own: the state lives in the generator, not in a global.
    """
    total = 0
    while True:
        total += yield total
