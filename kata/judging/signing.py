"""Signed report lines: the grader trusts only events signed with the secret it gave the child.

The pytest child runs student code in its own process, next to the reporter that appends results
to a file whose path is on the command line. Without a signature, student code could append
`{"event": "result", "outcome": "passed"}` lines itself. The parent makes a fresh random key for
every run and hands it over on the child's stdin (never on the command line or in the
environment, which other processes and /proc can read); the plugin reads it at import, before any
student code exists, and signs every event with HMAC-SHA256. The parent drops any line whose
signature does not match. Code running inside the child can still dig the key out of interpreter
memory: this stops forged files and printed results, not a determined attacker (see the
instructors' notes in README.md for what the Gradescope bundle adds).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

SIG = "sig"


def new_key() -> str:
    return secrets.token_hex(32)


def _digest(key: str, event: dict[str, Any]) -> str:
    body = json.dumps(event, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key.encode(), body.encode("utf-8"), hashlib.sha256).hexdigest()


def sign(key: str, event: dict[str, Any]) -> dict[str, Any]:
    return {**event, SIG: _digest(key, event)}


def verify(key: str, event: dict[str, Any]) -> dict[str, Any] | None:
    """The event without its signature, or None when it was not signed with `key`."""
    body = {k: v for k, v in event.items() if k != SIG}
    sig = event.get(SIG)
    if isinstance(sig, str) and hmac.compare_digest(sig, _digest(key, body)):
        return body
    return None
