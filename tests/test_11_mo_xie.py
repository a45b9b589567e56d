"""11_mo_xie (默写): the server and the client, written from memory, each checked on its own.

The student's server runs once, in its own process, against 500 threaded clients that all hold
their connections open at once; its OS threads are counted while they do.
The student's client runs in a fresh interpreter against a server of the test's own.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from kit.net import HOST, Client, Swarm, keep_printed, serve_ours, serve_student, swarm

from kata.checks import CheckFailed, expect, expect_lines, fail

CLIENTS = 500
ROUNDS = 3
FAREWELL_TIMEOUT = 3.0
OWN_THREADS = 10  # gevent's resolver may start up to 10 threads of its own; a connection each is 500
CLIENT_TIMEOUT = 8.0

SERVER = """
from kata.student import Module
serve = Module(load("server.py"), path / "server.py").serve
{keep_printed}
serve({host!r}, 0, {rounds})
"""

CLIENT = """
from kata.student import Module
client = Module(load("client.py"), path / "client.py").client
client({host!r}, {port}, {rounds})
"""

NOT_RUN = ("not_started", "missing", "syntax")  # the student's code never got to talk


@dataclass
class ServerRun:
    swarm: Swarm
    printed: list[str]
    threads_before: int
    threads_during: list[int]  # sampled while all 500 connections were open


@pytest.fixture(scope="module")
def served(source: Path, target: Path, tmp_path_factory: pytest.TempPathFactory) -> ServerRun:
    printed = tmp_path_factory.mktemp("server") / "printed.txt"
    code = SERVER.format(keep_printed=keep_printed(printed), host=HOST, rounds=ROUNDS)
    during: list[int] = []
    with serve_student(source, target, code, CLIENTS) as server:
        before = server.threads()

        def first(conn: socket.socket, client: Client) -> None:
            client.stage = "round 1"
            client.replies.append(conn.recv(1024))

        def converse(conn: socket.socket, client: Client, together) -> None:
            conn.sendall(b"bye")
            if together.wait() == 0:  # all answered round 1, none can finish: one client counts
                during.append(server.threads())
            for round_ in range(1, ROUNDS):
                client.stage = f"round {round_ + 1}"
                client.replies.append(conn.recv(1024))
                conn.sendall(b"bye")
                together.wait()

        def farewell(conn: socket.socket, client: Client) -> bytes:
            client.stage = "wait for the server to close after the last round"
            conn.settimeout(FAREWELL_TIMEOUT)
            return conn.recv(1024)  # b'': the server closed

        crowd = swarm(server.port, CLIENTS, first, converse, farewell=farewell)
    lines = printed.read_text(encoding="utf-8", errors="replace").splitlines() if printed.exists() else []
    return ServerRun(crowd, lines, before, during)


@dataclass
class OurServer:
    """The test's server for the student's client: hello, then wait for the reply, ROUNDS times."""

    replies: list[bytes] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            for _ in range(ROUNDS):
                writer.write(b"hello")
                await writer.drain()
                data = await reader.read(1024)
                if not data:
                    break
                self.replies.append(data)
            await reader.read()  # keep the connection open until the client closes it
        except ConnectionError:
            pass
        finally:
            writer.close()


@dataclass
class ClientRun:
    server: OurServer
    lines: list[str] = field(default_factory=list)
    failure: CheckFailed | None = None


@pytest.fixture(scope="module")
def talked(isolated) -> ClientRun:
    ours = OurServer()
    with serve_ours(ours.handle, 1) as port:
        try:
            out = isolated(CLIENT.format(host=HOST, port=port, rounds=ROUNDS), timeout=CLIENT_TIMEOUT)
        except CheckFailed as failure:
            return ClientRun(ours, failure=failure)
    return ClientRun(ours, out.lines)


def test_server_serves_500_clients_at_once(served):
    """服务端：500 个客户端同时保持连接，每一轮每个都收到 hello
    server: 500 clients hold their connections open at once, each greeted every round"""
    if served.swarm.failed():
        zh, en = served.swarm.summary()
        fail(f"{CLIENTS} 个客户端各自连上并一直保持连接，一轮一轮地对话，但没有全部完成。{zh}。"
             "服务端是不是一次只处理一个连接（直接调用处理函数、没有 spawn，或者忘了 monkey.patch_all()）？",
             f"{CLIENTS} clients each connected and kept the connection open, talking round by "
             f"round, but not all finished. {en}. Does the server handle one connection at a time (calling the "
             "handler instead of spawning it, or no monkey.patch_all())?")


def test_server_sends_hello_each_round(served):
    """服务端：每一轮先发送 b'hello'
    server: each round starts with b'hello'"""
    served.swarm.require_done()
    wrong = [c for c in served.swarm.clients if c.replies != [b"hello"] * ROUNDS]
    expect(not wrong,
           f"每个客户端应收到 {[b'hello'] * ROUNDS}，例如客户端 {wrong[0].index if wrong else 0} "
           f"收到的是 {wrong[0].replies if wrong else []}。",
           f"Every client should get {[b'hello'] * ROUNDS}; e.g. client "
           f"{wrong[0].index if wrong else 0} got {wrong[0].replies if wrong else []}.")


def test_server_stops_after_rounds(served):
    """服务端：rounds 轮之后关闭这个连接
    server: after `rounds` rounds it closes that connection"""
    served.swarm.require_done()
    extra = [c for c in served.swarm.clients if c.said_goodbye and c.last_words]
    silent = [c for c in served.swarm.clients if not c.said_goodbye]
    expect(not extra and not silent,
           f"serve(ip, port, rounds={ROUNDS}) 应在 {ROUNDS} 轮后关闭连接：{len(extra)} 个客户端又收到了 "
           f"{extra[0].last_words if extra else b''!r}，{len(silent)} 个客户端等了 {FAREWELL_TIMEOUT:g} "
           "秒连接也没有关闭。rounds 不为 None 时，循环 rounds 次后退出，并 close。",
           f"serve(ip, port, rounds={ROUNDS}) should close each connection after {ROUNDS} rounds: "
           f"{len(extra)} client(s) got {extra[0].last_words if extra else b''!r} more, "
           f"{len(silent)} waited {FAREWELL_TIMEOUT:g} s and the connection stayed open. With "
           "rounds not None, loop rounds times, then leave the loop and close.")


def test_server_prints_each_reply(served):
    """服务端：打印收到的每一条回复（b'bye' 或 bye）
    server: prints every reply it gets (b'bye' or bye)"""
    served.swarm.require_done()
    byes = sum("bye" in line for line in served.printed)  # b'bye', bye, or with more words
    expect(byes >= CLIENTS * ROUNDS,
           f"{CLIENTS} 个客户端各回复 {ROUNDS} 次 b'bye'，服务端应打印 {CLIENTS * ROUNDS} 行，"
           f"实际只有 {byes} 行含有 bye（前几行输出：{served.printed[:3]}）。",
           f"{CLIENTS} clients replied b'bye' {ROUNDS} times each, so the server should print "
           f"{CLIENTS * ROUNDS} lines; only {byes} lines contain bye (first lines: "
           f"{served.printed[:3]}).")


def test_server_uses_one_os_thread(served):
    """服务端：500 个连接同时在线时，进程里没有为连接开线程（单线程并发）
    server: with 500 connections open, the process runs no thread per connection"""
    served.swarm.require_done()
    most = max(served.threads_during)
    expect(most - served.threads_before <= OWN_THREADS,
           f"500 个连接同时在线时，服务端进程有 {most} 个操作系统线程（开始监听时是 "
           f"{served.threads_before} 个）：看起来是每个连接一个线程。这一课要的是单线程并发：用 "
           "gevent.spawn 开协程。",
           f"With 500 connections open the server process ran {most} OS threads ({served.threads_before} "
           "when it started listening): that looks like a thread per connection. This lesson is "
           "about concurrency in one thread: gevent.spawn a greenlet per connection.")


def test_client_answers_each_hello_with_bye(talked):
    """客户端：每收到一次 hello 就回复 b'bye'
    client: answers each hello with b'bye'"""
    if talked.failure is not None and talked.failure.kind in NOT_RUN:
        raise talked.failure
    expect(talked.server.replies == [b"bye"] * ROUNDS,
           f"测试服务端发了 {ROUNDS} 次 b'hello'，应收到 {[b'bye'] * ROUNDS}，实际收到 "
           f"{talked.server.replies}。",
           f"The test server sent b'hello' {ROUNDS} times and expected {[b'bye'] * ROUNDS}; it got "
           f"{talked.server.replies}.")


def test_client_returns_after_rounds(talked):
    """客户端：rounds 轮之后返回（不再等下一条消息）
    client: returns after `rounds` rounds, waiting for no further message"""
    if talked.failure is not None:
        if talked.failure.kind != "timeout":
            raise talked.failure
        fail(f"client(ip, port, rounds={ROUNDS}) 在 {CLIENT_TIMEOUT:g} 秒内没有返回：测试服务端在 "
             f"{ROUNDS} 轮之后不再发消息，客户端应该在 {ROUNDS} 轮之后关闭套接字并返回。",
             f"client(ip, port, rounds={ROUNDS}) did not return within {CLIENT_TIMEOUT:g} s: the "
             f"test server sends nothing after {ROUNDS} rounds, so the client should close its "
             f"socket and return after {ROUNDS} rounds.", kind="timeout")


def test_client_prints_each_hello_decoded(talked):
    """客户端：把收到的每条消息解码后打印（hello）
    client: prints each message it gets, decoded (hello)"""
    if talked.failure is not None:
        raise talked.failure
    expect_lines(talked.lines, ["hello"] * ROUNDS,
                 f"客户端应打印 {ROUNDS} 行 hello（recv 到的字节解码成字符串再打印）。",
                 f"The client should print hello {ROUNDS} times (decode the bytes it got, then print).")
