"""08_crawler: every page on the wire at once, errors printed not raised, a Pool to bound it.

The student's module runs in processes of its own, where it patches (or forgets to); probes.crawler
runs each call there, behind a guard that makes any attempt to leave loopback fail at once, and
reports what it returned, printed and tried to reach. Two processes work at the same time:
- the first fetches mocked pages through a requests-mock Adapter mounted on a Session (no lock,
  unlike requests_mock.Mocker) to test what get_page does with each outcome, then crawls real
  pages with a concurrency bound;
- the second crawls real pages one after another, then all at once, each crawl its own request,
  timed by this process (the judge).
The real pages are served by a slow loopback server in this process that counts the requests in
flight, which shows concurrency better than any clock. Page addresses, sizes, statuses and error
texts, the number of pages, their delay and the bound are drawn afresh for every run.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from kit import hidden
from kit.http import SlowHTTPServer, stay_offline
from kit.schedule import pictured

from kata.checks import CheckFailed, Kind, expect, expect_lines, expect_time, fail

SERIAL = 0.5  # s: the least the live run's pages take one after another (pages * delay)
HOLD = 0.5  # s: a request of the bounded or unbounded crawl waits at most this for the others
FAST = 1.0  # s: pages fetched together end within this; one after another, each waits HOLD
MOCKED_TIMEOUT, LIVE_TIMEOUT = 5.0, 8.0  # s per call: a crawl of the live run takes < 0.5 s,
# one that fetches a page at a time about 3-5 s (each waits HOLD + delay)


def draw(options: list[Any]) -> Any:
    return options[hidden.integer(0, len(options) - 1)]


def shuffled(items: list[Any]) -> list[Any]:
    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        j = hidden.integer(0, i)
        items[i], items[j] = items[j], items[i]
    return items


def distinct(count: int, make: Any) -> list[Any]:
    """`count` different values of `make()`."""
    found: list[Any] = []
    while len(found) < count:
        value = make()
        if value not in found:
            found.append(value)
    return found


@dataclass
class Site:
    """The mocked pages: an address for each role, and what each answers."""

    urls: dict[str, str]  # role -> URL
    sizes: dict[str, int]  # "ok", "small" -> the length of their text
    statuses: dict[str, int]  # "missing" -> a 4xx, "broken" -> a 5xx
    texts: dict[str, str]  # "refused", "slow" -> the message of their exception
    crawled: dict[str, int | None]  # the crawl's URLs, in the order given, -> what get_page returns
    mocks: list[dict[str, Any]]  # for the probe's Adapter


ROLES = ("ok", "small", "missing", "broken", "refused", "slow")


def mocked_site() -> Site:
    host = f"http://{hidden.word()}.test"
    urls = dict(zip(ROLES, (f"{host}/{path}" for path in distinct(len(ROLES), hidden.word)), strict=True))
    sizes = {"ok": hidden.integer(300, 3000), "small": hidden.integer(10, 99)}
    statuses = {"missing": draw([403, 404, 410]), "broken": draw([500, 502, 503])}
    texts = {"refused": f"kata: {hidden.word()} refused the connection",
             "slow": f"kata: {hidden.word()} read timed out"}
    mocks = [{"url": urls["ok"], "status": 200, "text": "x" * sizes["ok"]},
             {"url": urls["small"], "status": 200, "text": "y" * sizes["small"]},
             {"url": urls["missing"], "status": statuses["missing"], "text": f"not here: {hidden.word()}"},
             {"url": urls["broken"], "status": statuses["broken"], "text": f"server error: {hidden.word()}"},
             {"url": urls["refused"], "error": "ConnectionError", "message": texts["refused"]},
             {"url": urls["slow"], "error": "ReadTimeout", "message": texts["slow"]}]
    crawled = {urls[role]: sizes.get(role) for role in shuffled(["ok", "small", "missing", "refused", "slow"])}
    return Site(urls, sizes, statuses, texts, crawled, mocks)


@dataclass
class Plan:
    """The live run: how many slow pages, how slow, the bound, and a path segment per crawl."""

    pages: int
    delay: float  # s, each page; pages * delay >= SERIAL
    bound: int
    groups: dict[str, str]  # "sequential", "crawl", "pool", "bench" -> first segment of their paths


def live_plan() -> Plan:
    pages = hidden.integer(5, 8)
    delay = math.ceil(hidden.number(SERIAL, SERIAL * 1.2) / pages * 1000) / 1000  # 63-120 ms
    names = ("sequential", "crawl", "pool", "bench")
    return Plan(pages, delay, hidden.integer(2, 4), dict(zip(names, distinct(len(names), hidden.word), strict=True)))


SITE, PLAN = mocked_site(), live_plan()


@pytest.fixture(scope="module")
def server():
    with SlowHTTPServer() as server:
        yield server


def serve(server: SlowHTTPServer, group: str) -> dict[str, int]:
    """PLAN.pages slow pages for one crawl: {url: size}, sizes all different."""
    paths = distinct(PLAN.pages, hidden.word)
    sizes = distinct(PLAN.pages, lambda: hidden.integer(100, 999))
    return {server.page(f"/{PLAN.groups[group]}/{path}", "z" * size, PLAN.delay): size
            for path, size in zip(paths, sizes, strict=True)}


@pytest.fixture(scope="module")
def sizes(server) -> dict[str, dict[str, int]]:
    """Each group of pages (one per crawl of the live run): {url: size}.

    The requests of the crawls that should overlap wait for each other (up to HOLD): all of
    them, or `bound` of them. Requests sent together are then counted together however unevenly
    a busy machine lets them arrive, and requests sent one at a time never meet.
    """
    server.gather(PLAN.groups["crawl"], PLAN.pages, HOLD)
    server.gather(PLAN.groups["pool"], PLAN.bound, HOLD)
    return {group: serve(server, group) for group in ("crawl", "sequential", "pool")}


def flight(server: SlowHTTPServer, group: str) -> int:
    """The most requests of a group the server held at once."""
    return server.flight(PLAN.groups[group]).most


def ask(subject: Any, probe: str, timeout: float, **params: Any) -> dict[str, Any]:
    """One probe's observations and the judge's time for it; its failure kept, to be raised by
    each check that uses it."""
    try:
        reply = subject.call(probe, timeout=timeout, **params)
    except CheckFailed as failure:
        return {"error": failure}
    value = reply.value if isinstance(reply.value, dict) else {"value": reply.value}
    return {**value, "seconds": reply.seconds}


@pytest.fixture(scope="module")
def runs(subject, new_subject, sizes) -> dict[str, dict[str, Any]]:
    """Both processes work at once; every call is a request of its own."""
    timed = new_subject()

    def first() -> dict[str, Any]:
        got = {role: ask(subject, "get_page", MOCKED_TIMEOUT, url=SITE.urls[role], mocks=SITE.mocks)
               for role in ("ok", "missing", "broken", "refused", "slow")}
        for name in ("crawl", "crawl_sequential"):
            got[name] = ask(subject, name, MOCKED_TIMEOUT, urls=list(SITE.crawled), mocks=SITE.mocks)
        got["pool"] = ask(subject, "crawl", LIVE_TIMEOUT, urls=list(sizes["pool"]), concurrency=PLAN.bound)
        return got

    # The baseline first: it mostly waits, so the crawl that follows runs on a warm interpreter
    # while the other process, started at the same time, is done with its CPU-bound imports.
    def second() -> dict[str, Any]:
        got = {"patched": ask(timed, "patched", LIVE_TIMEOUT).get("value") is True}
        got["sequential"] = ask(timed, "crawl_sequential", LIVE_TIMEOUT, urls=list(sizes["sequential"]))
        got["crawl"] = ask(timed, "crawl", LIVE_TIMEOUT, urls=list(sizes["crawl"]))
        return got

    with ThreadPoolExecutor(2) as pool:
        mocked, live = pool.submit(first), pool.submit(second)
        mocked, live = mocked.result(), live.result()
    return {"mocked": mocked, "live": {**live, "pool": mocked.pop("pool")}}


@pytest.fixture(scope="module")
def mocked(runs) -> dict[str, Any]:
    return runs["mocked"]


@pytest.fixture(scope="module")
def live(runs) -> dict[str, Any]:
    return runs["live"]


def offline(case: dict[str, Any]) -> None:
    """A call that could not run, or tried to leave loopback, fails the check that uses it."""
    if "error" in case:
        raise case["error"]
    stay_offline(case["blocked"], case["lines"])


def returned(case: dict[str, Any], name: str) -> Any:
    """What the call returned; its exception, told as a failure, if it raised."""
    offline(case)
    if "failure" in case:
        failure = case["failure"]
        raise CheckFailed(**{**failure, "zh": f"{name}：{failure['zh']}", "en": f"{name}: {failure['en']}"},
                          output=case["lines"][-40:])
    return case["value"] if case["plain"] else _Shown(case["repr"])


class _Shown:
    """A returned value JSON could not carry as it was: equal to nothing, shown as its repr."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def crawl_pictured(live: dict[str, Any]):
    """A failure inside shows the live crawl's schedule above our crawl in its demonstration:
    the live run itself cannot be repeated without changing what the server counted."""
    return pictured(live["crawl"].get("schedule"), "08_crawler", "timeline", part=1)


