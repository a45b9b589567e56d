"""Probes for 13_asyncio_mirror: the student's coroutines, each run with asyncio.run.

Each probe runs the student's coroutine inside a small main coroutine of ours, beside a task of
ours that watches the event loop from outside the student's logic: how many other tasks are
suspended in an await at once, and whether the loop was free to run it at all (a time.sleep in
a coroutine blocks it). Every piece of output is noted with the asyncio task that wrote it. The
judge times every request and decides. Nothing here imports gevent: this topic has none.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import socket
import sys
from typing import Any

from kata.inside.probe import Probe

NAMES = ("task", "synchronous", "asynchronous", "blocking_mistake", "handle", "serve", "bounded_gather")


def kinds(p: Probe) -> dict[str, Any]:
    """Which of the course's functions are coroutine functions (async def), and whether gevent
    or greenlet were imported by the student's module (this probe imports neither)."""
    found = {name: inspect.iscoroutinefunction(getattr(p.student, name)) for name in NAMES}
    return {"async": found, "imported": sorted(m for m in ("gevent", "greenlet") if m in sys.modules)}


class Watch:
    """Our task beside the student's coroutine: every `every` seconds it counts the other tasks
    suspended in an await (started, not finished), and notes how often it got to run."""

    def __init__(self, every: float) -> None:
        self.every, self.peak, self.ticks = every, 0, 0
        self.main: asyncio.Task | None = None
        self.me: asyncio.Task | None = None
        self.labels: dict[int, str] = {}
        self.tasks: list[asyncio.Task] = []  # kept alive, so that ids stay distinct

    def label(self) -> str:
        """"main" for our main task (where the student's coroutine itself runs), "t1", "t2", ...
        for the other tasks, in order of first sight; "-" outside any task."""
        try:
            current = asyncio.current_task()
        except RuntimeError:
            current = None
        if current is None:
            return "-"
        if current is self.main:
            return "main"
        if id(current) not in self.labels:
            self.tasks.append(current)
            self.labels[id(current)] = f"t{len(self.labels) + 1}"
        return self.labels[id(current)]

    def suspended(self) -> int:
        count = 0
        for t in asyncio.all_tasks():
            if t is self.main or t is self.me or t.done():
                continue
            coro = t.get_coro()
            if inspect.iscoroutine(coro) and inspect.getcoroutinestate(coro) == inspect.CORO_SUSPENDED:
                count += 1
        return count

    async def run(self) -> None:
        while True:
            self.peak = max(self.peak, self.suspended())
            await asyncio.sleep(self.every)
            self.ticks += 1


def _not_async(p: Probe, *names: str) -> dict[str, Any] | None:
    """{"not_async": name} for the first of these that is not a coroutine function, else None."""
    for name in names:
        if not inspect.iscoroutinefunction(getattr(p.student, name)):
            return {"not_async": name}
    return None


def _watched(p: Probe, name: str, every: float, *args: Any) -> dict[str, Any]:
    """asyncio.run(name(*args)) beside a Watch; who printed each line, and what the watch saw."""
    if (plain := _not_async(p, name)) is not None:
        return plain
    watch = Watch(every)

    async def main() -> None:
        watch.main = asyncio.current_task()
        watch.me = asyncio.create_task(watch.run())
        try:
            await getattr(p.student, name)(*args)
        finally:
            watch.me.cancel()

    with p.record() as rec:
        rec.current = watch.label  # who wrote: the asyncio task, not a greenlet
        asyncio.run(main())
    return {"lines": p.lines(),
            "origins": [{"line": line, "task": w.greenlet} for line, w in rec.line_origins()],
            "suspended": watch.peak, "ticks": watch.ticks}


def task(p: Probe, i: int, delay: float) -> dict[str, Any]:
    """task(i, delay), with our task ticking every delay/5 meanwhile: if it never ticked, the
    event loop was blocked the whole time."""
    return _watched(p, "task", delay / 5, i, delay)


def synchronous(p: Probe, n: int, delay: float) -> dict[str, Any]:
    return _watched(p, "synchronous", delay / 4, n, delay)


def asynchronous(p: Probe, n: int, delay: float) -> dict[str, Any]:
    return _watched(p, "asynchronous", delay / 4, n, delay)


def blocking_mistake(p: Probe, n: int, delay: float) -> dict[str, Any]:
    return _watched(p, "blocking_mistake", delay / 4, n, delay)


