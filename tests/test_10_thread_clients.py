"""10_thread_clients: a socket per thread, messages that name their thread, every thread joined.

The student's clients run in a fresh interpreter against a server of the test's own, which
answers each message upper-cased after about 0.1 s and records, per connection, the client port
and every message it got. The crowd runs once; several checks read what it showed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest
from kit.net import HOST, serve_ours

from kata.checks import CheckFailed, expect, fail

THREADS = 500
COUNT = 2
DELAY = 0.1  # the server's pause before each reply: it keeps every client busy for a while
SINGLE_COUNT = 3
CROWD_TIMEOUT = 15.0  # one after another would take THREADS * COUNT * DELAY = 100 s

RUN = """
import threading, time
from kata.student import Module
student = Module(m, path)
before = set(threading.enumerate())
start = time.perf_counter()
got = student.{call}
seconds = time.perf_counter() - start
alive = [t.name for t in threading.enumerate() if t not in before]
result = {{"value": got, "alive": alive, "seconds": seconds}}
"""


@dataclass
class Seen:
    """What the test's server saw: each connection's client port and messages."""

    connections: list[tuple[int, list[str]]] = field(default_factory=list)
    open_now: int = 0
    peak: int = 0  # the most connections open at one moment

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        messages: list[str] = []
        self.connections.append((writer.get_extra_info("peername")[1], messages))
        self.open_now += 1
        self.peak = max(self.peak, self.open_now)
        try:
            while data := await reader.read(1024):
                messages.append(data.decode("utf-8", errors="replace"))
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
    seconds: float = 0.0
    failure: CheckFailed | None = None

    def result(self) -> Run:
        """The run, if the student's code finished; else its failure, told to the student."""
        if self.failure is not None:
            raise self.failure
        return self


def run_against_our_server(isolated, call: str, clients: int, timeout: float) -> Run:
    seen = Seen()
    with serve_ours(seen.handle, clients) as port:
        try:
            out = isolated(RUN.format(call=call.format(host=HOST, port=port)), timeout=timeout)
        except CheckFailed as failure:
            return Run(seen, failure=failure)
    return Run(seen, **out.value)


@pytest.fixture(scope="module")
def single(isolated) -> Run:
    return run_against_our_server(isolated, f"client({{host!r}}, {{port}}, {SINGLE_COUNT})", 1, 10)


@pytest.fixture(scope="module")
def crowd(isolated) -> Run:
    run = run_against_our_server(isolated, f"run_clients({{host!r}}, {{port}}, {THREADS}, {COUNT})",
                                 THREADS, CROWD_TIMEOUT)
    if run.failure is not None and run.failure.kind == "timeout":
        run.failure = CheckFailed(
            f"run_clients({THREADS} 个线程, 每个 {COUNT} 条消息) 在 {CROWD_TIMEOUT:g} 秒内没有结束。"
            f"测试服务端每条回复要等 {DELAY:g} 秒：线程同时运行只需约 {COUNT * DELAY:g} 秒，一个接一个"
            f"则要 {THREADS * COUNT * DELAY:g} 秒。先把所有线程都 start，再逐个 join；"
            "并确认每个线程用自己的套接字，而不是和别人抢同一个连接。",
            f"run_clients({THREADS} threads, {COUNT} messages each) did not finish in "
            f"{CROWD_TIMEOUT:g} s. The test server answers each message after {DELAY:g} s: threads "
            f"running at once need about {COUNT * DELAY:g} s, one after another "
            f"{THREADS * COUNT * DELAY:g} s. Start every thread first, then join each one; and "
            "make sure each thread has a socket of its own rather than fighting over one.",
            kind="timeout", seconds=CROWD_TIMEOUT)
    return run


def expected_messages(name: str, count: int) -> list[str]:
    return [f"{name} say hello {i}" for i in range(count)]


def test_client_sends_messages_named_after_its_thread(single):
    """client 在一个连接上依次发送 count 条 '<线程名> say hello <i>'
    client sends count messages '<thread name> say hello <i>' over one connection"""
    run = single.result()
    got = [messages for _, messages in run.seen.connections]
    want = [expected_messages("MainThread", SINGLE_COUNT)]
    expect(got == want,
           f"在主线程里调用 client(ip, port, {SINGLE_COUNT})，服务端应在一个连接上收到 {want}，"
           f"实际是 {got}。",
           f"client(ip, port, {SINGLE_COUNT}) called in the main thread: the server should get "
           f"{want} over one connection; it got {got}.")


def test_client_returns_the_replies(single):
    """client 返回服务端的每条回复（解码后的字符串）
    client returns each of the server's replies, decoded to str"""
    run = single.result()
    want = [m.upper() for m in expected_messages("MainThread", SINGLE_COUNT)]
    expect(run.value == want, f"client 应返回 {want}，实际返回 {run.value!r}。",
           f"client should return {want}; it returned {run.value!r}.")


def test_each_thread_has_its_own_socket(crowd):
    """每个线程用自己的套接字：服务端看到 n 个不同的客户端端口
    each thread uses a socket of its own: the server sees n distinct client ports"""
    if crowd.failure is not None and crowd.failure.kind in ("not_started", "missing", "syntax"):
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
    """所有线程同时运行：总耗时远小于一个接一个的耗时
    the threads run at once: far quicker than one after another"""
    run = crowd.result()
    serial = THREADS * COUNT * DELAY
    if run.seen.peak < 2 or run.seconds > serial / 10:
        fail(f"同一时刻最多只有 {run.seen.peak} 个连接，用了 {run.seconds:.2f} 秒（一个接一个约 "
             f"{serial:g} 秒）：先把所有线程都 start，再逐个 join。",
             f"At most {run.seen.peak} connection(s) were open at once, and it took "
             f"{run.seconds:.2f} s (one after another: about {serial:g} s): start every thread "
             "first, then join each one.", kind="timing", measured=round(run.seconds, 3),
             at_most=serial / 10)