def serial_reason(live: dict[str, Any]) -> tuple[str, str]:
    """Why a crawl fetched one page at a time: blocking sockets, or a loop that waits for each."""
    if not live["patched"]:
        return ("socket 没有打补丁，requests 等待网络时会阻塞整个线程，协程只能一个接一个地跑。"
                "在文件最开头（import requests 之前）写 `from gevent import monkey; monkey.patch_all()`。",
                "The sockets are not patched: requests blocks the whole thread while it waits, so "
                "the greenlets run one after another. Put `from gevent import monkey; "
                "monkey.patch_all()` at the very top of the file, before importing requests.")
    return ("页面是一个接一个地抓的：是在普通循环里调用 get_page，还是在循环里 spawn(...).join()？"
            "先为每个网址 spawn 一个协程，再 joinall 一起等。",
            "The pages were fetched one after another: get_page called in a plain loop, or "
            "spawn(...).join() inside the loop? Spawn a greenlet per URL first, then joinall them.")


# ---- get_page and the crawl results, against requests-mock ----

def test_get_page_returns_and_prints_the_size_of_a_200_page(mocked):
    """get_page：状态码 200 时打印 GET 行和收到的字节数，并返回这个数
    get_page: on status 200 it prints the GET line and the bytes received, and returns that count"""
    case, url, want = mocked["ok"], SITE.urls["ok"], SITE.sizes["ok"]
    size = returned(case, "get_page")
    expect(size == want, f"get_page 应返回 len(response.text) = {want}，实际返回 {size!r}。",
           f"get_page must return len(response.text) = {want}; it returned {size!r}.")
    expect_lines(case["lines"], [f"GET: {url}", f"{want} bytes received from {url}"],
                 "get_page 打印的内容不对：先打印 `GET: <url>`，成功后打印 `<n> bytes received from <url>`。",
                 "get_page printed the wrong lines: first `GET: <url>`, then on success "
                 "`<n> bytes received from <url>`.")


