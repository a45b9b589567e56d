"""The loopback HTTP kit: the slow server counts what it should and always stops; an `offline`
snippet fails fast, and loudly, on any attempt to leave loopback, patched or not."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from kata.checks import CheckFailed
from kata.isolated import run_isolated

from .http import SlowHTTPServer, offline


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


@pytest.mark.parametrize("student", list(STUDENTS))
@pytest.mark.parametrize("url", ["http://example.invalid/", "http://10.255.255.1/"])
def test_offline_snippet_fails_fast_on_any_host_off_loopback(tmp_path, student, url):
    module = tmp_path / "crawler.py"
    module.write_text(STUDENTS[student])
    code = f"""
try:  # the student's code swallows the error: the check must still fail
    m.requests.get({url!r}, timeout=30)
except Exception as exc:
    print(exc)
result = "went on"
"""
    start = time.perf_counter()
    with pytest.raises(CheckFailed) as info:
        run_isolated(module, tmp_path, offline(code), timeout=15)
    assert time.perf_counter() - start < 10  # refused at once, not after a connect timeout
    failure = info.value
    assert failure.kind == "message"
    assert failure.details["blocked"] == [url.split("/")[2]]
    assert "never use the internet" in failure.en


def test_offline_snippet_still_reaches_loopback(tmp_path):
    module = tmp_path / "crawler.py"
    module.write_text(STUDENTS["patched"])
    with SlowHTTPServer() as server:
        url = server.page("/home", "hello")
        outcome = run_isolated(module, tmp_path, offline(f"result = m.requests.get({url!r}).text"))
    assert outcome.value == "hello"
