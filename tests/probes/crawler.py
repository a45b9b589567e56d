"""Probes for 08_crawler: run get_page, crawl and crawl_sequential, and keep the process off the
internet.

Each probe runs one call of the student's code and reports what it returned (or raised), what it
printed, and every host off loopback it tried to reach. The first probe call installs the guard,
an audit hook (PEP 578) that sees every name lookup and connect whether the sockets are patched or
not, and makes each one outside loopback fail at once. It is installed after the student's module
was imported (it patches nothing on the student's behalf) and stays for the life of the process:
audit hooks cannot be removed. The judge fails a request that tried to leave loopback, even when
the student's code caught the error and carried on.

Mocked pages (for what get_page does with each outcome) are served by a requests-mock Adapter
mounted on a Session: unlike requests_mock.Mocker it holds no lock around each request.
"""

from __future__ import annotations

import ipaddress
import sys
import time
from collections.abc import Callable
from typing import Any

from kata.inside.probe import Probe

_blocked: list[str] | None = None  # every host the guard refused, in this process, in order


def loopback_only() -> list[str]:
    """From now on, every name lookup or connect outside loopback raises at once; return the
    list where each blocked host is recorded."""
    blocked: list[str] = []

    def is_loopback(host: object) -> bool:
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host in (None, "", "localhost"):
            return True
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False

    def hook(event: str, args: tuple) -> None:
        if event in ("socket.getaddrinfo", "socket.gethostbyname"):
            host = args[0]
        elif event == "socket.connect" and isinstance(args[1], tuple):
            host = args[1][0]
        else:
            return
        if not is_loopback(host):
            blocked.append(str(host))
            raise ConnectionRefusedError(f"kata: checks never use the internet ({host} blocked)")

    sys.addaudithook(hook)  # cannot be removed: fine, the process is thrown away after the topic
    return blocked


def _guard() -> list[str]:
    """The guard's list of blocked hosts, installing the guard the first time."""
    global _blocked
    if _blocked is None:
        _blocked = loopback_only()
    return _blocked


def _plain(value: object) -> bool:
    """Whether JSON brings `value` back as it is (a dict with keys other than str would not)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _session(mocks: list[dict[str, Any]]) -> Any:
    """A requests.Session whose http:// requests are answered by a requests-mock Adapter.

    Each mock is {"url", "status", "text"} for a page (answered after "delay" seconds of
    time.sleep, if given), or {"url", "error", "message"} for a request that fails with
    requests.<error>(message).
    """
    import requests
    import requests_mock

    def raising(error: type[Exception], message: str) -> Callable[..., str]:
        def answer(request: Any, context: Any) -> str:  # a fresh exception each time
            raise error(message)
        return answer

    def slow(text: str, delay: float) -> Callable[..., str]:
        def answer(request: Any, context: Any) -> str:
            time.sleep(delay)
            return text
        return answer

    adapter = requests_mock.Adapter()
    for mock in mocks:
        if "delay" in mock:
            adapter.register_uri("GET", mock["url"], status_code=mock["status"],
                                 text=slow(mock["text"], mock["delay"]))
        elif "error" in mock:
            error = {"ConnectionError": requests.ConnectionError,
                     "ReadTimeout": requests.ReadTimeout}[mock["error"]]
            adapter.register_uri("GET", mock["url"], text=raising(error, mock["message"]))
        else:
            adapter.register_uri("GET", mock["url"], status_code=mock["status"], text=mock["text"])
    session = requests.Session()
    session.mount("http://", adapter)
    return session


def _run(p: Probe, function: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """One call of student code: what it returned or raised, printed, tried to reach, and its
    schedule (which greenlet ran when)."""
    blocked = _guard()
    already = len(blocked)
    p.lines()  # whatever was printed before this call is not its output
    with p.record() as rec:
        try:
            value = function(*args, **kwargs)
        except Exception as exc:
            seen: dict[str, Any] = {"failure": p.describe(exc), "raised": type(exc).__name__}
        else:
            plain = _plain(value)  # else JSON would change it (or make it a string): the judge shows its repr
            seen = {"value": value if plain else None, "plain": plain, "repr": repr(value)[:400]}
    seen["lines"] = p.lines()
    seen["schedule"] = rec.schedule().to_json()
    seen["blocked"] = sorted(set(blocked[already:]))
    return seen


def patched(p: Probe) -> bool:
    """Whether the socket module is monkey-patched (gevent imported by the student's module)."""
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey is not None and monkey.is_module_patched("socket"))


def get_page(p: Probe, url: str, mocks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """get_page(url, session=<mocked session>), or get_page(url) without mocks."""
    fn = p.student.get_page
    if mocks is None:
        return _run(p, fn, url)
    return _run(p, fn, url, session=_session(mocks))


def crawl(p: Probe, urls: list[str], mocks: list[dict[str, Any]] | None = None,
          concurrency: int | None = None) -> dict[str, Any]:
    """crawl(urls), with session=<mocked session> when mocks are given and concurrency=k when given."""
    fn, kwargs = p.student.crawl, {}
    if mocks is not None:
        kwargs["session"] = _session(mocks)
    if concurrency is not None:
        kwargs["concurrency"] = concurrency
    return _run(p, fn, list(urls), **kwargs)


def crawl_sequential(p: Probe, urls: list[str], mocks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """crawl_sequential(urls), with session=<mocked session> when mocks are given."""
    fn = p.student.crawl_sequential
    if mocks is None:
        return _run(p, fn, list(urls))
    return _run(p, fn, list(urls), session=_session(mocks))



def timeline(p: Probe, pages: int = 5, delay: float = 0.05) -> list[dict[str, Any]]:
    """crawl_sequential then crawl over `pages` mocked pages that each take `delay` seconds to
    answer (a time.sleep: it waits for gevent only when the student's module patched time),
    for --timeline."""
    urls = [f"http://pages.test/{i}" for i in range(pages)]
    mocks = [{"url": url, "status": 200, "text": f"<p>{url}</p>", "delay": delay} for url in urls]
    _guard()
    return [p.demo("crawl_sequential：一页接一页", "crawl_sequential: one page after another",
                   p.student.crawl_sequential, urls, session=_session(mocks)),
            p.demo("crawl：每个网址一个协程", "crawl: a greenlet per url",
                   p.student.crawl, urls, session=_session(mocks))]
