"""Probes for 09_socket_server: the student's server, run as the student wrote it.

Nothing of the student's module is replaced or wrapped: a handler bound before we could see it
(`def server(ip, port, handler=talk)`, a closure, a class) is served as written. What the server
does is observed from outside, by the judge: its port, OS threads and CPU time through psutil,
what it printed through the process's stdout file, what each client got back.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kata.inside.probe import Probe, Tally, part

STOP_AFTER = 0.5  # s after the last client left, for a server that keeps the main thread to give it back


def serve(p: Probe, host: str) -> dict[str, Any]:
    """server(host, 0): it never returns when right; if it does, say so."""
    p.student.talk  # noqa: B018 - the course's API names both; a missing one fails by name
    p.student.server(host, 0)
    return {"returned": True}


def connected(make: Callable[[], socket.socket], port: int, nap: Callable[[float], None]) -> socket.socket:
    """A socket connected to the server, trying again (a fresh socket each time) for up to 2 s
    while it does not listen yet."""
    for _ in range(100):
        conn = make()
        conn.settimeout(3.0)
        try:
            conn.connect(("127.0.0.1", port))
            return conn
        except ConnectionRefusedError:
            conn.close()
            nap(0.02)
    raise ConnectionRefusedError(f"nothing listens on port {port}")


class Interrupted(Exception):
    """Raised in a server that still held the main thread after every client had left."""


def timeline(p: Probe, clients: int = 30, rounds: int = 3, pause: float = 0.03) -> list[dict[str, Any]]:
    """server() with `clients` clients of ours, each in a real OS thread (gevent's originals, so
    they run beside the server, whatever it patched), talking `rounds` times `pause` seconds
    apart: the server's greenlets recorded, and how many clients were being served over time,
    for --timeline. The server runs in the main thread, as server() would alone.

    A server that still holds the main thread STOP_AFTER seconds after the last client left
    (blocked in an unpatched accept, or spinning on b'') is interrupted with a signal, where the
    OS has one, so that its picture is drawn all the same."""
    import gevent
    from gevent import monkey

    original_socket = monkey.get_original("socket", "socket")
    start_thread, new_lock, get_ident = monkey.get_original(
        "_thread", ["start_new_thread", "allocate_lock", "get_ident"])
    nap = monkey.get_original("time", "sleep")
    with original_socket() as spare:  # a free port for server(ip, port)
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    lock, all_left, main = new_lock(), new_lock(), get_ident()
    left, done, interrupted = [clients], [False], [False]
    all_left.acquire()

    def talk_to_server(i: int) -> None:
        answered = False
        try:
            with connected(original_socket, port, nap) as conn:
                try:
                    for r in range(rounds):
                        conn.sendall(f"hello {i}.{r}".encode())
                        conn.recv(1024)
                        if not answered:
                            answered = True
                            served.change(+1)
                        nap(pause)
                finally:  # before closing: the server cannot serve anyone else in between
                    if answered:
                        served.change(-1)
        except OSError:
            pass
        finally:
            with lock:
                left[0] -= 1
                if not left[0]:
                    all_left.release()

    def interrupt(signum: int, frame: Any) -> None:
        current = gevent.getcurrent()
        if done[0]:
            return
        interrupted[0] = True
        gevent.killall([g for g in rec.greenlets.values() if isinstance(g, gevent.Greenlet) and g is not current],
                       block=False)
        if isinstance(current, gevent.Greenlet):  # never the hub or the main greenlet
            raise Interrupted

    def watchdog() -> None:
        with all_left:
            pass
        for _ in range(10):
            nap(STOP_AFTER)
            if done[0]:
                return
            signal.pthread_kill(main, signal.SIGUSR1)

    p.student.talk  # noqa: B018 - the course's API names both; a missing one fails by name
    can_interrupt = hasattr(signal, "pthread_kill")
    if can_interrupt:
        previous = monkey.get_original("signal", "signal")(signal.SIGUSR1, interrupt)
    with p.record() as rec:
        served = Tally("正在被服务的客户端", "clients being served", rec.start)  # on the tracks' clock
        for i in range(clients):
            start_thread(talk_to_server, (i,))
        if can_interrupt:
            start_thread(watchdog, ())
        server = gevent.spawn(p.student.server, "127.0.0.1", port)
        while all_left.locked() and not server.dead:
            gevent.sleep(0.01)  # yields to the server's greenlets, as its accept loop does
        done[0] = True
        failure = None if isinstance(server.exception, Interrupted) else server.exception
        server.kill(block=False)
    if can_interrupt:
        monkey.get_original("signal", "signal")(signal.SIGUSR1, previous)
    schedule = replace(rec.schedule(), counts=served.counts())
    if interrupted[0]:
        told = {"zh": f"所有客户端离开 {STOP_AFTER} 秒后，你的服务端仍占着主线程"
                      "（阻塞在没打补丁的调用里，或在空转），被打断了。",
                "en": f"{STOP_AFTER} s after every client had left, your server still held the main thread "
                      "(blocked in an unpatched call, or spinning): it was interrupted."}
    else:
        told = p.describe(failure) if failure else None
    return [part(f"server：{clients} 个客户端，每个说 {rounds} 次",
                 f"server: {clients} clients, {rounds} messages each", schedule, {"lines": p.lines(), "failure": told})]