@pytest.mark.parametrize("role", ["missing", "broken"], ids=["client_error", "server_error"])
def test_get_page_prints_none_for_another_status(mocked, role):
    """get_page：其他状态码时打印 None 并返回 None
    get_page: on another status it prints None and returns None"""
    case, url, status = mocked[role], SITE.urls[role], SITE.statuses[role]
    value = returned(case, "get_page")
    expect_lines(case["lines"], [f"GET: {url}", "None"],
                 f"状态码是 {status}（不是 200）时，get_page 应在 GET 行之后只打印 None（print(None)）。",
                 f"When the status is {status} (not 200), get_page must print only None (print(None)) "
                 "after the GET line.")
    expect(value is None, f"状态码是 {status}（不是 200）时 get_page 应返回 None，实际返回 {value!r}。",
           f"When the status is {status} (not 200), get_page must return None; it returned {value!r}.")


@pytest.mark.parametrize(("role", "kind"), [("refused", "ConnectionError"), ("slow", "ReadTimeout")],
                         ids=["connection_error", "timeout"])
def test_get_page_prints_a_failed_request_instead_of_raising(mocked, role, kind):
    """get_page：请求失败（连不上、超时）时打印异常、返回 None，绝不抛出
    get_page: a failed request (refused, timed out) is printed and gives None, never raised"""
    case, url, text = mocked[role], SITE.urls[role], SITE.texts[role]
    offline(case)
    if case.get("raised") == kind:
        fail(f"请求失败时 get_page 抛出了 {kind}。爬虫不能因为一个网页失败就停下："
             "用 try/except requests.RequestException（它包括连接错误和超时）捕获，打印异常，返回 None。",
             f"get_page raised {kind} when the request failed. A crawler must not stop for one bad "
             "page: catch requests.RequestException (it covers connection errors and timeouts), "
             "print the exception and return None.", kind=Kind.ERROR, output=case["lines"][-40:])
    value = returned(case, "get_page")
    lines = case["lines"]
    expect(lines[:1] == [f"GET: {url}"] and any(text in line for line in lines[1:]),
           f"请求失败时，get_page 应先打印 `GET: {url}`，再打印异常（其中有“{text}”）。",
           f"When the request fails, get_page must print `GET: {url}`, then the exception "
           f"(which says “{text}”).", expected=[f"GET: {url}", text], actual=lines)
    expect(value is None, f"请求失败时 get_page 应返回 None，实际返回 {value!r}。",
           f"When the request fails, get_page must return None; it returned {value!r}.")


