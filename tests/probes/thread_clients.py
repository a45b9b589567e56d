"""Probes for 10_thread_clients: the student's clients, run against the judge's own server.

The judge's server records, per connection, the client's port and every message, and how many
connections were open at once; the probes here only run the student's functions and say what
they returned and which threads they left running.
"""

from __future__ import annotations

import json
import socketserver
import threading
import time
from typing import Any

from kata.inside.probe import Probe, Tally, clock, part
from kata.schedule import Schedule


def client(p: Probe, host: str, port: int, count: int, thread_name: str) -> dict[str, Any]:
    """client(host, port, count), called in a thread of ours named `thread_name`.

    The name is drawn by the judge for every run: the messages must carry it, read from
    threading.current_thread().name, so no name can be written into the answer.
    """
    client = p.student.client
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = client(host, port, count)
        except BaseException as exc:  # noqa: B036 - told to the student below, in their terms
            box["error"] = exc

    worker = threading.Thread(target=run, name=thread_name, daemon=True)
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return {"value": box.get("value")}


def run_clients(p: Probe, host: str, port: int, n_threads: int, count: int,
                linger: float) -> dict[str, Any]:
    """run_clients(host, port, n_threads, count): its value as it was when it returned, and the
    threads it left running then.

    Threads left running are then given up to `linger` seconds to end, as a process that
    exits waits for its threads: the judge's server sees every connection they make, so a
    missing join is told as such, not as a socket shared.
    """
    run = p.student.run_clients
    before = set(threading.enumerate())
    value = run(host, port, n_threads, count)
    returned = json.loads(json.dumps(value, default=repr))  # as it was: threads may still add
    left = [t for t in threading.enumerate() if t not in before]
    deadline = time.monotonic() + linger
    for t in left:
        t.join(max(0.0, deadline - time.monotonic()))
    return {"value": returned, "alive": [t.name for t in left]}


class Server(socketserver.ThreadingTCPServer):
    request_queue_size = 512  # every client may connect at once (the default, 5, drops SYNs)
    daemon_threads = True


def timeline(p: Probe, n_threads: int = 40, count: int = 1, hold: float = 0.05) -> list[dict[str, Any]]:
    """run_clients against a server of ours that answers each message after `hold` seconds and
    counts, over time, the connections open on it: for --timeline."""
    open_now = Tally("同时打开的连接", "connections open")

    class Echo(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            open_now.change(+1)
            try:
                while data := self.request.recv(1024):
                    time.sleep(hold)
                    self.request.sendall(data.upper())
            except OSError:
                pass
            finally:
                open_now.change(-1)

    with Server(("127.0.0.1", 0), Echo) as server:
        threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
        got = p.attempt(p.student.run_clients, "127.0.0.1", server.server_address[1], n_threads, count)
        server.shutdown()
    schedule = Schedule(clock() - open_now.start, counts=open_now.counts())
    return [part(f"run_clients：{n_threads} 个线程", f"run_clients: {n_threads} threads", schedule, got)]
