"""Probes for 09_socket_server: the student's server, run as the student wrote it.

Nothing of the student's module is replaced or wrapped: a handler bound before we could see it
(`def server(ip, port, handler=talk)`, a closure, a class) is served as written. What the server
does is observed from outside, by the judge: its port, OS threads and CPU time through psutil,
what it printed through the process's stdout file, what each client got back.
"""

from __future__ import annotations

from typing import Any

from kata.probe import Probe


def serve(p: Probe, host: str) -> dict[str, Any]:
    """server(host, 0): it never returns when right; if it does, say so."""
    p.student.talk  # noqa: B018 - the course's API names both; a missing one fails by name
    p.student.server(host, 0)
    return {"returned": True}