@pytest.mark.parametrize("name", ["crawl", "crawl_sequential"])
def test_crawl_returns_what_get_page_returned_for_each_url(mocked, name):
    """crawl 和 crawl_sequential 返回 {网址: get_page 的返回值}，出错的网页是 None
    crawl and crawl_sequential return {url: what get_page returned}, None for failed pages"""
    got = returned(mocked[name], name)
    expect(got == SITE.crawled, f"{name} 应返回 {SITE.crawled}，实际返回 {got!r}。",
           f"{name} must return {SITE.crawled}; it returned {got!r}.")


# ---- concurrency, against a real slow server on loopback ----

def test_crawl_has_every_request_in_flight_at_once(live, server):
    """crawl：所有网页的请求同时在路上（每个网址一个协程）
    crawl: every page's request is on the wire at once (one greenlet per URL)"""
    returned(live["crawl"], "crawl")
    with crawl_pictured(live):
        most, pages = flight(server, "crawl"), PLAN.pages
        if most == 1:
            zh, en = serial_reason(live)
            fail(f"{pages} 个慢网页，服务器同一时刻最多只收到 1 个请求。{zh}",
                 f"Of {pages} slow pages, the server never had more than one request at a time. {en}")
        expect(most == pages,
               f"{pages} 个慢网页，服务器同一时刻最多只收到 {most} 个请求：没给 concurrency 时，"
               "crawl 不应限制并发（不要用固定大小的 Pool）。",
               f"Of {pages} slow pages, the server had at most {most} requests at a time: without "
               "concurrency, crawl must not bound them (no Pool of a fixed size).")


def test_crawl_takes_about_one_delay_not_one_per_page(live):
    """crawl：N 个各慢 d 秒的网页，总共约 d 秒，而不是 N*d 秒
    crawl: N pages that each take d seconds take about d in all, not N*d"""
    returned(live["crawl"], "crawl")
    with crawl_pictured(live):
        crawl, pages, delay = live["crawl"]["seconds"], PLAN.pages, PLAN.delay
        sequential = live["sequential"].get("seconds") if "failure" not in live["sequential"] else None
        ratio = f"{sequential / crawl:.1f}" if sequential else "?"
        zh, en = serial_reason(live) if crawl >= pages * delay else ("", "")
        if crawl >= FAST:
            zh = (f"（这些网页的请求会互相等待，最多 {HOLD} 秒：一起发出的请求几乎不用等，"
                  f"一个接一个发出的请求每个都要多等 {HOLD} 秒。）{zh}")
            en = (f"(These pages' requests wait up to {HOLD} s for each other: requests sent together "
                  f"hardly wait, requests sent one by one each wait the whole {HOLD} s.) {en}")
        expect_time(crawl, at_most=FAST,
                    zh=f"crawl 抓 {pages} 个各慢 {delay} 秒的网页用了 {crawl:.2f} 秒，应约 {delay} 秒"
                       f"（crawl_sequential / crawl = {ratio}，理想值是 {pages}）。{zh}",
                    en=f"crawl of {pages} pages of {delay} s each took {crawl:.2f} s; it should take "
                       f"about {delay} s (crawl_sequential / crawl = {ratio}, ideally {pages}). {en}")


