"""12 gevent 工具箱（进阶）/ The gevent toolkit (bonus): Pool, Queue, Event, Semaphore, Timeout

课文开头的“回顾”列出了线程的几件工具：信号量、事件、队列、线程池、定时器。gevent 为协程准备了
同样的一套，用法几乎一样，只是等待时让出的是协程，而不是阻塞整个线程：
- gevent.pool.Pool(n)：最多同时运行 n 个协程；池满时 pool.spawn 会等，直到有协程结束、空出位置。
- gevent.queue.Queue：协程之间传递数据；get() 在队列空时让出等待，几个消费者可以同时从一个队列取活。
- gevent.event.Event：一个信号叫醒所有等它的协程：event.wait() 等，event.set() 一次放行全部。
- gevent.lock.BoundedSemaphore(k)：同一时刻最多 k 个协程在里面（with sem: ...）；多放一次会报错。
- gevent.Timeout(seconds)：到点时在正在等待的协程里抛出异常，把慢调用真正取消，而不是任它继续跑。
本题不打补丁（不要 monkey.patch_all()）：只用 gevent 自己的工具和 gevent.sleep。

The lesson's review (回顾) lists the tools for threads: semaphore, event, queue, pool, timer.
gevent has the same set for greenlets, used almost the same way; only, waiting yields to the
other greenlets instead of blocking the whole thread:
- gevent.pool.Pool(n): at most n greenlets run at once; when it is full, pool.spawn waits until
  one of them ends and frees a slot.
- gevent.queue.Queue: hands data between greenlets; get() on an empty queue yields and waits,
  so several consumers can take work from one queue at the same time.
- gevent.event.Event: one signal wakes everyone waiting: event.wait() waits, one event.set()
  lets them all go.
- gevent.lock.BoundedSemaphore(k): at most k greenlets inside at once (with sem: ...); one
  release too many raises an error.
- gevent.Timeout(seconds): when the time is up it raises inside the waiting greenlet, so the
  slow call is really cancelled, not left running.
No patching in this topic (no monkey.patch_all()): gevent's own tools and gevent.sleep only.

任务：按各函数的文档字符串写出 bounded_map、pipeline、starting_gun、with_deadline 和 guarded。
Task: write bounded_map, pipeline, starting_gun, with_deadline and guarded as their docstrings say.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import gevent
from gevent.event import Event
from gevent.lock import BoundedSemaphore
from gevent.pool import Pool
from gevent.queue import Queue


def bounded_map(func: Callable[[Any], Any], items: Iterable[Any], limit: int) -> list:
    """用 gevent.pool.Pool(limit) 为每个 item 运行 func(item)：同一时刻最多 limit 个在运行，
    而且只要还有没开始的 item，就一直保持 limit 个在运行。按输入顺序返回结果。

    Run func(item) for every item in greenlets of a gevent.pool.Pool(limit): never more than
    limit at once, and limit at once as long as items are waiting. Return the results in input
    order.
    """
    raise NotImplementedError


def pipeline(items: Iterable[Any], work: Callable[[Any], Any], workers: int = 3) -> list:
    """一个生产者协程把每个 item 放进一个 gevent.queue.Queue，放完再为每个消费者放一个结束标记；
    workers 个消费者协程同时从队列里取 item、调用 work(item)（work 可能会睡），取到结束标记就退出。
    按输入顺序返回 [work(item) ...]。

    One producer greenlet puts each item on a gevent.queue.Queue, then one end marker per
    consumer; workers consumer greenlets take items from the queue at the same time and call
    work(item) (which may sleep), each until it takes an end marker. Return [work(item) ...]
    in input order.
    """
    raise NotImplementedError


def starting_gun(n: int, delay: float) -> list[float]:
    """spawn n 个协程，它们都等同一个 gevent.event.Event；delay 秒后 set() 一次，全部同时醒来。
    每个协程醒来时记下 time.perf_counter()；返回这 n 个时刻（彼此只差几毫秒）。

    Spawn n greenlets that all wait on one gevent.event.Event; after delay seconds, set() it
    once and they all wake together. Each greenlet records time.perf_counter() when it wakes;
    return the n times (they lie within a few ms of each other).
    """
    raise NotImplementedError


def with_deadline(func: Callable[[], Any], seconds: float, default: Any = None) -> Any:
    """返回 func() 的结果；如果 func 超过 seconds 秒还没结束，就用 gevent.Timeout 取消它
    （慢调用被真正打断，不再继续运行），返回 default。

    Return func(); if func takes longer than seconds, cancel it with gevent.Timeout (the slow
    call is really interrupted and runs no further) and return default.
    """
    raise NotImplementedError


def guarded(n: int, k: int, hold: float) -> int:
    """n 个协程各自进入同一个 gevent.lock.BoundedSemaphore(k)，在里面 gevent.sleep(hold)，再出来。
    返回同一时刻在里面的最大人数（n > k 时恰好是 k）。

    n greenlets each enter one gevent.lock.BoundedSemaphore(k), stay inside for
    gevent.sleep(hold), and leave. Return the largest number ever inside at once (exactly k
    when n > k).
    """
    raise NotImplementedError
