"""13_asyncio_mirror (bonus): topic 07, 12's bounded map and 09's server again, in asyncio.

The student's module runs in a process of its own (the `subject`); probes.asyncio_mirror runs
each coroutine with asyncio.run beside a task of ours that counts the other tasks suspended in
an await at once and notes whether the loop was free to run at all, and it notes which asyncio
task printed each line. Every time is the judge's. Then, in the same process, serve runs once for
a single visit (the asyncio Server it started and the task handling the connection are looked
at), and once for good, on a free loopback port, against a swarm of threaded clients as in 09:
replies, what it printed, its OS threads (psutil) with every connection open, odd clients, and
its CPU use after everyone left. Sizes, delays and words are drawn afresh for every run.
"""

from __future__ import annotations

import heapq
import re
import socket
import time
from dataclasses import dataclass, field

import pytest
from kit import hidden
from kit.net import HOST, Client, Swarm, closes_after, odd_clients, recv_exactly, serve_student, swarm

from kata.checks import CheckFailed, Kind, expect, expect_lines, expect_time, fail

TASK = r"Task \d+ done"


class Part:
    """One request, made once: the judge's reply, or the failure it met (every check reading it
    fails alike)."""

    def __init__(self, subject, probe: str, timeout: float = 4.0, **params) -> None:
        self.params = params
        try:
            self.reply, self.failure = subject.call(probe, timeout=timeout, **params), None
        except CheckFailed as failure:
            self.reply, self.failure = None, failure

    @property
    def seen(self) -> dict:
        if self.failure is not None:
            raise self.failure.with_traceback(None)  # re-raised by every check: keep it short
        value = self.reply.value
        if isinstance(value, dict) and "not_async" in value:
            name = value["not_async"]
            fail(f"{name} 不是协程函数：本题的每个函数都要用 async def 定义，测试用 asyncio.run 运行它们。",
                 f"{name} is not a coroutine function: every function of this topic is an async def, "
                 "and the checks run them with asyncio.run.")
        return value

    @property
    def seconds(self) -> float:
        self.seen  # noqa: B018 - raises the part's failure, if it met one
        return self.reply.seconds

    def tasks(self) -> list[str]:
        return [f"Task {i} done" for i in range(self.params["n"])]

    def origins(self, pattern: str = TASK) -> list[dict]:
        return [o for o in self.seen["origins"] if re.fullmatch(pattern, o["line"])]


class Background(Part):
    """A request started in another process and left to run while this one does other things;
    its answer is collected when a check first reads it. The judge times it as any request."""

    def __init__(self, subject, probe: str, timeout: float = 4.0, **params) -> None:
        self.params, self.subject, self.timeout = params, subject, timeout
        self.reply, self.failure, self.collected = None, None, False
        try:
            subject.start(probe, **params)
        except CheckFailed as failure:
            self.failure, self.collected = failure, True
        self.started = time.perf_counter()

    def collect(self) -> None:
        if self.collected:
            return
        self.collected = True
        while not self.subject.ended():
            if time.perf_counter() - self.started > self.timeout:
                self.subject.close()
                name = self.subject.source.name
                self.failure = CheckFailed(
                    f"{name} 没有在 {self.timeout:g} 秒内完成：有没有永远不结束的循环，或者阻塞了整个线程？",
                    f"{name} did not finish in {self.timeout:g} s: a loop that never ends, or a call "
                    "that blocks the whole thread?", kind=Kind.TIMEOUT, seconds=self.timeout)
                return
            time.sleep(0.01)  # the answer arrives on the judge's reader thread; look again soon
        try:
            self.reply = self.subject.outcome()
        except CheckFailed as failure:
            self.failure = failure

    @property
    def seen(self) -> dict:
        self.collect()
        return super().seen


BLOCKED = ("事件循环在这段时间里一直被阻塞：协程里的 time.sleep 不会让出，整个循环连同所有任务都停在那里。"
           "用 await asyncio.sleep(delay)。",
           "The event loop was blocked all along: a time.sleep inside a coroutine never yields, so "
           "the loop and every task stop with it. Use await asyncio.sleep(delay).")


# -- the coroutine functions ----------------------------------------------------------------
@pytest.fixture(scope="module")
def aside(subject, new_subject) -> tuple:
    """Two more processes for the student's module, started now, without waiting: synchronous
    runs in one and blocking_mistake in the other while the other parts run here. Both only
    sleep, and their times are judged by lower bounds, which no busy machine can break."""
    others = new_subject(), new_subject()
    for other in others:
        other.prepare()
    return others


