"""Probes for 11_mo_xie (默写): the student's server.py and client.py, each run as written.

Each probe loads only the file it runs, in a process of its own; the judge talks to it over
loopback sockets and watches the server's process from outside (port, OS threads).
"""

from __future__ import annotations

from typing import Any

from kata.inside.probe import Probe


def serve(p: Probe, host: str, rounds: int) -> dict[str, Any]:
    """server.py's serve(host, 0, rounds): it never returns when right; if it does, say so."""
    p.load("server.py").serve(host, 0, rounds)
    return {"returned": True}


def client(p: Probe, host: str, port: int, rounds: int) -> dict[str, Any]:
    """client.py's client(host, port, rounds) against the judge's server; what it returned.

    What it printed comes back with the reply (Reply.lines): print, a bound stdout, os.write.
    """
    value = p.load("client.py").client(host, port, rounds)
    return {"returned": repr(value)}
