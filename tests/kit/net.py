"""Loopback harness for the socket topics: a server in a process of its own, a swarm of clients.

The student's server never runs in the pytest process (the judge): `serve_student` starts it
through a probe of a `Subject` (the student's own process) on port 0, finds the port it got from
the OS with psutil (no collisions, no guessing), and kills it with everything it started when the
check is done, whatever happened. Its OS threads, CPU time and output are read from outside.
`swarm` starts one thread per client, as the lesson does; every client connects and is served
once, then all wait for each other with their connections open, so a server that serves one
connection at a time cannot pass by being merely slow. `serve_ours` runs a server of the judge's
own for the student's clients; `odd_clients` tries an echo server with bad UTF-8 and a reset.
Every socket operation and every wait has a deadline: a wrong server makes a check fail, never
hang.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import struct
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import psutil

from kata.checks import Kind, fail
from kata.judging.subject import Subject

HOST = "127.0.0.1"  # a literal address: no name lookup, so gevent's resolver starts no threads
TIMEOUT = 8.0  # seconds any single socket operation or wait may take before a client gives up
FILES_PER_PROCESS = 200  # what an interpreter holds open besides the clients' sockets
PACE = 64  # clients connecting and not yet served at once: below any listen backlog in use


def ensure_open_files(clients: int) -> None:
    """Let this process (and the servers it starts, which inherit it) hold `clients` sockets."""
    try:
        import resource
    except ImportError:  # Windows: no per-process limit of this kind
        return
    needed = clients + FILES_PER_PROCESS
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        with contextlib.suppress(ValueError, OSError):
            top = needed * 2 if hard == resource.RLIM_INFINITY else min(hard, needed * 2)
            resource.setrlimit(resource.RLIMIT_NOFILE, (top, hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft != resource.RLIM_INFINITY and soft < needed:
        fail(f"这台机器只允许一个进程打开 {soft} 个文件，而这项检查要同时连接 {clients} 个客户端"
             f"（约需 {needed} 个）。这不是你的代码的问题：先运行 `ulimit -n {needed * 2}` 再评分。",
             f"This machine lets a process open only {soft} files, and this check connects "
             f"{clients} clients at once (about {needed} needed). Not your code's fault: run "
             f"`ulimit -n {needed * 2}` first, then grade again.", kind=Kind.MESSAGE)


class StudentServer:
    """The student's server: a probe of `subject` that never returns, watched from outside.

    Everything here is measured by the judge through psutil on the student's process (and any
    process it started): the port it listens on, its OS threads, its CPU time. Nothing is asked
    of the student's process itself, whose main thread is busy serving.
    """

    def __init__(self, subject: Subject) -> None:
        self.subject = subject
        self.port = 0

    def family(self) -> list[psutil.Process]:
        """The student's process and every process it started (alive when asked)."""
        me = psutil.Process(self.subject.pid)
        with contextlib.suppress(psutil.Error):
            return [me, *me.children(recursive=True)]
        return [me]

    def wait_listening(self, timeout: float = 15.0) -> int:
        """Wait until the server listens on a loopback port; return that port.

        If the server's probe ends first (the stub's NotImplementedError, an import error, a
        server that returns), its own failure is raised, told in the student's terms.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.subject.ended():
                self.subject.outcome()  # raises the student's error, if any
                fail("server 还没开始监听就返回了：它应该一直运行，不停地 accept。",
                     "server returned before it listened: it must run forever, accepting.")
            with contextlib.suppress(psutil.Error):
                for p in self.family():
                    for c in p.net_connections("tcp"):
                        if c.status == psutil.CONN_LISTEN and c.laddr.ip in (HOST, "0.0.0.0"):
                            self.port = c.laddr.port
                            return self.port
            time.sleep(0.02)  # polling for a state of another process: there is no event to wait on
        fail(f"等了 {timeout:g} 秒，服务端还没有在 {HOST} 上开始监听：bind 和 listen 了吗？",
             f"After {timeout:g} s the server is still not listening on {HOST}: did it bind and "
             "listen?", kind=Kind.TIMEOUT)

    def returned(self) -> bool:
        """Whether the server's probe has ended (the student's server returned, or failed)."""
        return self.subject.ended()

    def cpu_seconds(self) -> float:
        """CPU time the server process and its children have used so far."""
        total = 0.0
        for p in self.family():
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                total += t.user + t.system
        return total

    def runnable(self) -> bool:
        """Whether the server is running or waiting for a CPU right now (POSIX; never on Windows,
        where psutil cannot tell). A server idle in accept or recv is sleeping instead."""
        if os.name != "posix":
            return False
        with contextlib.suppress(psutil.Error):
            return psutil.Process(self.subject.pid).status() == psutil.STATUS_RUNNING
        return False

    def quietest(self, window: float = 0.3, windows: int = 5) -> tuple[float, float]:
        """The quietest of a few short windows: (CPU share of one core, share of samples runnable).

        An idle server has a quiet window at once; a spinning one never does. On a busy machine
        a spinning server may get little CPU, but it stays runnable all the time, so the two
        measures together tell idle from spinning however loaded the machine is.
        """
        best = (float("inf"), float("inf"))
        for _ in range(windows):
            before, start = self.cpu_seconds(), time.perf_counter()
            samples = runnable = 0
            while time.perf_counter() - start < window:
                runnable += self.runnable()
                samples += 1
                time.sleep(window / 15)  # sampling the other process's state
            share = (self.cpu_seconds() - before) / (time.perf_counter() - start)
            best = min(best, (share, runnable / samples), key=max)
            if max(best) < 0.1:
                break
        return best

    def threads(self) -> int:
        """OS threads of the server process and of every process it started, counted now."""
        total = 0
        for p in self.family():
            with contextlib.suppress(psutil.Error):
                total += p.num_threads()
        return total

    def printed(self) -> str:
        """What the server printed so far (the student's process's stdout, at the fd level)."""
        return self.subject.printed()


@contextlib.contextmanager
def serve_student(subject: Subject, probe: str, clients: int, **params: object) -> Iterator[StudentServer]:
    """Run the probe `probe(**params)` (which starts the student's server on HOST, port 0) in
    `subject` until the block ends; then stop the process and everything it started."""
    ensure_open_files(clients)  # before the process starts: it inherits the limit
    try:
        subject.start(probe, **params)
        server = StudentServer(subject)
        server.wait_listening()
        yield server
    finally:
        subject.close()


@dataclass
class Client:
    """One client of a swarm: what it got and, if something went wrong, where and what."""

    index: int
    local_port: int = 0
    replies: list[bytes] = field(default_factory=list)
    stage: str = "connect"  # the step it is at; a failure happened at this step
    error: str = ""  # empty: all went well
    knock_on: bool = False  # stopped only because another client failed first
    said_goodbye: bool = False  # its farewell ran to the end
    last_words: bytes = b""  # what the farewell returned: what the server sent at the end
    farewell_error: str = ""  # what went wrong in the farewell, which is not a failure to talk


@dataclass
class Swarm:
    clients: list[Client]
    seconds: float  # from the first connect until every conversation ended

    def failed(self) -> list[Client]:
        return [c for c in self.clients if c.error and not c.knock_on]

    def summary(self) -> tuple[str, str]:
        """Where the first failures happened, in words, for a check's message."""
        failed = self.failed()
        stages: dict[str, int] = {}
        for c in failed:
            stages[c.stage] = stages.get(c.stage, 0) + 1
        where = ", ".join(f"{stage}: {n}" for stage, n in stages.items())
        example = failed[0].error if failed else ""
        return (f"{len(failed)} 个客户端出错（{where}），例如：{example}",
                f"{len(failed)} client(s) failed ({where}), e.g. {example}")

    def require_done(self) -> None:
        """Fail a check that needs every conversation finished, pointing at the one that says why."""
        if self.failed():
            zh, en = self.summary()
            fail("客户端没能全部完成对话，所以这一项无法检查（先看“同时服务 500 个客户端”那一项）。" + zh,
                 "Not every client finished its conversation, so this cannot be checked (see the "
                 "check about serving 500 clients at once first). " + en)


Talk = Callable[[socket.socket, Client], None]
Converse = Callable[[socket.socket, Client, threading.Barrier], None]


def swarm(port: int, n: int, first: Talk, converse: Converse, *,
          farewell: Callable[[socket.socket, Client], bytes] | None = None,
          meanwhile: Callable[[], None] | None = None, timeout: float = TIMEOUT) -> Swarm:
    """n threads, one connection each, all connected and served once before any goes on.

    Each client connects and makes a `first(conn, client)` exchange, which shows the server
    accepted it; then it waits until all n have done so, and runs `converse(conn, client,
    together)`, where `together` is a barrier of the n clients to keep later rounds in step.
    A server that serves one connection at a time answers one client, which then holds on to
    its connection, so the rest are never served: it fails within `timeout`.

    At most PACE clients are between their connect and the end of their first exchange at
    any moment: more connections than the server's listen backlog (often 128, the default of
    a plain `listen()`) waiting to be accepted make the kernel drop handshakes, and those
    clients then wait seconds for a retransmission however good the server is.

    When all are done, `meanwhile()` runs once while every connection is still open; then each
    client that went well runs `farewell(conn, client)` (what it returns is kept as
    `last_words`), and all close. When one client fails, the barrier breaks, so the others
    stop at once (marked knock_on) instead of each waiting for its own timeout.
    """
    ensure_open_files(n)
    pace = threading.BoundedSemaphore(PACE)
    together = threading.Barrier(n, timeout=timeout)
    finished = threading.Barrier(n + 1, timeout=3 * timeout)  # the n clients and this thread
    leave = threading.Event()
    clients = [Client(i) for i in range(n)]

    def run(client: Client) -> None:
        conn = None
        try:
            if not pace.acquire(timeout=3 * timeout):
                raise threading.BrokenBarrierError
            try:
                if together.broken:  # someone failed already: do not even connect
                    raise threading.BrokenBarrierError
                conn = socket.create_connection((HOST, port), timeout=timeout)
                client.local_port = conn.getsockname()[1]
                client.stage = "first exchange"
                first(conn, client)
            finally:
                pace.release()
            client.stage = "wait for all to be served once"
            together.wait()
            converse(conn, client, together)
            client.stage = "done"
        except threading.BrokenBarrierError:
            client.error, client.knock_on = "another client failed first", True
        except OSError as exc:
            client.error = f"{client.stage}: {exc!r}"
            together.abort()
        with contextlib.suppress(threading.BrokenBarrierError):
            finished.wait()
        if conn is not None:
            with conn:
                if not client.error and farewell is not None and leave.wait(3 * timeout):
                    try:
                        client.last_words = farewell(conn, client)
                        client.said_goodbye = True
                    except OSError as exc:
                        client.farewell_error = f"{client.stage}: {exc!r}"

    threads = [threading.Thread(target=run, args=(c,), name=f"client-{c.index}") for c in clients]
    start = time.perf_counter()
    for t in threads:
        t.start()
    with contextlib.suppress(threading.BrokenBarrierError):
        finished.wait()
    seconds = time.perf_counter() - start
    try:
        if meanwhile is not None:
            meanwhile()
    finally:
        leave.set()
        for t in threads:
            t.join(4 * timeout)
    return Swarm(clients, seconds)


def recv_exactly(conn: socket.socket, size: int) -> bytes:
    """Read until `size` bytes came (a reply may arrive in pieces) or the peer closed."""
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def closes_after(conn: socket.socket) -> bytes:
    """Half-close our side and return what the server still sends before it closes its own.

    b'' means the server saw our close and closed in turn. A server that never closes makes
    this raise TimeoutError after the socket's timeout.
    """
    conn.shutdown(socket.SHUT_WR)
    rest = b""
    while chunk := conn.recv(1024):
        rest += chunk
    return rest


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@contextlib.contextmanager
def serve_ours(handle: Handler, clients: int) -> Iterator[int]:
    """A server of the test's own (asyncio, in one background thread) on a free port; yields it.

    `handle(reader, writer)` runs per connection on the server's thread, so what it records
    needs no lock. On exit the server stops and every connection it holds is closed.
    """
    ensure_open_files(clients)
    ready, box = threading.Event(), {}

    async def main() -> None:
        box["loop"], box["stop"] = asyncio.get_running_loop(), asyncio.Event()
        server = await asyncio.start_server(handle, HOST, 0, backlog=clients + 16)
        box["port"] = server.sockets[0].getsockname()[1]
        ready.set()
        await box["stop"].wait()
        server.close()  # then asyncio.run cancels the handlers, which close their connections

    thread = threading.Thread(target=asyncio.run, args=(main(),), name="test-server")
    thread.start()
    try:
        if not ready.wait(TIMEOUT):
            raise RuntimeError("the test's own server did not start")
        yield box["port"]
    finally:
        if "stop" in box:
            box["loop"].call_soon_threadsafe(box["stop"].set)
        thread.join(TIMEOUT)


LINGER_OFF = struct.pack("HH" if os.name == "nt" else "ii", 1, 0)  # close sends RST, not FIN


def ask(conn: socket.socket, data: bytes) -> bytes:
    conn.sendall(data)
    return conn.recv(1024)


def odd_clients(port: int, timeout: float) -> dict[str, object]:
    """Odd clients of an upper-case echo server, run while a swarm holds its connections: one
    sends bytes that are not UTF-8 and then talks on, one resets its connection and another
    comes after it. What each got (b'' when the server closed), or the error it met.

    No odd client closes its connection before all have run: a handler that spins on b'' would
    freeze the server, and every later one would report that instead of its own case.
    """
    found: dict[str, object] = {}
    with contextlib.ExitStack() as keep:
        def connect() -> socket.socket:
            return keep.enter_context(socket.create_connection((HOST, port), timeout))

        try:
            odd = connect()
            found["bad utf-8"] = ask(odd, b"\xff\xfe hello")
            found["after bad utf-8"] = ask(odd, "你好 hello again".encode())
        except OSError as exc:
            found.setdefault("bad utf-8", exc)
            found.setdefault("after bad utf-8", exc)
        try:
            with socket.create_connection((HOST, port), timeout) as rude:
                ask(rude, b"hello before reset")
                rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_OFF)
            # the server's next read fails with ConnectionResetError
            found["after reset"] = ask(connect(), "你好 hello after reset".encode())
        except OSError as exc:
            found["after reset"] = exc
    return found