@pytest.fixture(scope="module")
def kinds(subject, aside) -> Part:
    return Part(subject, "kinds")


@pytest.fixture(scope="module")
def one(subject) -> Part:
    return Part(subject, "task", i=hidden.integer(0, 99), delay=hidden.number(0.05, 0.06))


def test_written_with_asyncio_alone(kinds, one):
    """每个函数都是 async def，只用 asyncio、不导入 gevent，task 在 asyncio.run 下运行
    every function is an async def, with asyncio alone and no gevent import; task runs under asyncio.run"""
    plain = [name for name, is_async in kinds.seen["async"].items() if not is_async]
    expect(not plain,
           f"{', '.join(plain)} 不是协程函数：本题每个函数都要用 async def 定义，测试用 asyncio.run 运行它们。",
           f"{', '.join(plain)} {'is' if len(plain) == 1 else 'are'} not coroutine functions: every "
           "function of this topic is an async def, and the checks run them with asyncio.run.")
    found = kinds.seen["imported"]
    expect(not found,
           f"导入这个文件时也导入了 {', '.join(found)}：本题只用 asyncio，不要 import gevent（也不要打补丁）。",
           f"Importing this file imported {', '.join(found)}: this topic uses asyncio only; do not "
           "import gevent (nor patch).")
    one.seen  # noqa: B018 - task must also run: raises what it met, if anything


def test_task_prints_after_its_delay(one):
    """task(i, delay) 等 delay 秒后打印 Task i done
    task(i, delay) prints Task i done after delay seconds"""
    i, d = one.params["i"], one.params["delay"]
    expect_lines(one.seen["lines"], [f"Task {i} done"],
                 f"task({i}, {d}) 应打印一行 Task {i} done。", f"task({i}, {d}) must print one line, Task {i} done.")
    expect_time(one.seconds, at_least=round(d - 0.002, 3),
                zh=f"task({i}, {d}) 只用了 {one.seconds:.3f} 秒，应先 await asyncio.sleep({d}) 再打印。",
                en=f"task({i}, {d}) took only {one.seconds:.3f} s; it should await asyncio.sleep({d}) "
                   "before printing.")


def test_task_yields_while_it_sleeps(one):
    """task 睡觉时让出事件循环：别的任务照常运行
    task yields the event loop while it sleeps: other tasks run meanwhile"""
    ticks, d = one.seen["ticks"], one.params["delay"]
    expect(ticks >= 1,  # a blocked loop never lets it run at all: 0
           f"task 睡 {d} 秒期间，旁边一个每 {d / 5 * 1000:.0f} 毫秒醒一次的任务只运行了 {ticks} 次（应约 5 次）。"
           + BLOCKED[0],
           f"While task slept {d} s, a task beside it that wakes every {d / 5 * 1000:.0f} ms ran "
           f"{ticks} time(s) (about 5 expected). " + BLOCKED[1])


# -- synchronous / asynchronous, as topic 07 ------------------------------------------------
@pytest.fixture(scope="module")
def drawn() -> tuple[int, float]:
    """n tasks of delay seconds: n*delay one after another is a floor no overlap can reach."""
    return hidden.integer(4, 6), hidden.number(0.05, 0.055)


@pytest.fixture(scope="module")
def asyn(subject, drawn) -> Part:
    n, d = drawn
    return Part(subject, "asynchronous", n=n, delay=d)


@pytest.fixture(scope="module")
def sync(aside, drawn, asyn) -> Background:
    """synchronous, started aside once asynchronous is done: it sleeps there while bounded_gather
    and the server run here, and its checks (at the end of this file) read it then."""
    n, d = drawn
    return Background(aside[0], "synchronous", n=n, delay=d)


def test_asynchronous_prints_every_task_then_done(asyn):
    """asynchronous 打印全部 n 行 Task i done，最后打印 DONE
    asynchronous prints all n Task i done lines, then DONE last"""
    lines, n, d = asyn.seen["lines"], asyn.params["n"], asyn.params["delay"]
    if not (lines[-1:] == ["DONE"] and sorted(lines[:-1]) == sorted(asyn.tasks())):
        expect_lines(lines, asyn.tasks() + ["DONE"],
                     f"asynchronous({n}, {d}) 应打印 {n} 行 Task i done（先后不限），最后一行是 DONE："
                     "等 gather（或 TaskGroup）里的任务全部结束之后才打印 DONE。",
                     f"asynchronous({n}, {d}) must print {n} lines Task i done (in any order) and DONE "
                     "last: print DONE once every task of the gather (or TaskGroup) has ended.")


