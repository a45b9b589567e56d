"""08_crawler: every page on the wire at once, errors printed not raised, a Pool to bound it.

The student's module patches (or forgets to), so it is only ever imported in a fresh interpreter
(`isolated`), and each snippet is made `offline`: any attempt to leave loopback fails loudly.
Two runs feed all the checks. The mocked run fetches through a requests-mock Adapter mounted on a
Session (no lock, unlike requests_mock.Mocker) to test what get_page does with each outcome. The
live run crawls a real loopback server whose pages each answer after DELAY seconds; the server
counts the requests in flight, which shows concurrency better than any clock.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from kit.http import SlowHTTPServer, offline

from kata.checks import CheckFailed, expect, expect_lines, expect_time, fail

PAGES, DELAY, BOUND = 6, 0.1, 3  # the live run: 6 pages of 0.1 s each; crawl(..., concurrency=3)
FAST = 0.4  # s: pages fetched together end within this; one after another take >= PAGES * DELAY

# Runs a function of the student's module; returns what it printed and returned (or raised).
CALL = """
import contextlib, io, time
import gevent.monkey
from kata.student import Module, describe_exception

student = Module(m, path)

def call(name, *args, **kwargs):
    out = io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out):
            value = getattr(student, name)(*args, **kwargs)
    except Exception as exc:
        return {"lines": out.getvalue().splitlines(), "raised": type(exc).__name__,
                "failure": describe_exception(exc, path.parent).to_dict()}
    return {"lines": out.getvalue().splitlines(), "value": value,
            "seconds": time.perf_counter() - start}
"""

SITE = "http://kata.test"
OK, SMALL, MISSING, BROKEN = f"{SITE}/ok", f"{SITE}/small", f"{SITE}/missing", f"{SITE}/broken"
REFUSED, SLOW = f"{SITE}/refused", f"{SITE}/slow"
SIZES = {OK: 1234, SMALL: 56}
REFUSED_TEXT, SLOW_TEXT = "kata: connection refused", "kata: read timed out"
CRAWLED = {OK: 1234, SMALL: 56, MISSING: None, REFUSED: None, SLOW: None}

MOCKED = CALL + f"""
import requests, requests_mock

def raising(error, text):  # a fresh exception each time: a reused one piles up tracebacks
    def answer(request, context):
        raise error(text)
    return answer

adapter = requests_mock.Adapter()
adapter.register_uri("GET", {OK!r}, text="x" * {SIZES[OK]})
adapter.register_uri("GET", {SMALL!r}, text="y" * {SIZES[SMALL]})
adapter.register_uri("GET", {MISSING!r}, status_code=404, text="not here")
adapter.register_uri("GET", {BROKEN!r}, status_code=500, text="server error")
adapter.register_uri("GET", {REFUSED!r}, text=raising(requests.ConnectionError, {REFUSED_TEXT!r}))
adapter.register_uri("GET", {SLOW!r}, text=raising(requests.ReadTimeout, {SLOW_TEXT!r}))
session = requests.Session()
session.mount("http://", adapter)

result = {{url: call("get_page", url, session=session)
          for url in ({OK!r}, {MISSING!r}, {BROKEN!r}, {REFUSED!r}, {SLOW!r})}}
