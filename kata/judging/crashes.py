"""Greenlets that died of an exception, read from what gevent printed on the student's stderr.

gevent does not raise such an exception anywhere: its hub prints the traceback, then
`<Greenlet at 0x…: task(0, 0.05)> failed with NameError`, and the program goes on. A check then
sees only the consequence (lines never printed, a value of None), so the judge reads the crash
from the captured stderr and puts it first in the failed check's feedback, at the student's line.
What the student prints there can only change what the student is told, never a score.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from kata.checks import Crash, Frame

MAX_CRASHES = 3  # distinct ones kept per test module
_FAILED = re.compile(r"<(?P<greenlet>.*)> failed with (?P<exception>\w+)\s*$")
_FRAME = re.compile(r'^\s+File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<function>.+)$')


def _frames(block: list[str], source: str) -> tuple[Frame, ...]:
    """The traceback's frames in the student's file, or folder, named `source` (gevent's own left out)."""
    frames = []
    for k, text in enumerate(block):
        found = _FRAME.match(text)
        if found is None:
            continue
        code = block[k + 1].strip() if k + 1 < len(block) and not _FRAME.match(block[k + 1]) else ""
        frames.append(Frame(found["file"], int(found["line"]), found["function"], code))
    return tuple(f for f in frames if source in PurePath(f.file).parts)


def read(stderr: list[str], source: str) -> list[Crash]:
    """Each distinct crash gevent reported (same exception at the same line: one, counted), as
    feedback: zh, en, the student's frames, the exception's name and how many greenlets died so."""
    crashes: dict[tuple[str, str], dict[str, Any]] = {}
    start = None
    for k, text in enumerate(stderr):
        if text.startswith("Traceback (most recent call last):"):
            start = k
        failed = _FAILED.search(text)
        if failed is None or start is None:
            continue
        block, start = stderr[start:k], None
        error = next((line for line in reversed(block) if line and not line[0].isspace()), failed["exception"])
        frames = _frames(block, source)
        key = (error, repr(frames[-1:]))
        if key in crashes:
            crashes[key]["greenlets"] += 1
            continue
        crashes[key] = {"greenlet": failed["greenlet"].split(": ", 1)[-1], "exception": failed["exception"],
                        "error": error, "frames": frames, "greenlets": 1}
    return [_worded(c) for c in list(crashes.values())[:MAX_CRASHES]]


def _worded(crash: dict[str, Any]) -> Crash:
    n, who, error = crash["greenlets"], crash["greenlet"], crash["error"]
    more_zh = f"（共 {n} 个协程这样结束）" if n > 1 else ""
    more_en = f" ({n} greenlets ended this way)" if n > 1 else ""
    return Crash(f"你的一个协程崩溃了：{who} 抛出 {error}{more_zh}。gevent 只把它打印出来，程序照常往下走，"
                 "所以下面的检查只看到了后果：先修好这里。",
                 f"A greenlet of yours crashed: {who} raised {error}{more_en}. gevent only prints that and "
                 "carries on, so the check below saw only the consequence: fix this first.",
                 crash["exception"], error, crash["frames"], n)