def bounded_gather(p: Probe, naps: list[float], values: list[str], limit: int) -> dict[str, Any]:
    """bounded_gather(job, [0, 1, ...], limit): job(i) awaits asyncio.sleep(naps[i]) and returns
    values[i]. What came back, the most jobs under way at once, and whether, while `limit` of
    them ran, an asyncio.Semaphore made by the call was locked (the others queued on it)."""
    if (plain := _not_async(p, "bounded_gather")) is not None:
        return plain
    running: set[int] = set()
    seen: dict[str, Any] = {"peak": 0, "calls": 0, "semaphores": 0, "locked": False}
    old: set[int] = set()
    sems: list[asyncio.Semaphore] = []  # made by the call: found once, when limit jobs first run

    async def job(i: int) -> str:
        seen["calls"] += 1
        running.add(i)
        seen["peak"] = max(seen["peak"], len(running))
        if len(running) >= limit:
            if not sems:
                sems.extend(o for o in gc.get_objects() if isinstance(o, asyncio.Semaphore) and id(o) not in old)
            seen["semaphores"] = max(seen["semaphores"], len(sems))
            seen["locked"] = seen["locked"] or any(s.locked() for s in sems)
        try:
            await asyncio.sleep(naps[i])
        finally:
            running.discard(i)
        return values[i]

    async def main() -> Any:
        old.update(id(o) for o in gc.get_objects() if isinstance(o, asyncio.Semaphore))
        return await p.student.bounded_gather(job, list(range(len(naps))), limit)

    got = asyncio.run(main())
    return {"value": list(got) if isinstance(got, (list, tuple)) else repr(got)[:200], **seen}


def _servers() -> list[Any]:
    return [o for o in gc.get_objects() if isinstance(o, asyncio.AbstractServer)]


async def _stop(serving: asyncio.Task, servers: list[Any]) -> None:
    """Stop the student's serve and all it started, whatever Python's Server waits for on close
    (3.12+ waits for every connection to end): cancel the other tasks (the handlers, while they
    wait for our next message), close the servers, abort their connections, cancel serve."""
    me = asyncio.current_task()
    others = [t for t in asyncio.all_tasks() if t is not me and t is not serving]
    for t in others:
        t.cancel()
    if others:
        await asyncio.wait(others, timeout=1.0)
    for server in servers:
        server.close()  # no longer listening: the real serve, later, must be the only listener
    for t in gc.get_objects():
        if isinstance(t, asyncio.BaseTransport) and any(getattr(t, "_server", None) is s for s in servers):
            t.abort()
    serving.cancel()
    await asyncio.wait({serving}, timeout=1.0)


def serve_once(p: Probe, host: str, text: str, wait: float) -> dict[str, Any]:
    """serve(host, 0) as a task for as long as one client's visit lasts: find the asyncio Server
    it started (gc), connect, send `text`, read the answer, note which coroutine handles the
    connection, and stop it all. What the visit showed.

    Our client closes only after the handler was cancelled: a handler that spins on b'' once
    the peer closed would never let this probe end.
    """
    if (plain := _not_async(p, "serve", "handle")) is not None:
        return plain
    code = getattr(p.student.handle, "__code__", None)
    found: dict[str, Any] = {"server": False, "reply": None, "handled_by_handle": False, "returned": False}
    ours: list[socket.socket] = []

    async def main() -> None:
        old = {id(s) for s in _servers()}
        serving = asyncio.create_task(p.student.serve(host, 0))
        servers: list[Any] = []
        try:
            for _ in range(int(wait / 0.01)):
                await asyncio.sleep(0.01)
                if serving.done():
                    found["returned"] = True
                    serving.result()  # the student's error, if it raised
                    return
                servers = [s for s in _servers() if id(s) not in old and s.sockets]
                if servers:
                    break
            if not servers:
                return
            found["server"] = True
            port = servers[0].sockets[0].getsockname()[1]
            ours.append(socket.create_connection((host, port), wait))  # the kernel completes it
            reader, writer = await asyncio.open_connection(sock=ours[0])
            writer.write(text.encode())
            await writer.drain()
            found["reply"] = (await asyncio.wait_for(reader.read(1024), wait)).decode("utf-8", "replace")
            found["handled_by_handle"] = code is not None and any(
                getattr(t.get_coro(), "cr_code", None) is code for t in asyncio.all_tasks())
        finally:
            await _stop(serving, servers or [s for s in _servers() if id(s) not in old])

    try:
        asyncio.run(main())
    finally:
        for sock in ours:
            sock.close()
    return found


def serve(p: Probe, host: str) -> dict[str, Any]:
    """asyncio.run(serve(host, 0)): it never returns when right; if it does, say so."""
    p.student.handle  # noqa: B018 - the course's API names both; a missing one fails by name
    asyncio.run(p.student.serve(host, 0))
    return {"returned": True}
