"""11_mo_xie (默写): the server and the client, written from memory, each checked on its own.

Each file runs in a process of its own (tests/probes/mo_xie.py loads only the file it runs). The
student's server runs once against 500 threaded clients that all hold their connections open at
once and answer each hello with a bye that carries a word drawn afresh for every run; the judge
counts the server process's OS threads (psutil) while they do, and reads what it printed from its
stdout file. The student's client talks to a server of the judge's own, which sends a hello with
a fresh word every round, so what the client prints cannot be written down in advance. The
number of rounds is drawn for every run too.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field

import pytest
from kit import hidden
from kit.net import HOST, Client, Swarm, serve_ours, serve_student, swarm

from kata.checks import CheckFailed, Kind, expect, expect_lines, fail

CLIENTS = 500
ROUNDS = hidden.integer(2, 4)  # at least 2: the server's threads are counted before the last round
FAREWELL_TIMEOUT = 3.0
OWN_THREADS = 10  # gevent's resolver may start up to 10 threads of its own; a connection each is 500
CLIENT_TIMEOUT = 8.0
BYES = [[f"bye {hidden.word(8)}" for _ in range(ROUNDS)] for _ in range(CLIENTS)]  # what our clients say
HELLOS = [f"hello {hidden.word()}" for _ in range(ROUNDS)]  # what our server says to the student's client
NOT_RUN = ("not_started", "missing", "syntax")  # the student's code never got to talk


@dataclass
class ServerRun:
    swarm: Swarm
    printed: list[str]
    threads_before: int
    threads_during: list[int]  # sampled while all 500 connections were open


@pytest.fixture(scope="module")
def served(new_subject) -> ServerRun:
    during: list[int] = []
    with serve_student(new_subject(), "serve", CLIENTS, host=HOST, rounds=ROUNDS) as server:
        before = server.threads()

        def first(conn: socket.socket, client: Client) -> None:
            client.stage = "round 1"
            client.replies.append(conn.recv(1024))

        def converse(conn: socket.socket, client: Client, together) -> None:
            conn.sendall(BYES[client.index][0].encode())
            if client.index == 0:  # every connection is served, and none can end before this client
                during.append(server.threads())  # reaches the barrier: the last bye comes after it
            together.wait()
            for round_ in range(1, ROUNDS):
                client.stage = f"round {round_ + 1}"
                client.replies.append(conn.recv(1024))
                conn.sendall(BYES[client.index][round_].encode())
                together.wait()

        def farewell(conn: socket.socket, client: Client) -> bytes:
            client.stage = "wait for the server to close after the last round"
            conn.settimeout(FAREWELL_TIMEOUT)
            return conn.recv(1024)  # b'': the server closed

        crowd = swarm(server.port, CLIENTS, first, converse, farewell=farewell)
        printed = server.printed().splitlines()
    return ServerRun(crowd, printed, before, during)


@dataclass
class OurServer:
    """The judge's server for the student's client: a hello, then wait for the reply, ROUNDS times."""

    replies: list[bytes] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            for hello in HELLOS:
                writer.write(hello.encode())
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
def talked(subject) -> ClientRun:
    ours = OurServer()
    with serve_ours(ours.handle, 1) as port:
        try:
            reply = subject.call("client", timeout=CLIENT_TIMEOUT, host=HOST, port=port, rounds=ROUNDS)
        except CheckFailed as failure:
            return ClientRun(ours, failure=failure)
    return ClientRun(ours, reply.lines)


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
    """服务端：打印收到的每一条回复（b'bye ...' 或 bye ...）
    server: prints every reply it gets (b'bye ...' or bye ...)"""
    served.swarm.require_done()
    text = "\n".join(served.printed)
    said = [bye for byes in BYES for bye in byes]
    missing = [bye for bye in said if bye not in text]
    expect(not missing,
           f"{CLIENTS} 个客户端各回复了 {ROUNDS} 次（每次是 bye 加一个每次评分随机抽取的词，例如 "
           f"{said[0]!r}），服务端应把收到的每条回复都打印出来；其中 {len(missing)} 条没有出现在输出里"
           f"（例如 {missing[:2]}；前几行输出：{served.printed[:3]}）。recv 到什么就 print 什么。",
           f"{CLIENTS} clients replied {ROUNDS} times each (bye and a word drawn afresh for every "
           f"run, e.g. {said[0]!r}), and the server should print every reply it got; {len(missing)} "
           f"of them never appeared in its output (e.g. {missing[:2]}; first lines: "
           f"{served.printed[:3]}). Print whatever recv returned.")


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
    sent = [hello.encode() for hello in HELLOS]
    expect(talked.server.replies == [b"bye"] * ROUNDS,
           f"测试服务端依次发了 {sent}，应收到 {[b'bye'] * ROUNDS}，实际收到 {talked.server.replies}。",
           f"The test server sent {sent} in turn and expected {[b'bye'] * ROUNDS}; it got "
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
             f"socket and return after {ROUNDS} rounds.", kind=Kind.TIMEOUT)


def test_client_prints_each_hello_decoded(talked):
    """客户端：把收到的每条消息解码后打印（hello ...）
    client: prints each message it gets, decoded (hello ...)"""
    if talked.failure is not None:
        raise talked.failure
    expect_lines(talked.lines, HELLOS,
                 f"测试服务端依次发了 {ROUNDS} 条消息（hello 加一个每次评分随机抽取的词），客户端应把收到的每一条"
                 "解码成字符串后打印出来，每条一行：print(data.decode('utf-8'))。",
                 f"The test server sent {ROUNDS} messages in turn (hello and a word drawn afresh for "
                 "every run); the client should print each one it got, decoded to text, one per line: "
                 "print(data.decode('utf-8')).")