def test_asynchronous_runs_each_task_as_a_task_of_its_own(asyn):
    """asynchronous：每行 Task i done 由它自己的 asyncio 任务打印，DONE 由 asynchronous 自己打印
    asynchronous: each Task i done line comes from an asyncio task of its own, DONE from asynchronous itself"""
    n, d = asyn.params["n"], asyn.params["delay"]
    how = (f"把 task(0, {d}) … task({n - 1}, {d}) 一起交给 asyncio.gather（它把每个协程包成一个任务），"
           "或者在 async with asyncio.TaskGroup() 里逐个 create_task；全部结束后再打印 DONE。",
           f"Hand task(0, {d}) ... task({n - 1}, {d}) to asyncio.gather together (it wraps each "
           "coroutine in a task), or create_task each inside async with asyncio.TaskGroup(); print "
           "DONE once all have ended.")
    tasks = asyn.origins()
    expect(tasks, f"asynchronous({n}, {d}) 没有打印任何 Task i done。" + how[0],
           f"asynchronous({n}, {d}) printed no Task i done line. " + how[1])
    direct = [o["line"] for o in tasks if o["task"] == "main"]
    expect(not direct,
           f"{direct[:2]} 是 asynchronous 自己直接 await task(...) 打印的，没有建成任务：直接 await 协程就是"
           "一个接一个地运行。" + how[0],
           f"{direct[:2]} came from asynchronous awaiting task(...) itself, not from tasks of their "
           "own: awaiting coroutines directly runs them one after another. " + how[1])
    labels = [o["task"] for o in tasks]
    expect(len(set(labels)) == len(labels),
           f"{len(labels)} 行 Task i done 只来自 {len(set(labels))} 个任务：每个 task(i) 要是一个单独的任务。" + how[0],
           f"{len(labels)} Task i done lines came from only {len(set(labels))} task(s): each task(i) "
           "must be a task of its own. " + how[1])
    done = [o for o in asyn.seen["origins"] if o["line"] == "DONE"]
    expect(done and all(o["task"] == "main" for o in done),
           "DONE 应由 asynchronous 自己在所有任务结束之后打印，而不是在某个任务里打印。",
           "DONE must be printed by asynchronous itself after every task ended, not inside a task.")


def _why_serial(part: Part) -> tuple[str, str]:
    if part.seen["ticks"] == 0:
        return BLOCKED
    return ("任务是一个接一个运行的：是不是每建一个任务就马上 await 它（for 循环里 await asyncio.create_task(...)）？"
            "先把所有任务都建好（或者一起交给 asyncio.gather），再一起等。",
            "The tasks ran one after another: is each task awaited as soon as it is created "
            "(await asyncio.create_task(...) inside the for loop)? Create them all first (or hand "
            "them all to asyncio.gather together), then wait for them together.")


def test_asynchronous_tasks_sleep_at_the_same_time(asyn):
    """asynchronous：n 个任务同时停在 await asyncio.sleep 上
    asynchronous: all n tasks are suspended in await asyncio.sleep at the same time"""
    n, d, most = asyn.params["n"], asyn.params["delay"], asyn.seen["suspended"]
    zh, en = _why_serial(asyn)
    expect(most >= n,
           f"asynchronous({n}, {d}) 运行时，同一时刻最多只有 {most} 个任务停在 await 上等待，"
           f"应有 {n} 个同时在睡。" + zh,
           f"While asynchronous({n}, {d}) ran, at most {most} task(s) were suspended in an await at "
           f"once; all {n} should sleep at the same time. " + en)


def test_asynchronous_takes_about_one_delay(asyn):
    """asynchronous 的睡眠全部重叠：用时约 delay，而不是 n*delay
    asynchronous overlaps every sleep: about delay, not n*delay"""
    n, d, seconds = asyn.params["n"], asyn.params["delay"], asyn.seconds
    zh, en = (_why_serial(asyn) if seconds >= n * d * 0.8 else
              ("所有任务的睡眠应互相重叠，并且要等它们全部结束。",
               "The tasks' sleeps must overlap, and all must be waited for."))
    expect_time(seconds, at_least=round(d - 0.002, 3), at_most=round(max(0.6 * n, 3) * d, 3),
                zh=f"asynchronous({n}, {d}) 用了 {seconds:.3f} 秒，应约为 {d} 秒。" + zh,
                en=f"asynchronous({n}, {d}) took {seconds:.3f} s, about {d} s expected. " + en)