urls = {list(CRAWLED)!r}
result["crawl"] = call("crawl", urls, session=session)
result["crawl_sequential"] = call("crawl_sequential", urls, session=session)
"""

# The baseline first: it mostly waits, so the crawls that follow run on a warm interpreter while
# the mocked run's interpreter, started at the same time, is done with its CPU-bound imports.
LIVE = CALL + """
result = {"patched": gevent.monkey.is_module_patched("socket")}
result["sequential"] = call("crawl_sequential", URLS["sequential"])
result["crawl"] = call("crawl", URLS["crawl"])
result["pool"] = call("crawl", URLS["pool"], concurrency=BOUND)
"""


@pytest.fixture(scope="module")
def server():
    with SlowHTTPServer() as server:
        yield server


@pytest.fixture(scope="module")
def sizes(server) -> dict[str, dict[str, int]]:
    """Each group of pages (one per crawl of the live run): {url: size}, sizes all different."""
    return {group: {server.page(f"/{group}/{i}", "z" * (100 + i), DELAY): 100 + i
                    for i in range(PAGES)}
            for group in ("crawl", "sequential", "pool")}


@pytest.fixture(scope="module")
def runs(isolated, sizes) -> dict[str, Future]:
    """Both runs start at once, each in its own interpreter: the mocked one costs no wall time."""
    urls = {group: list(pages) for group, pages in sizes.items()}
    live = f"URLS, BOUND = {urls!r}, {BOUND}\n" + LIVE
    with ThreadPoolExecutor(2) as pool:
        return {"mocked": pool.submit(isolated, offline(MOCKED), 15),
                "live": pool.submit(isolated, offline(live), 20)}


@pytest.fixture(scope="module")
def mocked(runs) -> dict[str, Any]:
    return runs["mocked"].result().value  # a failed run fails every check that uses it


@pytest.fixture(scope="module")
def live(runs) -> dict[str, Any]:
    return runs["live"].result().value


def returned(case: dict[str, Any], name: str) -> Any:
    """What the call returned; its exception, told as a failure, if it raised."""
    if "failure" in case:
        failure = case["failure"]
        raise CheckFailed(**{**failure, "zh": f"{name}：{failure['zh']}", "en": f"{name}: {failure['en']}"},
                          output=case["lines"][-40:])
    return case["value"]


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
    case = mocked[OK]
    size = returned(case, "get_page")
    expect(size == SIZES[OK], f"get_page 应返回 len(response.text) = {SIZES[OK]}，实际返回 {size!r}。",
           f"get_page must return len(response.text) = {SIZES[OK]}; it returned {size!r}.")
    expect_lines(case["lines"], [f"GET: {OK}", f"{SIZES[OK]} bytes received from {OK}"],
                 "get_page 打印的内容不对：先打印 `GET: <url>`，成功后打印 `<n> bytes received from <url>`。",
                 "get_page printed the wrong lines: first `GET: <url>`, then on success "
                 "`<n> bytes received from <url>`.")


@pytest.mark.parametrize("url", [MISSING, BROKEN], ids=["404", "500"])
def test_get_page_prints_none_for_another_status(mocked, url):
    """get_page：其他状态码时打印 None 并返回 None
    get_page: on another status it prints None and returns None"""
    case = mocked[url]
    value = returned(case, "get_page")
    expect_lines(case["lines"], [f"GET: {url}", "None"],
                 "状态码不是 200 时，get_page 应在 GET 行之后只打印 None（print(None)）。",
                 "When the status is not 200, get_page must print only None (print(None)) after "
                 "the GET line.")
    expect(value is None, f"状态码不是 200 时 get_page 应返回 None，实际返回 {value!r}。",
           f"When the status is not 200, get_page must return None; it returned {value!r}.")


@pytest.mark.parametrize(("url", "text", "kind"), [
    (REFUSED, REFUSED_TEXT, "ConnectionError"),
    (SLOW, SLOW_TEXT, "ReadTimeout"),
], ids=["connection_error", "timeout"])
def test_get_page_prints_a_failed_request_instead_of_raising(mocked, url, text, kind):
    """get_page：请求失败（连不上、超时）时打印异常、返回 None，绝不抛出
    get_page: a failed request (refused, timed out) is printed and gives None, never raised"""
    case = mocked[url]
    if case.get("raised") == kind:
        fail(f"请求失败时 get_page 抛出了 {kind}。爬虫不能因为一个网页失败就停下："
             "用 try/except requests.RequestException（它包括连接错误和超时）捕获，打印异常，返回 None。",
             f"get_page raised {kind} when the request failed. A crawler must not stop for one bad "
             "page: catch requests.RequestException (it covers connection errors and timeouts), "
             "print the exception and return None.", kind="error", output=case["lines"][-40:])
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
    expect(got == CRAWLED, f"{name} 应返回 {CRAWLED}，实际返回 {got!r}。",
           f"{name} must return {CRAWLED}; it returned {got!r}.")


# ---- concurrency, against a real slow server on loopback ----

def test_crawl_has_every_request_in_flight_at_once(live, server):
    """crawl：所有网页的请求同时在路上（每个网址一个协程）
    crawl: every page's request is on the wire at once (one greenlet per URL)"""
    returned(live["crawl"], "crawl")
    most = server.flight("crawl").most
    if most == 1:
        zh, en = serial_reason(live)
        fail(f"{PAGES} 个慢网页，服务器同一时刻最多只收到 1 个请求。{zh}",
             f"Of {PAGES} slow pages, the server never had more than one request at a time. {en}")
    expect(most == PAGES,
           f"{PAGES} 个慢网页，服务器同一时刻最多只收到 {most} 个请求：没给 concurrency 时，"
           "crawl 不应限制并发（不要用固定大小的 Pool）。",
           f"Of {PAGES} slow pages, the server had at most {most} requests at a time: without "
           "concurrency, crawl must not bound them (no Pool of a fixed size).")


