"""06 遇到 IO 主动切换：monkey.patch_all() / Switch on IO: monkey.patch_all()

gevent 只认识它自己的阻塞操作（gevent.sleep、gevent 的 socket……）。monkey.patch_all() 把标准库里
会阻塞的函数（time.sleep、socket、threading……）换成 gevent 的版本，于是普通代码里的
time.sleep 也会让出给别的协程。补丁只对打补丁之后才导入、才取用的东西生效：
`from time import sleep` 若写在补丁之前，拿到的就是原来那个会阻塞的函数。所以这一行
必须在文件最开头，任何其他 import 之前。打补丁之后，threading.current_thread() 在每个协程里
看到的是一个假线程，名字是 Dummy-1、Dummy-2 这样（课文用的老版本 Python 显示为 DummyThread-1），
这说明 threading 也被换掉了。

gevent only knows its own blocking calls (gevent.sleep, gevent's sockets...). monkey.patch_all()
swaps the standard library's blocking functions (time.sleep, socket, threading...) for gevent's,
so a plain time.sleep yields to the other greenlets too. The patch only reaches what is imported
and looked up after it: a `from time import sleep` written before it keeps the original, blocking
function. So the line must come first in the file, before any other import. Once patched,
threading.current_thread() inside each greenlet is a stand-in named Dummy-1, Dummy-2 and so on
(the older Python of the lesson shows DummyThread-1): threading was swapped too.

任务：在这个文件最开头打补丁，然后按文档字符串写出 main(delay)。
Task: patch at the very top of this file, then write main(delay) as its docstring says.
"""

# ruff: noqa: E402 - every import below must come after the patch
from gevent import monkey

monkey.patch_all()

import threading
import time

import gevent


def main(delay: float = 1.0) -> list[str]:
    """spawn 两个协程并等它们都结束，然后打印 主。
    eat：打印 eat food 1，time.sleep(2 * delay)，打印 eat food 2；
    play：打印 play 1，time.sleep(delay)，打印 play 2。
    输出：eat food 1、play 1、play 2、eat food 2、主，用时约 2*delay。
    返回两个协程里各自看到的 threading.current_thread().name（先 eat 后 play，形如 Dummy-1）。

    Spawn two greenlets, wait for both, then print 主.
    eat: prints eat food 1, time.sleep(2 * delay), prints eat food 2;
    play: prints play 1, time.sleep(delay), prints play 2.
    Output: eat food 1, play 1, play 2, eat food 2, 主, in about 2*delay.
    Return the threading.current_thread().name seen inside each greenlet (eat's, then play's;
    names like Dummy-1).
    """
    names = []

    def eat() -> None:
        names.append(threading.current_thread().name)
        print('eat food 1')
        time.sleep(2 * delay)  # patched: yields to play instead of blocking the thread
        print('eat food 2')

    def play() -> None:
        names.append(threading.current_thread().name)
        print('play 1')
        time.sleep(delay)
        print('play 2')

    gevent.joinall([gevent.spawn(eat), gevent.spawn(play)])
    print('主')
    return names