# -- bounded_gather: topic 12's bounded_map in asyncio -------------------------------------
def in_turn(naps: list[float], limit: int) -> float:
    """How long the naps take when started in input order, each as soon as one of `limit`
    slots is free."""
    slots = [0.0] * limit
    for nap in naps:
        heapq.heappush(slots, heapq.heappop(slots) + nap)
    return max(slots)


@pytest.fixture(scope="module")
def gathered(subject, sync, blocked) -> Part:
    """2*limit + 1 jobs, the first sleeping twice as long (it ends after later ones): about 3
    naps with the limit, 2 without, 2*limit + 2 one after another. (synchronous and
    blocking_mistake go aside first, to sleep there meanwhile.)"""
    limit = hidden.integer(2, 3)
    nap = hidden.number(0.05, 0.06)
    naps = [round(2 * nap, 3)] + [nap] * (2 * limit)
    return Part(subject, "bounded_gather", naps=naps, values=[hidden.word() for _ in naps], limit=limit)


def test_bounded_gather_returns_results_in_input_order(gathered):
    """bounded_gather 按输入顺序返回每个 func(item) 的结果
    bounded_gather returns each func(item)'s result in input order"""
    want, got = gathered.params["values"], gathered.seen["value"]
    expect(got == want,
           f"bounded_gather 应返回 {want}，实际是 {got}。第一个调用睡得最久、最后结束：结果要按 items 的顺序排列"
           "（asyncio.gather 正是按参数顺序返回的）。",
           f"bounded_gather must return {want}; got {got}. The first call sleeps longest and ends "
           "last: order the results as the items came (asyncio.gather returns them in argument "
           "order).")


def test_bounded_gather_never_runs_more_than_limit_at_once(gathered):
    """bounded_gather 同一时刻最多 limit 个 func 在运行
    bounded_gather never has more than limit calls of func under way at once"""
    seen, limit = gathered.seen, gathered.params["limit"]
    expect(seen["peak"] <= limit,
           f"bounded_gather 同一时刻有 {seen['peak']} 个 func 在运行，最多只能有 limit = {limit} 个。"
           "建一个 sem = asyncio.Semaphore(limit)，每个调用都在 async with sem: 里 await func(item)；"
           "建了信号量却不用它，等于没有限制。",
           f"bounded_gather had {seen['peak']} calls of func under way at once; at most limit = "
           f"{limit} may be. Make sem = asyncio.Semaphore(limit) and await each func(item) inside "
           "`async with sem:`; a semaphore made but never entered limits nothing.")


def test_bounded_gather_keeps_limit_calls_running(gathered):
    """bounded_gather 真的同时运行 limit 个调用，而不是一个接一个
    bounded_gather really keeps limit calls under way together, not one after another"""
    seen, limit = gathered.seen, gathered.params["limit"]
    expect(seen["peak"] >= limit,
           f"bounded_gather 同一时刻最多只有 {seen['peak']} 个 func 在运行（一共调用了 {seen['calls']} 次），"
           f"应有 {limit} 个同时进行：把所有调用一起交给 asyncio.gather，由信号量决定谁先进。",
           f"bounded_gather had at most {seen['peak']} call(s) of func under way at once "
           f"({seen['calls']} made in all); {limit} should run together: hand every call to "
           "asyncio.gather at once and let the semaphore decide who goes in.")


def test_bounded_gather_queues_on_an_asyncio_semaphore(gathered):
    """多出来的调用在一个 asyncio.Semaphore 上排队
    the calls beyond the limit queue on an asyncio.Semaphore"""
    seen, limit = gathered.seen, gathered.params["limit"]
    none = not seen["semaphores"]
    expect(not none and seen["locked"],
           f"limit = {limit} 个 func 同时在运行时，{'没有任何' if none else '没有一个'} asyncio.Semaphore"
           f"{'' if none else '是满的'}：用 asyncio.Semaphore({limit})，每个调用 async with sem: await func(item)，"
           "多出来的就在门外排队。（按 limit 个一批地 gather 也不会超过上限，但每一批都要等最慢的那个，"
           "其余的位置白白空着。）",
           f"While limit = {limit} calls of func ran, "
           f"{'there was no asyncio.Semaphore' if none else 'no asyncio.Semaphore was full'}: use "
           f"asyncio.Semaphore({limit}) and `async with sem: await func(item)` in each call, so "
           "that the rest queue at the door. (Gathering batches of limit keeps the limit too, but "
           "each batch waits for its slowest call while its other slots stand idle.)")


