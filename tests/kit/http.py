"""Loopback-only HTTP for checks: a slow test server that counts requests in flight, and a guard
that makes any attempt to leave loopback fail at once instead of reaching (or hanging on) the
internet.

The server runs in the pytest process, on 127.0.0.1 and a free port, with one real thread per
request (the pytest process is never monkey-patched). The guard runs inside an `isolated` snippet,
after the student's module was imported, so it patches nothing on the student's behalf: it is an
audit hook (PEP 578), which sees every name lookup and connect whether sockets are patched or not.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from inspect import getsource
from textwrap import dedent, indent
from types import TracebackType


@dataclass
class Flight:
    """What the server saw of one group of pages (the first segment of their paths)."""

    now: int = 0  # requests held right now (each for its page's delay)
    most: int = 0  # the most held at once so far
    served: list[str] = field(default_factory=list)  # paths requested, in arrival order


@dataclass
class Page:
    body: bytes
    delay: float


class _Handler(BaseHTTPRequestHandler):
    server: SlowHTTPServer._Server
    timeout = 5  # s: a client that connects and sends nothing cannot hold the server open

    def do_GET(self) -> None:  # the name http.server looks for
        owner = self.server.owner
        page = owner.pages.get(self.path)
        if page is None:
            self.send_error(404)
            return
        flight = owner.enter(self.path)
        try:
            time.sleep(page.delay)
        finally:
            owner.leave(flight)  # before answering: a client that got its answer sees it left
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=ascii")
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            self.wfile.write(page.body)
        except ConnectionError:
            pass  # the client gave up (e.g. its check timed out): nothing to answer

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request on stderr would bury the checks' own output


class SlowHTTPServer:
    """An HTTP server on 127.0.0.1 serving registered pages, each after its own delay.

    with SlowHTTPServer() as server:
        url = server.page("/crawl/0", "x" * 100, delay=0.2)
        ...  # fetch it from another process
        server.flight("crawl").most  # the most /crawl/... requests held at once
    """

    class _Server(ThreadingHTTPServer):
        request_queue_size = 128  # many clients connect at the same moment
        daemon_threads = False  # so that close() waits for every request being answered
        owner: SlowHTTPServer

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self._flights: dict[str, Flight] = {}
        self._lock = threading.Lock()
        self._server = self._Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="kata-http", daemon=True)
        self._thread.start()

    def page(self, path: str, body: str, delay: float = 0.0) -> str:
        """Serve `body` (ASCII) at `path` after `delay` seconds; return the page's URL."""
        self.pages[path] = Page(body.encode("ascii"), delay)
        return f"http://127.0.0.1:{self.port}{path}"

    def flight(self, group: str) -> Flight:
        """Requests seen for paths /<group>/...; a copy, safe to read while the server runs."""
        with self._lock:
            seen = self._flights.get(group, Flight())
            return Flight(seen.now, seen.most, list(seen.served))

    def enter(self, path: str) -> Flight:
        with self._lock:
            flight = self._flights.setdefault(path.strip("/").split("/")[0], Flight())
            flight.now += 1
            flight.most = max(flight.most, flight.now)
            flight.served.append(path)
            return flight

    def leave(self, flight: Flight) -> None:
        with self._lock:
            flight.now -= 1

    def close(self) -> None:
        """Stop serving, let the requests being answered finish (each within its delay), free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> SlowHTTPServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def loopback_only() -> list[str]:
    """From now on, every name lookup or connect outside loopback raises at once; return the
    list where each blocked host is recorded. Self-contained: its source runs in snippets."""
    import ipaddress
    import sys

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

    sys.addaudithook(hook)  # cannot be removed: fine, the snippet's interpreter is thrown away
    return blocked


OFFLINE_ZH = "检查时不允许访问互联网，但你的代码试图连接 {hosts}。只使用检查给出的网址（以及 session 参数）。"
OFFLINE_EN = ("Checks never use the internet, but your code tried to reach {hosts}. Use only the "
              "URLs (and the session) the check passes in.")


def offline(code: str) -> str:
    """`code`, an `isolated` snippet, made unable to leave loopback.

    Any attempt fails fast inside the student's code, and the whole snippet then fails with a
    message naming the hosts, even if the student's code caught the error and carried on.
    """
    return (dedent(getsource(loopback_only)) + "\n\n_blocked = loopback_only()\ntry:\n"
            + indent(dedent(code).strip() or "pass", "    ") + "\nfinally:\n"
            + "    if _blocked:\n"
            + "        from kata.checks import fail\n"
            + "        _hosts = ', '.join(sorted(set(_blocked)))\n"
            + f"        fail({OFFLINE_ZH!r}.format(hosts=_hosts), {OFFLINE_EN!r}.format(hosts=_hosts),\n"
            + "             blocked=sorted(set(_blocked)))\n")
