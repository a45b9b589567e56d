"""05 gevent：spawn / join / joinall / value

gevent.spawn(func, *args, **kwargs) 把一次函数调用包装成协程（greenlet）并安排它运行，立刻返回，
不等它执行。g.join() 等这个协程结束，gevent.joinall([...]) 一次等一组；结束后 g.value 就是
函数的返回值。要让多个任务同时进行，先把它们全部 spawn 出来，再统一等待。
协程只在“让出”时才会切换：gevent.sleep 会让出，而没打补丁的 time.sleep 会阻塞整个线程，
其他协程只能干等。

读课文时留意一处：在 gevent.sleep 的例子前，课文问“如果想顺序执行呢？需要用到gevent.sleep”，
这里正好说反了。让 eat 和 play 交替运行（eating1 playing1 eating2 playing2）的正是 gevent.sleep；
一个接一个地运行（eating1 eating2 playing1 playing2）的，是它前面那个用没打补丁的 time.sleep 的
例子。原因：gevent.sleep 把控制权交还给 gevent，gevent 趁这段时间去运行另一个协程；
time.sleep 让整个线程睡着，谁也运行不了。

gevent.spawn(func, *args, **kwargs) wraps one call in a greenlet, schedules it and returns at
once, without waiting. g.join() waits for that greenlet to finish, gevent.joinall([...]) for a
whole list; afterwards g.value holds the function's return value. For tasks to overlap, spawn
them all first, then wait for them together. Greenlets switch only when one yields:
gevent.sleep yields, while an unpatched time.sleep blocks the whole thread and everyone waits.

A kind word of warning about the lesson: before its gevent.sleep example it asks
"如果想顺序执行呢？" (what if we want them in order?) and answers: gevent.sleep. It is the other
way round. gevent.sleep is what makes eat and play take turns (eating1 playing1 eating2
playing2); the example before it, with the unpatched time.sleep, is the one that runs them one
after the other (eating1 eating2 playing1 playing2). Why: gevent.sleep hands control back to
gevent, which runs the other greenlet meanwhile; time.sleep puts the whole thread to sleep, and
nothing else runs.

任务：按各自的文档字符串写出 add、spawn_with_args、run_all、run_blocking 和 run_cooperative。
不要在这个文件里调用 monkey.patch_all()：run_blocking 要演示的正是没打补丁的 time.sleep 会怎样。
Task: write add, spawn_with_args, run_all, run_blocking and run_cooperative as their docstrings
say. Do not call monkey.patch_all() in this file: run_blocking must show what the unpatched
time.sleep does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import gevent


def add(a: int, b: int, c: int, x: int = 0, y: int = 0) -> int:
    """返回 a + b + c + x + y。

    Return a + b + c + x + y.
    """
    raise NotImplementedError


def spawn_with_args() -> int:
    """用 gevent.spawn 运行 add(1, 2, 3, x=4, y=5)（位置参数和关键字参数都交给 spawn），
    等它结束，返回协程的 value。

    Spawn add(1, 2, 3, x=4, y=5) with gevent.spawn (positional and keyword arguments both go to
    spawn), join it and return the greenlet's value.
    """
    raise NotImplementedError


def run_all(func: Callable[..., Any], arg_tuples: Iterable[tuple]) -> list:
    """为每个参数元组 spawn 一个 func(*args) 协程，全部 spawn 之后再一起等待（joinall），
    按输入顺序返回各自的返回值。

    Spawn one greenlet running func(*args) per tuple, wait for all of them only after spawning
    them all (joinall), and return their values in input order.
    """
    raise NotImplementedError


def run_blocking(delay: float = 1.0) -> None:
    """spawn 两个协程 eat 和 play，二者都用没打补丁的 time.sleep(delay)，然后等它们结束。
    eat 打印 eating1、睡、eating2；play 打印 playing1、睡、playing2。
    time.sleep 不会让出，所以输出是 eating1 eating2 playing1 playing2，共用时约 2*delay。

    Spawn greenlets eat and play that both sleep with the unpatched time.sleep(delay), then wait
    for both. eat prints eating1, sleeps, prints eating2; play prints playing1, sleeps, prints
    playing2. time.sleep never yields, so the output is eating1 eating2 playing1 playing2, and
    the whole takes about 2*delay.
    """
    raise NotImplementedError


def run_cooperative(delay: float = 1.0) -> None:
    """和 run_blocking 一样，但用 gevent.sleep(delay)：睡眠时让出给另一个协程。
    输出 eating1 playing1 eating2 playing2，共用时约 delay。

    Like run_blocking, but sleeping with gevent.sleep(delay), which yields to the other
    greenlet. Prints eating1 playing1 eating2 playing2 and takes about delay in all.
    """
    raise NotImplementedError