def test_bounded_gather_takes_about_three_naps(gathered):
    """bounded_gather 用时约 3 个 nap：比不设上限长，比一个接一个短得多
    bounded_gather takes about 3 naps: longer than with no limit, far shorter than one by one"""
    naps, limit, seconds = gathered.params["naps"], gathered.params["limit"], gathered.seconds
    total = round(sum(naps), 3)
    floor = round(max(max(naps), total / limit) - 0.002, 3)  # no schedule of limit at once is faster
    pooled = in_turn(naps, limit)
    bound = round(pooled + 0.8 * (total - pooled), 3)
    expect_time(seconds, at_least=floor, at_most=bound,
                zh=f"bounded_gather 处理 {len(naps)} 个调用（各睡 {naps} 秒）、limit={limit}，用了 {seconds:.3f} 秒。"
                   f"每次最多 {limit} 个时约需 {pooled:.3f} 秒；一个接一个至少 {total:g} 秒；少于 {floor:g} 秒说明"
                   f"同时运行的超过了 {limit} 个。",
                en=f"bounded_gather took {seconds:.3f} s for {len(naps)} calls (sleeping {naps} s) "
                   f"with limit={limit}. {limit} at a time needs about {pooled:.3f} s; one after "
                   f"another, {total:g} s at least; under {floor:g} s means more than {limit} ran at once.")


# -- serve, once for a single visit ---------------------------------------------------------
@pytest.fixture(scope="module")
def visit(subject) -> Part:
    return Part(subject, "serve_once", timeout=6.0, host=HOST, text=f"你好 hello {hidden.word(8)}", wait=2.0)


def test_serve_runs_handle_through_asyncio_start_server(visit):
    """serve 用 asyncio.start_server(handle, ...) 监听：每个连接由一个运行 handle 的任务处理
    serve listens with asyncio.start_server(handle, ...): each connection is handled by a task running handle"""
    seen, text = visit.seen, visit.params["text"]
    how = ("在 serve 里 server = await asyncio.start_server(handle, ip, port)，再 async with server: "
           "await server.serve_forever()。",
           "In serve: server = await asyncio.start_server(handle, ip, port), then async with "
           "server: await server.serve_forever().")
    expect(not seen["returned"], "serve 还没开始服务就返回了：它应该一直运行。" + how[0],
           "serve returned before serving: it must run forever. " + how[1])
    expect(seen["server"], "serve 运行 2 秒后还没有一个 asyncio 的 Server 在监听。" + how[0],
           "After 2 s, serve had no asyncio Server listening. " + how[1])
    expect(seen["reply"] == text.upper(),
           f"连上 serve 的服务端、发送 {text!r} 之后，应收到 {text.upper()!r}，实际是 {seen['reply']!r}。",
           f"Connected to serve's server, sending {text!r} should get {text.upper()!r} back; got "
           f"{seen['reply']!r}.")
    expect(seen["handled_by_handle"],
           "连接已经建立并得到了回复，但没有任何任务在运行 handle：把 handle 本身交给 asyncio.start_server，"
           "由事件循环为每个连接运行它。" + how[0],
           "The connection was made and answered, but no task was running handle: hand handle "
           "itself to asyncio.start_server, so that the event loop runs it for each connection. " + how[1])


# -- serve, for good: many clients at once, as in topic 09 (it ends this process) ----------
CLIENTS = 200
ROUNDS = 2
WORDS = [[hidden.word(8) for _ in range(ROUNDS)] for _ in range(CLIENTS)]  # drawn for every run
BUSY_SHARE = 0.3  # of one core: a spinning handler takes all it can get, an idle server ~0
BUSY_RUNNABLE = 0.5  # a spinning server is always runnable, even when a busy machine starves it
FAREWELL_TIMEOUT = 3.0
OWN_THREADS = 2  # asyncio serves every connection in the loop's thread; none per connection


def text(client: int, round_: int) -> str:
    """Only ASCII letters are cased, so upper() of the bytes and of the decoded text agree."""
    return f"你好 hello {client}.{round_} {WORDS[client][round_]}"


def message(client: int, round_: int) -> bytes:
    return text(client, round_).encode()


@dataclass
class Run:
    swarm: Swarm
    cpu_share: float
    runnable: float
    threads_before: int
    threads_during: int  # -1: never were all connections open
    printed: str
    returned: bool
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
        together.wait()


def farewell(conn: socket.socket, client: Client) -> bytes:
    client.stage = "wait for the server to close after the client did"
    conn.settimeout(FAREWELL_TIMEOUT)
    return closes_after(conn)


