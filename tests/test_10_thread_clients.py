"""10_thread_clients: a socket per thread, messages that name their thread, every thread joined.

The student's clients run in a process of their own (tests/probes/thread_clients.py) against a
server of the judge's own, which answers each message upper-cased after about 0.1 s and records,
per connection, the client port and every message it got, and the most connections it ever had
open at once. It holds back the first reply on each connection until every thread's connection
has come (for a few seconds at most), so threads started together are all open at one moment,
and threads run in batches never are. The crowd's size and the number of messages are drawn
afresh for every run, and the single client runs in a thread whose name is drawn too. The crowd
runs once; several checks read what it showed.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from dataclasses import dataclass, field

import pytest
from kit import hidden
from kit.net import HOST, serve_ours

from kata.checks import CheckFailed, Kind, expect, fail

THREADS = hidden.integer(300, 500)
COUNT = hidden.integer(2, 3)
DELAY = 0.1  # the server's pause before each reply: it keeps every client busy for a while
GATE = 3.0  # the longest the first reply on a connection waits for the other connections
TOGETHER = 0.8  # share of the threads whose connections must be open at one moment
SINGLE_COUNT = hidden.integer(2, 5)
SINGLE_NAME = f"kata-{hidden.word()}"  # the thread the single client runs in
CROWD_TIMEOUT = 15.0  # one after another would take THREADS * GATE: 900 s or more
LINGER = 8.0  # threads run_clients left running may end within this, so that the server sees them
NOT_RUN = ("not_started", "missing", "syntax")  # the student's code never got to talk


@dataclass
class Seen:
    """What the test's server saw: each connection's client port and messages, and the most
    connections it ever had open at once.

    The first reply on each connection waits until `expected` connections have come (at most
    GATE seconds): threads started together are then all open at one moment, however slowly a
    busy machine starts them, while threads run in batches never are (each batch waits out
    the gate). Every reply also waits DELAY, which keeps every client busy for a while.
    """

    expected: int
    connections: list[tuple[int, list[str]]] = field(default_factory=list)
    open_now: int = 0
    peak: int = 0  # the most connections open at one moment
    _everyone: asyncio.Event | None = None

    def everyone(self) -> asyncio.Event:
        if self._everyone is None:  # made inside the server's loop
            self._everyone = asyncio.Event()
        return self._everyone

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        messages: list[str] = []
        self.connections.append((writer.get_extra_info("peername")[1], messages))
        if len(self.connections) >= self.expected:
            self.everyone().set()
        self.open_now += 1
        self.peak = max(self.peak, self.open_now)
        try:
            while data := await reader.read(1024):
                messages.append(data.decode("utf-8", errors="replace"))
                if len(messages) == 1:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(self.everyone().wait(), GATE)
                await asyncio.sleep(DELAY)
                writer.write(data.upper())
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            self.open_now -= 1
            writer.close()


@dataclass
class Run:
    seen: Seen
    value: object = None
    alive: list[str] = field(default_factory=list)
    failure: CheckFailed | None = None

    def result(self) -> Run:
        """The run, if the student's code finished; else its failure, told to the student."""
        if self.failure is not None:
            raise self.failure
        return self


def run_against_our_server(subject, probe: str, clients: int, timeout: float, **params) -> Run:
    seen = Seen(clients)
    with serve_ours(seen.handle, clients) as port:
        try:
            reply = subject.call(probe, timeout=timeout, host=HOST, port=port, **params)
        except CheckFailed as failure:
            return Run(seen, failure=failure)
    value = reply.value or {}
    return Run(seen, value.get("value"), value.get("alive", []))


@pytest.fixture(scope="module")
def single(subject) -> Run:
    return run_against_our_server(subject, "client", 1, 10, count=SINGLE_COUNT,
                                  thread_name=SINGLE_NAME)


