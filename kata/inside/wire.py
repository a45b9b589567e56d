"""Frames: how a request reaches the student's process and how its one answer comes back.

A frame is b"KATA", a 4-byte big-endian length, then that many bytes of UTF-8 JSON (one object).
The judge writes requests to the student's process on its stdin and reads answers from a pipe it
owns (the process's original stdout; student output goes elsewhere). Everything the judge did not
ask for, or that does not parse, is stray: never taken as an answer, and counted.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any, BinaryIO

MAGIC = b"KATA"
HEADER = struct.Struct(">4sI")
MAX_FRAME = 64 * 2**20  # bytes: more is not an answer but a flood


class Garbled(Exception):
    """Bytes on the channel that are not a frame."""


def encode(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, ensure_ascii=False, default=repr).encode("utf-8")
    return HEADER.pack(MAGIC, len(body)) + body


def send(fd: int, message: dict[str, Any]) -> None:
    """Write one whole frame to a file descriptor (short writes are resumed)."""
    data = memoryview(encode(message))
    while data:
        data = data[os.write(fd, data):]


def _exactly(stream: BinaryIO, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            if data:
                raise Garbled(f"the channel closed inside a frame ({len(data)} of {size} bytes)")
            return None
        data += chunk
    return data


def receive(stream: BinaryIO) -> dict[str, Any] | None:
    """The next frame's message; None when the channel closed between frames.

    Raises Garbled for anything else: then nothing later on the channel can be trusted either.
    """
    head = _exactly(stream, HEADER.size)
    if head is None:
        return None
    magic, size = HEADER.unpack(head)
    if magic != MAGIC or size > MAX_FRAME:
        raise Garbled(f"not a frame: {head!r}")
    body = _exactly(stream, size)
    if body is None:
        raise Garbled("the channel closed after a frame's header")
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Garbled(f"a frame that is not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise Garbled("a frame that is not a JSON object")
    return message