@pytest.fixture(scope="module")
def run(subject, visit) -> Run:
    """(After the single visit, which needs this process running.)"""
    probes: dict[str, object] = {}
    during: list[int] = []
    with serve_student(subject, "serve", CLIENTS, host=HOST) as server:
        before = server.threads()

        def meanwhile() -> None:  # every client is connected, served, and holds on
            during.append(server.threads())
            probes.update(odd_clients(server.port, FAREWELL_TIMEOUT))

        crowd = swarm(server.port, CLIENTS, first, converse, farewell=farewell, meanwhile=meanwhile)
        cpu, runnable = server.quietest(window=0.2)
        printed, returned = server.printed(), server.returned()
    everyone = not crowd.failed() and bool(during)
    return Run(crowd, cpu, runnable, before, during[0] if everyone else -1, printed, returned, probes)


def test_clients_are_served_at_once(run):
    """200 个客户端同时保持连接，每个都得到回复，一轮一轮同步进行
    200 clients hold their connections open at once, and each is answered, round by round"""
    if run.swarm.failed():
        zh, en = run.swarm.summary()
        fail(f"{CLIENTS} 个客户端各自连上、发出第一条消息，并且一直保持连接，但并没有全部得到回复。{zh}。"
             "handle 里的每次等待都要 await（reader.read、writer.drain）；一个阻塞的调用"
             "（time.sleep、普通的 socket.recv）会让整个事件循环停下，其他连接都等不到回复。",
             f"{CLIENTS} clients each connected and sent a first message, keeping their "
             f"connections open, but not all were answered. {en}. Every wait in handle must be "
             "awaited (reader.read, writer.drain); one blocking call (time.sleep, a plain "
             "socket.recv) stops the whole event loop, and no other connection gets a reply.")


def test_every_reply_is_the_message_upper_cased(run):
    """每个客户端的每条消息都被大写后送回（含中文的多字节文本）
    every message comes back upper-cased, multi-byte Chinese text included"""
    run.swarm.require_done()
    for client in run.swarm.clients:
        sent = [message(client.index, r) for r in range(ROUNDS)]
        want = [m.upper() for m in sent]
        expect(client.replies == want,
               f"客户端 {client.index} 发送 {sent}，应收到 {want}，实际收到 {client.replies}。",
               f"Client {client.index} sent {sent}, expected {want} back, got {client.replies}.")


def test_handle_prints_each_message(run):
    """handle 打印收到的每一条消息
    handle prints every message it gets"""
    run.swarm.require_done()
    said = [text(c.index, r).removeprefix("你好 ") for c in run.swarm.clients for r in range(ROUNDS)]
    missing = [m for m in said if m not in run.printed]
    expect(not missing,
           f"服务端收到了 {len(said)} 条消息（每条都带一个每次评分随机抽取的词），其中 {len(missing)} 条没有被打印出来"
           f"（例如 {missing[:2]}）。handle 每读到一条消息就 print 出来（解码时用 errors='replace'）。",
           f"The server got {len(said)} messages (each with a word drawn afresh for every run), "
           f"and {len(missing)} of them were never printed (e.g. {missing[:2]}). handle should print "
           "each message it reads (decoded with errors='replace').")


def test_one_os_thread_serves_every_client(run):
    """所有连接同时在线时，服务端进程仍只有一个线程在服务（事件循环）
    with every connection open, the server process still serves them from one thread (the event loop)"""
    run.swarm.require_done()
    extra = run.threads_during - run.threads_before
    expect(extra <= OWN_THREADS,
           f"{CLIENTS} 个连接同时在线时，服务端进程有 {run.threads_during} 个操作系统线程（开始监听时是 "
           f"{run.threads_before} 个，多了 {extra} 个）：看起来连接是交给线程处理的。asyncio 在一个线程里用事件循环"
           "服务所有连接：asyncio.start_server(handle, ...) 为每个连接运行一个 handle 任务，不要开线程。",
           f"With {CLIENTS} connections open the server process ran {run.threads_during} OS "
           f"threads ({run.threads_before} when it started listening, {extra} more): connections "
           "seem to be handed to threads. asyncio serves every connection from one thread, with "
           "its event loop: asyncio.start_server(handle, ...) runs a handle task per connection; "
           "start no threads.")


