"""The loopback HTTP kit and the crawler's guard: the slow server counts what it should and always
stops; in the student's process (probes.crawler) any attempt to leave loopback fails fast, patched
or not, and the judge fails the request loudly even when the student's code caught the error."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from kata.checks import CheckFailed, Kind
from kata.judging.subject import Subject

from .http import SlowHTTPServer, stay_offline


def fetch(url: str) -> bytes:
    with urlopen(url, timeout=5) as response:
        return response.read()


def test_server_counts_the_requests_in_flight_per_group():
    with SlowHTTPServer() as server:
        urls = [server.page(f"/slow/{i}", f"page {i}", delay=0.3) for i in range(3)]
        other = server.page("/other/0", "quick")
        with ThreadPoolExecutor(len(urls)) as pool:
            bodies = list(pool.map(fetch, urls))
        fetch(other)
        slow, quick = server.flight("slow"), server.flight("other")
    assert bodies == [b"page 0", b"page 1", b"page 2"]
    assert slow.most == 3
    assert sorted(slow.served) == ["/slow/0", "/slow/1", "/slow/2"]
    assert (quick.most, quick.served) == (1, ["/other/0"])


def test_gathered_requests_are_counted_together_however_late_they_arrive():
    with SlowHTTPServer() as server:
        urls = [server.page(f"/late/{i}", f"page {i}", delay=0.05) for i in range(3)]
        server.gather("late", 3, hold=5)

        def late(i: int) -> bytes:
            time.sleep(0.3 * i)  # far apart: without gather, no two would ever meet
            return fetch(urls[i])

        start = time.perf_counter()
        with ThreadPoolExecutor(len(urls)) as pool:
            bodies = list(pool.map(late, range(3)))
        took = time.perf_counter() - start
        seen = server.flight("late")
    assert bodies == [b"page 0", b"page 1", b"page 2"]
    assert seen.most == 3
    assert took < 4  # released by the last arrival, not by the hold


def test_gathered_requests_sent_one_after_another_each_wait_the_hold():
    with SlowHTTPServer() as server:
        urls = [server.page(f"/alone/{i}", "x") for i in range(2)]
        server.gather("alone", 2, hold=0.2)
        start = time.perf_counter()
        for url in urls:
            fetch(url)
        took = time.perf_counter() - start
        seen = server.flight("alone")
    assert seen.most == 1
    assert took >= 0.4


def test_server_answers_unknown_paths_with_404_at_once():
    with SlowHTTPServer() as server, pytest.raises(HTTPError) as info:
        fetch(f"http://127.0.0.1:{server.port}/nowhere")
    assert info.value.code == 404


def test_closing_the_server_leaves_no_thread_behind():
    before = threading.active_count()
    with SlowHTTPServer() as server, ThreadPoolExecutor(2) as pool:
        list(pool.map(fetch, [server.page(f"/t/{i}", "x", delay=0.1) for i in range(2)]))
    assert threading.active_count() == before


def test_closing_the_server_frees_its_port():
    server = SlowHTTPServer()
    server.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()


STUDENTS = {"patched": "from gevent import monkey\nmonkey.patch_all()\nimport requests\n",
            "unpatched": "import requests\n"}

SWALLOWS = """
def get_page(url, session=None):
    try:  # the student's code swallows the error: the check must still fail
        requests.get(url, timeout=30)
    except Exception as exc:
        print(exc)
    return "went on"
"""

FETCHES = """
def get_page(url, session=None):
    http = session or requests
    try:
        response = http.get(url, timeout=5)
    except requests.RequestException as exc:
        return [type(exc).__name__, str(exc)]
    return [response.status_code, response.text]
"""


def student(tmp_path: Path, code: str) -> Subject:
    """A student's module, in a process of its own, driven by the crawler's probes."""
    module = tmp_path / "crawler.py"
    module.write_text(code, encoding="utf-8")
    return Subject(module, tmp_path, "probes.crawler")


@pytest.mark.parametrize("kind", list(STUDENTS))
def test_the_guard_refuses_every_host_off_loopback_at_once(tmp_path, kind):
    urls = {"http://example.invalid/": "example.invalid", "http://10.255.255.1/": "10.255.255.1"}
    with student(tmp_path, STUDENTS[kind] + SWALLOWS) as subject:
        for url, host in urls.items():  # the guard is installed once, and each call says its own
            reply = subject.call("get_page", timeout=15, url=url)
            assert reply.seconds < 10  # refused at once, not after a connect timeout
            seen = reply.value
            assert seen["value"] == "went on"  # the student's code caught it and went on...
            assert seen["blocked"] == [host]
            assert "never use the internet" in " ".join(seen["lines"])
            with pytest.raises(CheckFailed) as info:  # ...and the judge fails the request anyway
                stay_offline(seen["blocked"])
            failure = info.value
            assert failure.kind == Kind.MESSAGE
            assert failure.details["blocked"] == [host]
            assert "never use the internet" in failure.en and host in failure.en


def test_the_guard_lets_loopback_through(tmp_path):
    with SlowHTTPServer() as server, student(tmp_path, STUDENTS["patched"] + FETCHES) as subject:
        url = server.page("/home", "hello")
        seen = subject.call("get_page", url=url).value
    assert (seen["value"], seen["blocked"]) == ([200, "hello"], [])
    stay_offline(seen["blocked"])  # nothing blocked: no failure


def test_mocked_pages_answer_through_the_session_without_the_network(tmp_path):
    mocks = [{"url": "http://mocked.test/ok", "status": 200, "text": "abc"},
             {"url": "http://mocked.test/gone", "status": 410, "text": "gone"},
             {"url": "http://mocked.test/refused", "error": "ConnectionError", "message": "no way"},
             {"url": "http://mocked.test/slow", "error": "ReadTimeout", "message": "too slow"}]
    want = [[200, "abc"], [410, "gone"], ["ConnectionError", "no way"], ["ReadTimeout", "too slow"]]
    with student(tmp_path, STUDENTS["patched"] + FETCHES) as subject:
        for mock, value in zip(mocks, want, strict=True):
            seen = subject.call("get_page", url=mock["url"], mocks=mocks).value
            assert (seen["value"], seen["blocked"]) == (value, [])


def test_a_value_json_would_change_is_shown_not_passed_on(tmp_path):
    code = "def crawl(urls, session=None, concurrency=None):\n    return {1: 2}\n"
    with student(tmp_path, code) as subject:
        seen = subject.call("crawl", urls=[]).value
    assert (seen["value"], seen["plain"], seen["repr"]) == (None, False, "{1: 2}")
