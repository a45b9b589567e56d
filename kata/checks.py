"""What a check says when it fails: bilingual messages with the data a beginner needs.

Tests raise `CheckFailed` (through the helpers below) instead of bare asserts, so that the grader
can show expected and actual lines side by side, the measured times against their bound, or the
student's own line, in the student's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

MAX_LINES = 40  # student output shown per check; the rest is cut with a note


class Kind(str, Enum):
    """Why a check failed: the one vocabulary of failures, from the student's process to every report."""

    MESSAGE = "message"
    MISMATCH = "mismatch"  # expected and actual lines
    TIMING = "timing"  # a time against its bounds
    MISSING = "missing"  # a function or file
    NOT_STARTED = "not_started"  # still raise NotImplementedError
    SYNTAX = "syntax"
    ERROR = "error"  # student code raised, or its process ended
    TIMEOUT = "timeout"  # student code did not finish
    GRADER = "grader"  # the grader failed: never the student's doing
    TAMPERED = "tampered"  # the report or the grader's files cannot be trusted


class CheckFailed(AssertionError):
    """A check's failure, told in 中文 and English, with structured details (see Kind)."""

    def __init__(self, zh: str, en: str, kind: Kind | str = Kind.MESSAGE, **details: Any) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.kind, self.details = zh, en, Kind(kind), details

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "zh": self.zh, "en": self.en, **self.details}


def fail(zh: str, en: str, kind: Kind | str = Kind.MESSAGE, **details: Any) -> CheckFailed:
    """Raise a failure; written `raise fail(...)` is fine too, it never returns."""
    raise CheckFailed(zh, en, kind, **details)


def expect(condition: object, zh: str, en: str, **details: Any) -> None:
    if not condition:
        fail(zh, en, **details)


def missing_file(path: Path) -> CheckFailed:
    """The student's file (or 默写 folder) is not there: theirs to create, never the grader's failure."""
    return CheckFailed(f"找不到文件 {path}。", f"File not found: {path}.", kind=Kind.MISSING, file=str(path))


def read_source(path: Path) -> str:
    """The student's source text, for checks that read it rather than run it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise missing_file(path) from None


def cut(lines: Sequence[str], limit: int = MAX_LINES) -> list[str]:
    """At most `limit` lines, with a last line saying how many were left out."""
    lines = [line if len(line) <= 200 else line[:200] + " …" for line in lines]
    if len(lines) <= limit:
        return list(lines)
    return lines[:limit] + [f"… (+{len(lines) - limit} 行未显示 / more lines not shown)"]


def expect_lines(actual: Sequence[str], expected: Sequence[str], zh: str, en: str) -> None:
    """Printed output must be exactly these lines, in this order."""
    actual = [str(line) for line in actual]
    if actual != list(expected):
        fail(zh, en, kind=Kind.MISMATCH, expected=list(expected), actual=cut(actual))


def expect_time(seconds: float, *, at_least: float | None = None, at_most: float | None = None,
                zh: str, en: str) -> None:
    """A measured duration within bounds (keep upper bounds wide: machines are noisy)."""
    low = at_least is not None and seconds < at_least
    high = at_most is not None and seconds > at_most
    if low or high:
        fail(zh, en, kind=Kind.TIMING, measured=round(seconds, 4),
             at_least=at_least, at_most=at_most)