def test_handle_closes_when_client_closes(run):
    """客户端关闭后，handle 结束并关闭连接（reader.read 返回 b'' 时退出循环）
    after the client closes, handle ends and closes the connection (reader.read returned b'')"""
    run.swarm.require_done()
    stuck = [c for c in run.swarm.clients if not c.said_goodbye]
    expect(not stuck,
           f"{len(stuck)} 个客户端关闭了自己这一端之后，{FAREWELL_TIMEOUT:g} 秒内服务端都没有关闭连接。"
           "对方关闭后 await reader.read(1024) 会立刻返回 b''：这时必须退出循环并 writer.close()。"
           "课上的循环在这里不会停：read 立刻返回 b''，write(b'') 什么也不做，drain 也不用等，"
           "于是 handle 再也不让出，整个事件循环卡死在这一个连接上。",
           f"{len(stuck)} client(s) closed their side, and the server did not close the "
           f"connection within {FAREWELL_TIMEOUT:g} s. Once the peer closes, await "
           "reader.read(1024) returns b'' at once: leave the loop then and writer.close(). The "
           "lesson's loop never stops there: read returns b'' at once, write(b'') does nothing, "
           "drain has nothing to wait for, so handle never yields again and the whole event loop "
           "is stuck on that one connection.")


def test_no_cpu_spin_after_clients_leave(run):
    """所有客户端离开后，服务端空闲，不占用 CPU
    once every client has left, the server sits idle and uses no CPU"""
    expect(run.cpu_share < BUSY_SHARE and run.runnable < BUSY_RUNNABLE,
           f"所有客户端都断开之后，服务端仍占用约 {run.cpu_share:.0%} 的 CPU，"
           f"并且 {run.runnable:.0%} 的时间都在运行或等待 CPU（空闲的服务端两者都接近 0%）。"
           "reader.read 返回 b'' 时 handle 有没有退出循环？否则它会原地空转，占满一个核。",
           f"After every client disconnected the server still used about {run.cpu_share:.0%} of a "
           f"core, and was running or waiting for a CPU {run.runnable:.0%} of the time (an idle "
           "server: about 0% for both). Does handle leave its loop when reader.read returns b''? "
           "If not, it spins in place and burns a core.")


def test_client_reset_does_not_kill_server(run):
    """一个客户端异常断开（RST）之后，服务端照常服务新的客户端
    after a client resets its connection, the server still serves new clients"""
    got = run.probes.get("after reset")
    want = "你好 HELLO AFTER RESET".encode()
    expect(got == want,
           f"一个客户端用 RST 异常断开之后，新连接发送 '你好 hello after reset' 应收到 {want}，实际是 {got!r}"
           "（b'' 表示服务端关闭了连接）。reader.read 或 writer.drain 会抛出 ConnectionResetError："
           "在 handle 里接住它，关闭这个连接就好。",
           f"After a client reset its connection, a new client sending 'hello after reset' "
           f"expected {want}, got {got!r} (b'' means the server closed it). reader.read or "
           "writer.drain raises ConnectionResetError there: catch it in handle and close that "
           "connection.")


def test_bad_utf8_does_not_end_the_conversation(run):
    """收到不合法的 UTF-8 字节也照常回复，连接继续可用
    bytes that are not valid UTF-8 still get a reply, and the connection goes on"""
    bad, after = run.probes.get("bad utf-8"), run.probes.get("after bad utf-8")
    want_after = "你好 HELLO AGAIN".encode()
    expect(isinstance(bad, bytes) and b"HELLO" in bad and after == want_after,
           f"发送 b'\\xff\\xfe hello'（不是合法的 UTF-8）后收到 {bad!r}，再发 '你好 hello again' "
           f"收到 {after!r}（应为 {want_after}；b'' 表示服务端关闭了连接）。bytes.upper() 对任何字节都行；"
           "打印时用 decode('utf-8', errors='replace')，否则 UnicodeDecodeError 会结束这次对话。",
           f"Sending b'\\xff\\xfe hello' (not valid UTF-8) got {bad!r}; then 'hello again' got "
           f"{after!r} (expected {want_after}; b'' means the server closed it). bytes.upper() works "
           "on any bytes; to print the text, decode with errors='replace', or a UnicodeDecodeError "
           "ends the conversation.")


# -- synchronous, run aside meanwhile ---------------------------------------------------------
def test_synchronous_prints_tasks_in_order(sync):
    """synchronous 按顺序打印 Task 0 done … Task n-1 done
    synchronous prints Task 0 done ... Task n-1 done in order"""
    n, d = sync.params["n"], sync.params["delay"]
    expect_lines(sync.seen["lines"], sync.tasks(),
                 f"synchronous({n}, {d}) 应依次 await task(0, {d}) … task({n - 1}, {d})，每个打印一行。",
                 f"synchronous({n}, {d}) must await task(0, {d}) ... task({n - 1}, {d}) in turn, each "
                 "printing its line.")


