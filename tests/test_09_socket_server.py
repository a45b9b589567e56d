"""09_socket_server: one thread, one greenlet per connection, and a handler that knows when to stop.

The student's server runs once, in a process of its own (tests/probes/socket_server.py calls
server(HOST, 0) as written: nothing of the module is replaced, so a handler bound as a default
argument, a closure or a class serves just the same), on a free loopback port; the checks below
read what that one run showed. 500 threaded clients connect and are answered once, wait with
their connections open until all are, then talk on in rounds in step, each message carrying a
word drawn afresh for every run; while every connection is still open the judge counts the
server process's OS threads (psutil) and a few odd clients (one that resets, one that sends bytes
that are not UTF-8) try to upset the server; then every client closes and the server's CPU use
is measured. What the server printed is read from its stdout file (fd level).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

import pytest
from kit import hidden
from kit.net import HOST, Client, Swarm, closes_after, odd_clients, recv_exactly, serve_student, swarm

from kata.checks import expect, fail

CLIENTS = 500
ROUNDS = hidden.integer(2, 3)
BUSY_SHARE = 0.3  # of one core: the lesson's spinning loop takes all it can get, an idle server ~0
BUSY_RUNNABLE = 0.5  # a spinning server is always runnable, even when a busy machine starves it
FAREWELL_TIMEOUT = 3.0
OWN_THREADS = 10  # threads a one-thread server may still start (gevent's resolver: up to 10)
WORDS = [[hidden.word(8) for _ in range(ROUNDS)] for _ in range(CLIENTS)]  # drawn for every run


def text(client: int, round_: int) -> str:
    """What client `client` says in round `round_`: only ASCII letters are cased, so upper() of
    the bytes and of the decoded text agree; the word makes it unknowable in advance."""
    return f"你好 hello {client}.{round_} {WORDS[client][round_]}"


def message(client: int, round_: int) -> bytes:
    return text(client, round_).encode()


@dataclass
class Run:
    swarm: Swarm
    cpu_share: float  # of one core, in the quietest window after every client left
    runnable: float  # share of that window's samples in which the server was running
    threads_before: int  # the server process's OS threads once it listened
    threads_during: int  # ... with every client's connection open (-1: never all were)
    printed: str
    returned: bool  # the server's probe ended: server() returned or raised
    probes: dict[str, object] = field(default_factory=dict)


def exchange(conn: socket.socket, client: Client, round_: int) -> None:
    client.stage = f"round {round_ + 1}"
    msg = message(client.index, round_)
    conn.sendall(msg)
    client.replies.append(recv_exactly(conn, len(msg)))


def first(conn: socket.socket, client: Client) -> None:
    exchange(conn, client, 0)


def converse(conn: socket.socket, client: Client, together) -> None:
    for round_ in range(1, ROUNDS):
        exchange(conn, client, round_)
        together.wait()  # every client got this round's answer before any goes on


def farewell(conn: socket.socket, client: Client) -> bytes:
    client.stage = "wait for the server to close after the client did"
    conn.settimeout(FAREWELL_TIMEOUT)
    return closes_after(conn)


@pytest.fixture(scope="module")
def run(new_subject) -> Run:
    probes: dict[str, object] = {}
    during: list[int] = []
    with serve_student(new_subject(), "serve", CLIENTS, host=HOST) as server:
        before = server.threads()

        def meanwhile() -> None:  # every client is connected, served, and holds on
            during.append(server.threads())
            probes.update(odd_clients(server.port, FAREWELL_TIMEOUT))

        crowd = swarm(server.port, CLIENTS, first, converse, farewell=farewell, meanwhile=meanwhile)
        cpu, runnable = server.quietest()
        printed, returned = server.printed(), server.returned()
    everyone = not crowd.failed() and bool(during)
    return Run(crowd, cpu, runnable, before, during[0] if everyone else -1, printed, returned, probes)


def test_500_clients_are_served_at_once(run):
    """500 个客户端同时保持连接，每个都得到回复，一轮一轮同步进行
    500 clients hold their connections open at once, and each is answered, round by round"""
    if run.swarm.failed():
        zh, en = run.swarm.summary()
        ended_zh = "另外，server() 返回了：它应该永远运行，不停地 accept。" if run.returned else ""
        ended_en = " Also, server() returned: it must run forever, accepting." if run.returned else ""
        fail(f"{CLIENTS} 个客户端各自连上、发出第一条消息，并且一直保持连接，但并没有全部得到回复。{zh}。"
             "如果服务端一次只处理一个连接（直接调用 talk，或者没有打补丁，accept 阻塞了整个线程），"
             "第一个客户端不结束，别人就等不到回复。每 accept 一个连接就 gevent.spawn(talk, conn, addr)，"
             "并在文件开头 monkey.patch_all()。" + ended_zh,
             f"{CLIENTS} clients each connected and sent a first message, keeping their "
             f"connections open, but not all were answered. {en}. A server that handles one "
             "connection at a time (calling talk directly, or unpatched so that accept blocks "
             "the whole thread) leaves everyone waiting for the first client. Spawn "
             "gevent.spawn(talk, conn, addr) per accepted connection, and monkey.patch_all() at "
             "the top of the file." + ended_en)


def test_every_reply_is_the_message_upper_cased(run):
    """每个客户端的每条消息都被原样大写后送回（含中文的多字节文本）
    every message comes back upper-cased, multi-byte Chinese text included"""
    run.swarm.require_done()
    for client in run.swarm.clients:
        sent = [message(client.index, r) for r in range(ROUNDS)]
        want = [m.upper() for m in sent]
        expect(client.replies == want,
               f"客户端 {client.index} 发送 {sent}，应收到 {want}，实际收到 {client.replies}。",
               f"Client {client.index} sent {sent}, expected {want} back, got {client.replies}.")


def test_talk_prints_each_message(run):
    """talk 打印收到的每一条消息
    talk prints every message it gets"""
    run.swarm.require_done()
    said = [text(c.index, r).removeprefix("你好 ") for c in run.swarm.clients for r in range(ROUNDS)]
    missing = [m for m in said if m not in run.printed]
    expect(not missing,
           f"服务端收到了 {len(said)} 条消息（每条都带一个每次评分随机抽取的词），其中 {len(missing)} "
           f"条没有被打印出来（例如 {missing[:2]}）。talk 每收到一条消息就 print 出来（可以加上客户端地址）。",
           f"The server got {len(said)} messages (each with a word drawn afresh for every run), "
           f"and {len(missing)} of them were never printed (e.g. {missing[:2]}). talk should print "
           "each message it gets (with the client's address, if you like).")


def test_one_os_thread_serves_every_client(run):
    """500 个连接同时在线时，服务端进程没有为每个连接开线程（单线程里的协程）
    with 500 connections open, the server process runs no thread per connection"""
    run.swarm.require_done()
    extra = run.threads_during - run.threads_before
    expect(extra <= OWN_THREADS,
           f"{CLIENTS} 个连接同时在线时，服务端进程有 {run.threads_during} 个操作系统线程（开始监听时是 "
           f"{run.threads_before} 个，多了 {extra} 个）：看起来是每个连接一个线程。这一课的重点是单线程并发："
           "用 gevent.spawn 为每个连接开一个协程，而不是开线程。",
           f"With {CLIENTS} connections open the server process ran {run.threads_during} OS "
           f"threads ({run.threads_before} when it started listening, {extra} more): that looks "
           "like a thread per connection. This lesson is about concurrency in one thread: "
           "gevent.spawn a greenlet per connection, not a thread.")


def test_handler_closes_when_client_closes(run):
    """客户端关闭后，talk 结束并关闭连接（recv 返回 b'' 时退出循环）
    after the client closes, talk ends and closes the connection (recv returned b'')"""
    run.swarm.require_done()
    stuck = [c for c in run.swarm.clients if not c.said_goodbye]
    expect(not stuck,
           f"{len(stuck)} 个客户端关闭了自己这一端之后，{FAREWELL_TIMEOUT:g} 秒内服务端都没有关闭连接。"
           "对方关闭后 recv 会立刻返回 b''：必须在这时退出循环并 close，"
           "否则 talk 会不停地 recv 到 b''、send(b'')，永远空转。",
           f"{len(stuck)} client(s) closed their side, and the server did not close the "
           f"connection within {FAREWELL_TIMEOUT:g} s. Once the peer closes, recv returns b'' "
           "at once: leave the loop and close then, or talk spins forever, receiving b'' and "
           "sending b''.")


def test_no_cpu_spin_after_clients_leave(run):
    """所有客户端离开后，服务端空闲，不占用 CPU
    once every client has left, the server sits idle and uses no CPU"""
    expect(run.cpu_share < BUSY_SHARE and run.runnable < BUSY_RUNNABLE,
           f"所有客户端都断开之后，服务端仍占用约 {run.cpu_share:.0%} 的 CPU，"
           f"并且 {run.runnable:.0%} 的时间都在运行或等待 CPU（空闲的服务端两者都接近 0%）。"
           "recv 返回 b'' 时 talk 有没有退出循环？否则它会原地空转，占满一个核。",
           f"After every client disconnected the server still used about {run.cpu_share:.0%} of a "
           f"core, and was running or waiting for a CPU {run.runnable:.0%} of the time (an idle "
           "server: about 0% for both). Does talk leave its loop when recv returns b''? If not, "
           "it spins in place and burns a core.")


def test_client_reset_does_not_kill_server(run):
    """一个客户端异常断开（RST）之后，服务端照常服务新的客户端
    after a client resets its connection, the server still serves new clients"""
    got = run.probes.get("after reset")
    want = "你好 HELLO AFTER RESET".encode()
    expect(got == want,
           f"一个客户端用 RST 异常断开之后，新连接发送 '你好 hello after reset' 应收到 {want}，"
           f"实际是 {got!r}（b'' 表示服务端关闭了连接）。recv 会抛出 ConnectionResetError："
           "在 talk 里处理它，别让它影响服务端。",
           f"After a client reset its connection, a new client sending 'hello after reset' "
           f"expected {want}, got {got!r} (b'' means the server closed it). recv raises "
           "ConnectionResetError there: handle it in talk so that it cannot bring the server down.")


def test_bad_utf8_does_not_end_the_conversation(run):
    """收到不合法的 UTF-8 字节也照常回复，连接继续可用
    bytes that are not valid UTF-8 still get a reply, and the connection goes on"""
    bad, after = run.probes.get("bad utf-8"), run.probes.get("after bad utf-8")
    want_after = "你好 HELLO AGAIN".encode()
    expect(isinstance(bad, bytes) and b"HELLO" in bad and after == want_after,
           f"发送 b'\\xff\\xfe hello'（不是合法的 UTF-8）后收到 {bad!r}，再发 '你好 hello again' "
           f"收到 {after!r}（应为 {want_after}；b'' 表示服务端关闭了连接）。bytes.upper() 对任何字节都行；"
           "如果要打印解码后的文本，"
           "用 decode('utf-8', errors='replace')，否则 UnicodeDecodeError 会结束这次对话。",
           f"Sending b'\\xff\\xfe hello' (not valid UTF-8) got {bad!r}; then 'hello again' got "
           f"{after!r} (expected {want_after}; b'' means the server closed it). bytes.upper() works "
           "on any bytes; to print the text, decode with errors='replace', or a UnicodeDecodeError "
           "ends the conversation.")