@pytest.fixture(scope="module")
def crowd(subject) -> Run:
    run = run_against_our_server(subject, "run_clients", THREADS, CROWD_TIMEOUT,
                                 n_threads=THREADS, count=COUNT, linger=LINGER)
    if run.failure is not None and run.failure.kind == Kind.TIMEOUT:
        run.failure = CheckFailed(
            f"run_clients({THREADS} 个线程, 每个 {COUNT} 条消息) 在 {CROWD_TIMEOUT:g} 秒内没有结束"
            f"（同一时刻最多只有 {run.seen.peak} 个连接打开）。测试服务端每条回复要等 {DELAY:g} 秒"
            f"（每个连接的第一条回复还要等所有线程都连上，最多 {GATE:g} 秒）：线程同时运行只需约 "
            f"{COUNT * DELAY:g} 秒再加上启动线程的时间，一个接一个则要 {THREADS * GATE:g} 秒以上。"
            "先把所有线程都 start，再逐个 join；并确认每个线程用自己的套接字，而不是和别人抢同一个连接。",
            f"run_clients({THREADS} threads, {COUNT} messages each) did not finish in "
            f"{CROWD_TIMEOUT:g} s (at most {run.seen.peak} of {THREADS} connections were open at "
            f"once). The test server answers each message after {DELAY:g} s (the first one on each "
            f"connection also waits until every thread has connected, for at most {GATE:g} s): "
            f"threads running at once need about {COUNT * DELAY:g} s plus the time to start them, "
            f"one after another over {THREADS * GATE:g} s. Start every thread first, then join "
            "each one; and make sure each thread has a socket of its own rather than fighting "
            "over one.",
            kind=Kind.TIMEOUT, seconds=CROWD_TIMEOUT)
    return run


def expected_messages(name: str, count: int) -> list[str]:
    return [f"{name} say hello {i}" for i in range(count)]


def test_client_sends_messages_named_after_its_thread(single):
    """client 在一个连接上依次发送 count 条 '<线程名> say hello <i>'
    client sends count messages '<thread name> say hello <i>' over one connection"""
    run = single.result()
    got = [messages for _, messages in run.seen.connections]
    want = [expected_messages(SINGLE_NAME, SINGLE_COUNT)]
    expect(got == want,
           f"在名为 {SINGLE_NAME!r} 的线程里调用 client(ip, port, {SINGLE_COUNT})，服务端应在一个连接上"
           f"收到 {want}，实际是 {got}。线程名用 threading.current_thread().name 取得（每次评分的线程名都不同）。",
           f"client(ip, port, {SINGLE_COUNT}) called in a thread named {SINGLE_NAME!r}: the server "
           f"should get {want} over one connection; it got {got}. Take the name from "
           "threading.current_thread().name (the thread's name changes from run to run).")


def test_client_returns_the_replies(single):
    """client 返回服务端的每条回复（解码后的字符串）
    client returns each of the server's replies, decoded to str"""
    run = single.result()
    want = [m.upper() for m in expected_messages(SINGLE_NAME, SINGLE_COUNT)]
    expect(run.value == want, f"client 应返回 {want}，实际返回 {run.value!r}。",
           f"client should return {want}; it returned {run.value!r}.")


def test_each_thread_has_its_own_socket(crowd):
    """每个线程用自己的套接字：服务端看到 n 个不同的客户端端口
    each thread uses a socket of its own: the server sees n distinct client ports"""
    if crowd.failure is not None and crowd.failure.kind in NOT_RUN:
        raise crowd.failure
    ports = {port for port, _ in crowd.seen.connections}
    shared = [port for port, messages in crowd.seen.connections
              if sum(m.count(" say hello ") for m in messages) > COUNT]  # more than one thread's
    if not shared and len(ports) < THREADS and crowd.failure is not None:
        raise crowd.failure  # the run stopped before every thread connected, for another reason
    expect(not shared and len(ports) == THREADS,
           f"{THREADS} 个线程，服务端却只看到 {len(ports)} 个不同的客户端端口"
           f"{'，而且有的连接上来了好几个线程的消息' if shared else ''}。套接字要在 client "
           "函数里面创建：放在函数外面，所有线程就共用同一个套接字，端口永远一样。",
           f"{THREADS} threads, yet the server saw {len(ports)} distinct client port(s)"
           f"{', and messages from several threads came over one connection' if shared else ''}. "
           "Create the socket inside client(): made outside, every thread shares one socket, and "
           "the port never changes.")