def test_crawl_sequential_fetches_one_page_after_another(live, server):
    """crawl_sequential：对照组，一次只抓一页，N 页约 N*d 秒
    crawl_sequential: the baseline fetches one page at a time, N pages in about N*d seconds"""
    returned(live["sequential"], "crawl_sequential")
    most, pages, delay = flight(server, "sequential"), PLAN.pages, PLAN.delay
    expect(most == 1, f"crawl_sequential 是对照组，应该一页抓完再抓下一页，但服务器同一时刻收到了 {most} 个请求。",
           f"crawl_sequential is the baseline: it must fetch each page after the previous one, "
           f"but the server had {most} requests at a time.")
    seconds = live["sequential"]["seconds"]
    expect_time(seconds, at_least=pages * delay,
                zh=f"crawl_sequential 抓 {pages} 个各慢 {delay} 秒的网页只用了 {seconds:.2f} 秒：逐页抓取至少要 "
                   f"{pages * delay:g} 秒。",
                en=f"crawl_sequential fetched {pages} pages of {delay} s each in only {seconds:.2f} s: "
                   f"one page after another takes at least {pages * delay:g} s.")


def test_crawl_without_a_session_fetches_every_page(live, sizes):
    """不给 session 时，crawl 用 requests.get 抓到每一页，返回每页的字节数
    without a session, crawl fetches every page with requests.get and returns each page's size"""
    got = returned(live["crawl"], "crawl")
    expect(got == sizes["crawl"], f"crawl 应返回 {sizes['crawl']}，实际返回 {got!r}。",
           f"crawl must return {sizes['crawl']}; it returned {got!r}.")


def test_crawl_with_concurrency_never_exceeds_it(live, server):
    """crawl(urls, concurrency=k)：同一时刻最多 k 个请求（gevent.pool.Pool(k)）
    crawl(urls, concurrency=k): at most k requests at a time (gevent.pool.Pool(k))"""
    returned(live["pool"], "crawl")
    most, bound = flight(server, "pool"), PLAN.bound
    expect(most <= bound,
           f"concurrency={bound} 时服务器同一时刻收到了 {most} 个请求：是不是忽略了 concurrency？"
           f"用 gevent.pool.Pool({bound}) 来 spawn，池满时 spawn 会等空位。",
           f"With concurrency={bound} the server had {most} requests at a time: is concurrency "
           f"ignored? Spawn with gevent.pool.Pool({bound}): when the pool is full, spawn waits for "
           "a free slot.")


def test_crawl_with_concurrency_keeps_that_many_in_flight(live, server):
    """crawl(urls, concurrency=k)：确实同时有 k 个请求在路上，而不是一个接一个
    crawl(urls, concurrency=k): k requests really are on the wire together, not one by one"""
    returned(live["pool"], "crawl")
    most, bound = flight(server, "pool"), PLAN.bound
    if most < bound:
        zh, en = serial_reason(live) if most == 1 else ("", "")
        fail(f"concurrency={bound} 时服务器同一时刻最多只收到 {most} 个请求，应有 {bound} 个同时在路上。{zh}",
             f"With concurrency={bound} the server never had more than {most} at a time; "
             f"{bound} should be on the wire together. {en}")


def test_crawl_with_concurrency_fetches_every_page(live, sizes):
    """crawl(urls, concurrency=k)：池子限制并发，但每一页都抓到了
    crawl(urls, concurrency=k): the pool bounds the requests, yet every page is fetched"""
    got, bound = returned(live["pool"], "crawl"), PLAN.bound
    expect(got == sizes["pool"], f"concurrency={bound} 时 crawl 应返回 {sizes['pool']}，实际返回 {got!r}。",
           f"With concurrency={bound}, crawl must return {sizes['pool']}; it returned {got!r}.")


def test_benchmark_crawl_against_crawl_sequential(benchmark, new_subject, server):
    """报告课程里的对比：同样的慢网页，crawl 与 crawl_sequential 各用多久
    report the lesson's comparison: the same slow pages, crawl against crawl_sequential"""
    urls = list(serve(server, "bench"))
    subject = new_subject()
    subject.call("patched", timeout=LIVE_TIMEOUT)  # started and loaded before the clock runs

    def both() -> tuple[float, float]:
        cases = {name: ask(subject, name, LIVE_TIMEOUT, urls=urls) for name in ("crawl", "crawl_sequential")}
        for name, case in cases.items():
            returned(case, name)
        return cases["crawl"]["seconds"], cases["crawl_sequential"]["seconds"]

    crawl, sequential = benchmark.pedantic(both, rounds=1)
    benchmark.extra_info.update(crawl=crawl, sequential=sequential, ratio=sequential / crawl)
    print(f"\n{PLAN.pages} pages of {PLAN.delay} s: crawl {crawl:.3f} s, crawl_sequential {sequential:.3f} s, "
          f"ratio {sequential / crawl:.1f} (lesson: 协程 0.24 s, 普通 0.83 s)")
