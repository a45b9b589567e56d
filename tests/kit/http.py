"""Loopback-only HTTP for checks, on the judge's side: a slow test server that counts requests in
flight, and the rule that fails a request whose code tried to leave loopback.

The server runs in the judge (the pytest process, never monkey-patched), on 127.0.0.1 and a free
port, with one real thread per request: the evidence of concurrency is taken outside the
student's process. The guard itself runs in the student's process (tests/probes/crawler.py: an
audit hook that makes any attempt to leave loopback fail at once instead of reaching, or hanging
on, the internet); the probe reports the hosts it refused, and `stay_offline` fails the check.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from kata.checks import fail


@dataclass
class Flight:
    """What the server saw of one group of pages (the first segment of their paths)."""

    now: int = 0  # requests held right now (each for its page's delay)
    most: int = 0  # the most held at once so far
    served: list[str] = field(default_factory=list)  # paths requested, in arrival order
    want: int = 0  # with `gather`: requests wait until this many are held at once...
    hold: float = 0.0  # ...or this many seconds passed since each arrived


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
            owner.wait(flight)
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
        server.gather("crawl", 6, hold=0.5)  # optional: /crawl/... requests wait for each other
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
        self._changed = threading.Condition(self._lock)  # a flight's count went up
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

    def gather(self, group: str, count: int, hold: float) -> None:
        """Requests for /<group>/... wait, each at most `hold` seconds, until `count` of them are
        held at once; from then on each waits only for its page's delay.

        So requests sent together are all counted in flight together however unevenly a busy
        machine lets them arrive (within `hold`), while requests sent one after another never
        meet, and each of them waits `hold` in vain: concurrency shown by a count, not a race.
        """
        with self._lock:
            flight = self._flights.setdefault(group, Flight())
            flight.want, flight.hold = count, hold

    def flight(self, group: str) -> Flight:
        """Requests seen for paths /<group>/...; a copy, safe to read while the server runs."""
        with self._lock:
            seen = self._flights.get(group, Flight())
            return Flight(seen.now, seen.most, list(seen.served), seen.want, seen.hold)

    def enter(self, path: str) -> Flight:
        with self._lock:
            flight = self._flights.setdefault(path.strip("/").split("/")[0], Flight())
            flight.now += 1
            flight.most = max(flight.most, flight.now)
            flight.served.append(path)
            self._changed.notify_all()
            return flight

    def wait(self, flight: Flight) -> None:
        """Hold a request that entered `flight` as `gather` says (at once when it says nothing)."""
        with self._changed:
            self._changed.wait_for(lambda: flight.most >= flight.want, timeout=flight.hold)

    def leave(self, flight: Flight) -> None:
        with self._lock:
            flight.now -= 1

    def close(self) -> None:
        """Stop serving, let the requests being answered finish (each within its hold and delay),
        free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> SlowHTTPServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


OFFLINE_ZH = "检查时不允许访问互联网，但你的代码试图连接 {hosts}。只使用检查给出的网址（以及 session 参数）。"
OFFLINE_EN = ("Checks never use the internet, but your code tried to reach {hosts}. Use only the "
              "URLs (and the session) the check passes in.")


def stay_offline(blocked: list[str], output: list[str] | None = None) -> None:
    """The judge's rule for a request whose guard (tests/probes/crawler.py) refused hosts off
    loopback: the whole request fails, naming them, even if the student's code caught the error
    and carried on. `output`: what the student's code printed meanwhile, shown with the failure."""
    if blocked:
        hosts = ", ".join(sorted(set(blocked)))
        fail(OFFLINE_ZH.format(hosts=hosts), OFFLINE_EN.format(hosts=hosts), blocked=sorted(set(blocked)),
             **({"output": output[-40:]} if output else {}))
