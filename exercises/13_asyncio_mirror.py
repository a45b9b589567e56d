"""13 用 asyncio 再写一遍（进阶）/ The same ideas in asyncio (bonus)

gevent 靠打补丁让普通代码在等待时悄悄让出；标准库的 asyncio 把让出写在明处：async def 定义协程函数，
调用它只得到一个协程对象（和生成器一样，函数体还没运行），await 才运行它，并在它等待时把控制权交还给
事件循环。对照一下：
- gevent.spawn(f, x)          ->  asyncio.create_task(f(x))
- gevent.joinall([...])       ->  await asyncio.gather(...)，或者 async with asyncio.TaskGroup()（3.11+）
- gevent.sleep(d)             ->  await asyncio.sleep(d)
- gevent.pool.Pool(n)         ->  asyncio.Semaphore(n)，每个调用 async with sem:
- StreamServer / spawn(talk)  ->  await asyncio.start_server(handle, ip, port)
没有补丁可打：在协程里调用会阻塞的 time.sleep，整个事件循环都停下来，所有任务一起等。
另外，await 一个协程就是等它做完：一个接一个地 await，就又变回同步了；要同时进行，先把它们都交给
gather（或者都建成任务），再一起等。本题不用 gevent。

gevent lets plain code yield quietly when it waits, thanks to the patch; the standard library's
asyncio makes every yield visible: `async def` defines a coroutine function, calling it only
builds a coroutine object (its body has not run yet, as with a generator), and `await` runs it,
handing control back to the event loop whenever it waits. Side by side:
- gevent.spawn(f, x)          ->  asyncio.create_task(f(x))
- gevent.joinall([...])       ->  await asyncio.gather(...), or async with asyncio.TaskGroup() (3.11+)
- gevent.sleep(d)             ->  await asyncio.sleep(d)
- gevent.pool.Pool(n)         ->  asyncio.Semaphore(n), each call inside `async with sem:`
- StreamServer / spawn(talk)  ->  await asyncio.start_server(handle, ip, port)
There is no patch: a blocking time.sleep inside a coroutine stops the whole event loop, and every
task waits with it. And awaiting a coroutine waits for it to finish: await them one after another
and you are synchronous again; to run them at once, hand them all to gather (or make them all
tasks) first, then wait for them together. No gevent in this topic.

任务：按各函数的文档字符串写出下面的协程函数（全部是 async def）。
Task: write the coroutine functions below (every one an async def) as their docstrings say.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any


async def task(i: int, delay: float = 0.5) -> None:
    """await asyncio.sleep(delay)，然后打印 `Task i done`。

    await asyncio.sleep(delay), then print `Task i done`.
    """
    raise NotImplementedError


async def synchronous(n: int = 10, delay: float = 0.5) -> None:
    """同步：依次 await task(0, delay) … task(n-1, delay)，一个做完再做下一个（约 n*delay 秒）。

    Synchronous: await task(0, delay) ... task(n-1, delay) in turn, each after the previous
    ends (about n*delay in all).
    """
    raise NotImplementedError


async def asynchronous(n: int = 10, delay: float = 0.5) -> None:
    """异步：让 task(0, delay) … task(n-1, delay) 同时运行（asyncio.gather 或 TaskGroup），
    全部结束后打印 DONE（约 delay 秒）。

    Asynchronous: run task(0, delay) ... task(n-1, delay) at once (asyncio.gather or a
    TaskGroup), then print DONE when all have ended (about delay in all).
    """
    raise NotImplementedError


async def blocking_mistake(n: int = 3, delay: float = 0.1) -> None:
    """和 asynchronous 一样让 n 个任务同时运行、最后打印 DONE，但每个任务用 time.sleep(delay)
    代替 await asyncio.sleep(delay)，再打印 `Task i done`：time.sleep 阻塞整个事件循环，
    所以共用时约 n*delay。这是第 05 题 run_blocking 在 asyncio 里的样子。

    Like asynchronous (n tasks at once, then DONE), but each task sleeps with time.sleep(delay)
    instead of awaiting asyncio.sleep(delay), then prints `Task i done`: time.sleep blocks the
    whole event loop, so the whole takes about n*delay. Topic 05's run_blocking, in asyncio.
    """
    raise NotImplementedError


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """一个连接的处理协程：循环读最多 1024 字节，打印收到的消息，把它大写后写回（第 09 题的 talk）；
    读到 b''（对方已关闭）或出错时退出并关闭连接。不是 UTF-8 的字节也不能让它出错。

    One connection's handler: loop reading up to 1024 bytes, print each message, write it back
    upper-cased (topic 09's talk); on b'' (the peer closed) or an error, stop and close the
    connection. Bytes that are not valid UTF-8 must not break it.
    """
    raise NotImplementedError


async def serve(ip: str, port: int) -> None:
    """用 asyncio.start_server(handle, ip, port) 在 (ip, port) 上监听，永远运行：
    每个连接由事件循环在同一个线程里运行一个 handle。

    Listen on (ip, port) with asyncio.start_server(handle, ip, port) and serve forever: the
    event loop runs one handle per connection, all in one thread.
    """
    raise NotImplementedError


async def bounded_gather(func: Callable[[Any], Awaitable[Any]], items: Iterable[Any], limit: int) -> list:
    """func 是一个参数的 async def。对每个 item await func(item)，同一时刻最多 limit 个
    （用 asyncio.Semaphore(limit)），只要还有没开始的就保持 limit 个在运行；按输入顺序返回结果。
    这是第 12 题 bounded_map 的 asyncio 版。

    func is an async def of one argument. Await func(item) for every item, never more than limit
    at once (asyncio.Semaphore(limit)), and limit at once as long as items are waiting; return
    the results in input order. Topic 12's bounded_map, in asyncio.
    """
    raise NotImplementedError