def test_crawl_takes_about_one_delay_not_one_per_page(live):
    """crawl：N 个各慢 d 秒的网页，总共约 d 秒，而不是 N*d 秒
    crawl: N pages that each take d seconds take about d in all, not N*d"""
    returned(live["crawl"], "crawl")
    crawl, sequential = live["crawl"]["seconds"], live["sequential"].get("seconds")
    ratio = f"{sequential / crawl:.1f}" if sequential else "?"
    zh, en = serial_reason(live) if crawl >= PAGES * DELAY else ("", "")
    expect_time(crawl, at_most=FAST,
                zh=f"crawl 抓 {PAGES} 个各慢 {DELAY} 秒的网页用了 {crawl:.2f} 秒，应约 {DELAY} 秒"
                   f"（crawl_sequential / crawl = {ratio}，理想值是 {PAGES}）。{zh}",
                en=f"crawl of {PAGES} pages of {DELAY} s each took {crawl:.2f} s; it should take "
                   f"about {DELAY} s (crawl_sequential / crawl = {ratio}, ideally {PAGES}). {en}")


def test_crawl_sequential_fetches_one_page_after_another(live, server):
    """crawl_sequential：对照组，一次只抓一页，N 页约 N*d 秒
    crawl_sequential: the baseline fetches one page at a time, N pages in about N*d seconds"""
    returned(live["sequential"], "crawl_sequential")
    most = server.flight("sequential").most
    expect(most == 1, f"crawl_sequential 是对照组，应该一页抓完再抓下一页，但服务器同一时刻收到了 {most} 个请求。",
           f"crawl_sequential is the baseline: it must fetch each page after the previous one, "
           f"but the server had {most} requests at a time.")
    seconds = live["sequential"]["seconds"]
    expect_time(seconds, at_least=PAGES * DELAY,
                zh=f"crawl_sequential 抓 {PAGES} 个各慢 {DELAY} 秒的网页只用了 {seconds:.2f} 秒：逐页抓取至少要 "
                   f"{PAGES * DELAY:g} 秒。",
                en=f"crawl_sequential fetched {PAGES} pages of {DELAY} s each in only {seconds:.2f} s: "
                   f"one page after another takes at least {PAGES * DELAY:g} s.")


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
    most = server.flight("pool").most
    expect(most <= BOUND,
           f"concurrency={BOUND} 时服务器同一时刻收到了 {most} 个请求：是不是忽略了 concurrency？"
           f"用 gevent.pool.Pool({BOUND}) 来 spawn，池满时 spawn 会等空位。",
           f"With concurrency={BOUND} the server had {most} requests at a time: is concurrency "
           f"ignored? Spawn with gevent.pool.Pool({BOUND}): when the pool is full, spawn waits for "
           "a free slot.")


def test_crawl_with_concurrency_keeps_that_many_in_flight(live, server):
    """crawl(urls, concurrency=k)：确实同时有 k 个请求在路上，而不是一个接一个
    crawl(urls, concurrency=k): k requests really are on the wire together, not one by one"""
    returned(live["pool"], "crawl")
    most = server.flight("pool").most
    if most < BOUND:
        zh, en = serial_reason(live) if most == 1 else ("", "")
        fail(f"concurrency={BOUND} 时服务器同一时刻最多只收到 {most} 个请求，应有 {BOUND} 个同时在路上。{zh}",
             f"With concurrency={BOUND} the server never had more than {most} at a time; "
             f"{BOUND} should be on the wire together. {en}")


def test_crawl_with_concurrency_fetches_every_page(live, sizes):
    """crawl(urls, concurrency=k)：池子限制并发，但每一页都抓到了
    crawl(urls, concurrency=k): the pool bounds the requests, yet every page is fetched"""
    got = returned(live["pool"], "crawl")
    expect(got == sizes["pool"], f"concurrency={BOUND} 时 crawl 应返回 {sizes['pool']}，实际返回 {got!r}。",
           f"With concurrency={BOUND}, crawl must return {sizes['pool']}; it returned {got!r}.")


def test_benchmark_crawl_against_crawl_sequential(benchmark, isolated, server):
    """报告课程里的对比：同样的慢网页，crawl 与 crawl_sequential 各用多久
    report the lesson's comparison: the same slow pages, crawl against crawl_sequential"""
    urls = [server.page(f"/bench/{i}", "z" * 100, DELAY) for i in range(PAGES)]
    code = (f"URLS = {urls!r}\n" + CALL
            + "result = [call('crawl', URLS)['seconds'], call('crawl_sequential', URLS)['seconds']]\n")
    crawl, sequential = benchmark.pedantic(lambda: isolated(offline(code)).value, rounds=1)
    benchmark.extra_info.update(crawl=crawl, sequential=sequential, ratio=sequential / crawl)
    print(f"\n{PAGES} pages of {DELAY} s: crawl {crawl:.3f} s, crawl_sequential {sequential:.3f} s, "
          f"ratio {sequential / crawl:.1f} (lesson: 协程 0.24 s, 普通 0.83 s)")