def test_messages_carry_thread_names(crowd):
    """每个线程的消息都带着自己的线程名，结果以线程名为键
    each thread's messages carry its own name, and the result is keyed by thread name"""
    run = crowd.result()
    names = sorted(run.value) if isinstance(run.value, dict) else []
    expect(len(names) == THREADS,
           f"run_clients 应返回 {THREADS} 个键（每个线程名一个），实际有 {len(names)} 个。",
           f"run_clients should return {THREADS} keys, one per thread name; got {len(names)}.")
    got = sorted(messages for _, messages in run.seen.connections)
    want = sorted(expected_messages(name, COUNT) for name in names)
    expect(got == want,
           f"服务端收到的消息和线程名对不上：例如收到 {got[:2]}，按返回的线程名应为 {want[:2]}。"
           "消息格式是 '<线程名> say hello <i>'，线程名用 threading.current_thread().name。",
           f"The messages the server got do not match the thread names: e.g. got {got[:2]}, "
           f"expected {want[:2]} from the names returned. The format is '<thread name> say hello "
           "<i>', with the name from threading.current_thread().name.")


def test_replies_are_returned_per_thread(crowd):
    """run_clients 返回 {线程名: 该线程收到的回复列表}
    run_clients returns {thread name: the replies that thread got}"""
    run = crowd.result()
    value = run.value if isinstance(run.value, dict) else {}
    wrong = {name: replies for name, replies in value.items()
             if replies != [m.upper() for m in expected_messages(name, COUNT)]}
    expect(value and not wrong,
           f"有 {len(wrong)} 个线程的回复不对，例如 {dict(list(wrong.items())[:2])}；每个线程应得到"
           f"自己 {COUNT} 条消息的大写形式。",
           f"{len(wrong)} thread(s) have wrong replies, e.g. {dict(list(wrong.items())[:2])}; "
           f"each thread should get its own {COUNT} messages back upper-cased.")


def test_every_thread_is_joined(crowd):
    """run_clients 返回时所有客户端线程都已结束（全部 join 过）
    when run_clients returns, every client thread has ended (each was joined)"""
    run = crowd.result()
    expect(not run.alive,
           f"run_clients 返回时还有 {len(run.alive)} 个线程在运行（例如 {run.alive[:3]}）："
           "启动所有线程之后要逐个 join，等它们都结束再返回结果。",
           f"When run_clients returned, {len(run.alive)} thread(s) were still running (e.g. "
           f"{run.alive[:3]}): after starting every thread, join each one before returning.")


def test_threads_run_at_once(crowd):
    """所有线程同时运行：测试服务端看到至少 80% 的连接同时打开
    the threads run at once: the test server sees at least 80% of the connections open together"""
    if crowd.failure is not None and crowd.failure.kind in NOT_RUN:
        raise crowd.failure
    need = math.ceil(TOGETHER * THREADS)
    peak = crowd.seen.peak
    if peak >= need:
        crowd.result()  # they overlapped; if the run failed otherwise, say that instead
        return
    fail(f"run_clients 开了 {THREADS} 个线程，测试服务端却最多只看到 {peak} 个连接同时打开（应至少 "
         f"{need} 个，即 {TOGETHER:.0%}）。测试服务端会把每个连接的第一条回复压住，直到 {THREADS} 个连接"
         f"都连上（最多等 {GATE:g} 秒），之后每条回复再等 {DELAY:g} 秒：一起启动的线程因此会在同一时刻"
         "全部连着。只有一小批连接同时打开，说明线程是一批一批（或一个一个）运行的：比如每启动几个就 "
         "join 一次，或者 start 之后马上 join。先把所有线程都 start，再逐个 join。",
         f"run_clients ran {THREADS} threads, yet the test server never saw more than {peak} "
         f"connection(s) open at once (at least {need}, {TOGETHER:.0%}, expected). The test server "
         f"holds back the first reply on each connection until all {THREADS} have connected (for "
         f"at most {GATE:g} s), and then waits {DELAY:g} s before each reply, so threads started "
         "together are all connected at one moment. Only a few connections open at once means the "
         "threads ran in batches (or one by one): joining every few starts, or right after each "
         "start. Start every thread first, then join each one.",
         kind=Kind.MESSAGE, peak=peak, at_least=need)