def test_synchronous_takes_n_delays(sync):
    """synchronous 一个接一个：用时至少 n*delay
    synchronous runs one task after another: at least n*delay"""
    n, d, seconds = sync.params["n"], sync.params["delay"], sync.seconds
    expect_time(seconds, at_least=round(n * d - 0.002, 3),
                zh=f"synchronous({n}, {d}) 只用了 {seconds:.3f} 秒，应至少 {n * d:g} 秒：在循环里逐个 "
                   "await task(i, delay)，一个做完再做下一个。",
                en=f"synchronous({n}, {d}) took only {seconds:.3f} s, at least {n * d:g} s expected: "
                   "await task(i, delay) in a loop, each after the previous one.")


def test_asynchronous_is_about_n_times_faster(sync, asyn):
    """同步与异步的用时之比约为 n
    the ratio synchronous / asynchronous is about n"""
    n, slow, fast = asyn.params["n"], sync.seconds, asyn.seconds
    ratio = slow / fast if fast else float("inf")
    zh, en = _why_serial(asyn) if ratio < 1.5 else ("", "")
    expect(ratio >= n / 2.5,
           f"同步/异步 = {slow:.3f} / {fast:.3f} 秒 = {ratio:.1f} 倍，{n} 个任务时应约为 {n} 倍"
           f"（至少 {n / 2.5:g}）。" + zh,
           f"sync/async = {slow:.3f} / {fast:.3f} s = {ratio:.1f}x; with {n} tasks it should be "
           f"about {n}x (at least {n / 2.5:g}). " + en, measured=round(ratio, 2))


# -- blocking_mistake: topic 05's run_blocking in asyncio, run aside meanwhile -------------
@pytest.fixture(scope="module")
def blocked(aside, sync) -> Background:
    """blocking_mistake, started aside as synchronous is: both sleep there while the rest runs."""
    return Background(aside[1], "blocking_mistake", n=3, delay=hidden.number(0.04, 0.045))


def test_blocking_mistake_runs_its_tasks_as_asynchronous_does(blocked):
    """blocking_mistake 和 asynchronous 一样：每行 Task i done 来自一个单独的任务，最后打印 DONE
    blocking_mistake runs like asynchronous: each Task i done from a task of its own, then DONE"""
    n, d = blocked.params["n"], blocked.params["delay"]
    lines, tasks = blocked.seen["lines"], blocked.origins()
    how = ("写法和 asynchronous 一样（gather 或 TaskGroup），只是每个任务里用 time.sleep(delay) 代替 "
           "await asyncio.sleep(delay)：要演示的正是这样写为什么还是一个接一个。",
           "Write it as asynchronous is written (gather or a TaskGroup), only with time.sleep(delay) "
           "instead of await asyncio.sleep(delay) in each task: the point is to see why that is "
           "one after another all the same.")
    if not (lines[-1:] == ["DONE"] and sorted(lines[:-1]) == sorted(blocked.tasks())):
        expect_lines(lines, blocked.tasks() + ["DONE"],
                     f"blocking_mistake({n}, {d}) 应打印 {n} 行 Task i done，最后一行是 DONE。" + how[0],
                     f"blocking_mistake({n}, {d}) must print {n} lines Task i done, then DONE. " + how[1])
    labels = [o["task"] for o in tasks]
    expect("main" not in labels and len(set(labels)) == n,
           f"blocking_mistake 的 {n} 行 Task i done 来自 {len(set(labels))} 个任务"
           f"{'（有的是它自己直接打印的）' if 'main' in labels else ''}，应各来自一个单独的任务。" + how[0],
           f"blocking_mistake's {n} Task i done lines came from {len(set(labels))} task(s)"
           f"{' (some printed by the coroutine itself)' if 'main' in labels else ''}; each should "
           "come from a task of its own. " + how[1])


def test_blocking_mistake_takes_n_delays(blocked):
    """blocking_mistake 里的 time.sleep 阻塞事件循环：任务再多也是一个接一个，用时至少 n*delay
    blocking_mistake's time.sleep blocks the event loop: the tasks run one after another, at least n*delay"""
    n, d, seconds = blocked.params["n"], blocked.params["delay"], blocked.seconds
    expect_time(seconds, at_least=round(n * d - 0.002, 3),
                zh=f"blocking_mistake({n}, {d}) 只用了 {seconds:.3f} 秒，应至少 {n * d:g} 秒：每个任务都要用 "
                   "time.sleep(delay) 睡满 delay；time.sleep 不让出，所以它们只能一个接一个。",
                en=f"blocking_mistake({n}, {d}) took only {seconds:.3f} s, at least {n * d:g} s "
                   "expected: each task sleeps its delay with time.sleep(delay), which never yields, "
                   "so they run one after another.")
