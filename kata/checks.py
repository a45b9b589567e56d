"""What a check says when it fails: bilingual messages with the data a beginner needs.

Tests raise `CheckFailed` (through the helpers below) instead of bare asserts, so that the grader
can show expected and actual lines side by side, the measured times against their bound, or the
student's own line, in the student's language. What reaches the grader is a `Feedback`: one typed
record from the student's process (a failure there) and the judge to every medium (the terminal,
kata/show/plaintext.py for result files, the class report). Standard library only: the student's
process uses it too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from kata.schedule import Schedule

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


MAX_FRAMES = 20  # of a traceback, kept from its end
MAX_TEXT = 2000  # characters of one message or line kept from another process
MAX_KEPT = 1000  # lines of one list kept from another process


def _str(x: Any, default: str = "") -> str:
    return x[:MAX_TEXT] if isinstance(x, str) else default


def _int(x: Any) -> int | None:
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def _float(x: Any) -> float | None:
    ok = isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
    return float(x) if ok else None


def _lines(x: Any) -> tuple[str, ...]:
    return tuple(str(line)[:MAX_TEXT] for line in x[:MAX_KEPT]) if isinstance(x, (list, tuple)) else ()


@dataclass(frozen=True)
class Frame:
    """A line of the student's code: on a traceback, or where a syntax error is (with its column)."""

    file: str
    line: int
    function: str = ""
    code: str = ""
    column: int | None = None

    @classmethod
    def from_json(cls, raw: Any) -> Frame | None:
        if not isinstance(raw, dict) or _int(raw.get("line")) is None:
            return None
        return cls(_str(raw.get("file")), raw["line"], _str(raw.get("function")), _str(raw.get("code")),
                   _int(raw.get("column")))

    def to_json(self) -> dict[str, Any]:
        found = {"file": self.file, "line": self.line, "function": self.function, "code": self.code}
        return found if self.column is None else {**found, "column": self.column}


def _frames(raw: Any) -> tuple[Frame, ...]:
    found = (Frame.from_json(f) for f in (raw[-MAX_FRAMES:] if isinstance(raw, list) else ()))
    return tuple(f for f in found if f is not None)


@dataclass(frozen=True)
class Crash:
    """A greenlet of the student's that died while a check ran (kata/judging/crashes.py reads them)."""

    zh: str
    en: str
    exception: str  # its name
    error: str  # its last line, with the message
    frames: tuple[Frame, ...] = ()
    greenlets: int = 1  # how many died so, at the same line

    @classmethod
    def from_json(cls, raw: Any) -> Crash | None:
        if not isinstance(raw, dict):
            return None
        return cls(_str(raw.get("zh")), _str(raw.get("en")), _str(raw.get("exception")), _str(raw.get("error")),
                   _frames(raw.get("frames")), _int(raw.get("greenlets")) or 1)

    def to_json(self) -> dict[str, Any]:
        return {"zh": self.zh, "en": self.en, "exception": self.exception, "error": self.error,
                "frames": [f.to_json() for f in self.frames], "greenlets": self.greenlets}


@dataclass(frozen=True)
class Pictures:
    """The student's schedule beside ours, under a failed order or overlap check (tests/kit/schedule.py)."""

    yours: Schedule
    expected: Schedule | None = None

    @classmethod
    def from_json(cls, raw: Any) -> Pictures | None:
        if not isinstance(raw, dict) or not raw.get("yours"):
            return None
        expected = Schedule.from_json(raw["expected"]) if raw.get("expected") else None
        return cls(Schedule.from_json(raw["yours"]), expected)

    def to_json(self) -> dict[str, Any]:
        return {"yours": self.yours.to_json(), "expected": self.expected.to_json() if self.expected else None}


@dataclass(frozen=True)
class Feedback:
    """Why one check failed, as every medium shows it: the message, and the facts it rests on."""

    kind: Kind
    zh: str
    en: str
    expected: tuple[str, ...] = ()  # lines, when printed output was compared (Kind.MISMATCH)
    actual: tuple[str, ...] = ()
    measured: float | None = None  # seconds, against at_least and at_most (Kind.TIMING)
    at_least: float | None = None
    at_most: float | None = None
    at: Frame | None = None  # where the syntax error is (Kind.SYNTAX)
    frames: tuple[Frame, ...] = ()  # the student's lines on the traceback
    crashes: tuple[Crash, ...] = ()  # greenlets that died first: the cause, said before the message
    output: tuple[str, ...] = ()  # what the student's code printed meanwhile
    pictures: Pictures | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # the rest, for the record: exit_code, name...

    _TYPED = ("kind", "zh", "en", "expected", "actual", "measured", "at_least", "at_most", "at", "frames", "crashes",
              "output", "schedule")

    @classmethod
    def from_json(cls, raw: Any) -> Feedback:
        """Read feedback from another process, keeping only what is well formed."""
        raw = raw if isinstance(raw, dict) else {}
        try:
            kind = Kind(raw.get("kind"))
        except ValueError:
            kind = Kind.MESSAGE
        crashes = (Crash.from_json(c) for c in (raw.get("crashes") if isinstance(raw.get("crashes"), list) else ()))
        facts = {k: v for k, v in raw.items() if k not in cls._TYPED and isinstance(v, (str, int, float, list))}
        return cls(kind, _str(raw.get("zh"), "?"), _str(raw.get("en"), "?"), _lines(raw.get("expected")),
                   _lines(raw.get("actual")), _float(raw.get("measured")), _float(raw.get("at_least")),
                   _float(raw.get("at_most")), Frame.from_json(raw.get("at")), _frames(raw.get("frames")),
                   tuple(c for c in crashes if c is not None), _lines(raw.get("output")),
                   Pictures.from_json(raw.get("schedule")), facts)

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {**self.facts, "kind": self.kind.value, "zh": self.zh, "en": self.en}
        if self.expected or self.actual:
            found.update(expected=list(self.expected), actual=list(self.actual))
        if self.measured is not None:
            found.update(measured=self.measured, at_least=self.at_least, at_most=self.at_most)
        if self.at is not None:
            found["at"] = self.at.to_json()
        for key in ("frames", "crashes"):
            if getattr(self, key):
                found[key] = [x.to_json() for x in getattr(self, key)]
        if self.output:
            found["output"] = list(self.output)
        if self.pictures is not None:
            found["schedule"] = self.pictures.to_json()
        return found


class CheckFailed(AssertionError):
    """A check's failure, told in 中文 and English, with structured details (see Kind and Feedback)."""

    def __init__(self, zh: str, en: str, kind: Kind = Kind.MESSAGE, **details: Any) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.kind, self.details = zh, en, Kind(kind), details

    @classmethod
    def told(cls, feedback: Feedback) -> CheckFailed:
        """The failure a `Feedback` from another process tells."""
        details = {k: v for k, v in feedback.to_json().items() if k not in ("kind", "zh", "en")}
        return cls(feedback.zh, feedback.en, feedback.kind, **details)

    def feedback(self) -> Feedback:
        return Feedback.from_json({**self.details, "kind": self.kind.value, "zh": self.zh, "en": self.en})


def fail(zh: str, en: str, kind: Kind = Kind.MESSAGE, **details: Any) -> CheckFailed:
    """Raise a failure; written `raise fail(...)` is fine too, it never returns."""
    raise CheckFailed(zh, en, kind, **details)


def expect(condition: object, zh: str, en: str, **details: Any) -> None:
    if not condition:
        fail(zh, en, **details)


def missing_file(path: Path) -> CheckFailed:
    """The student's file (or 默写 folder) is not there: theirs to create, never the grader's failure."""
    return CheckFailed(f"找不到文件 {path}。", f"File not found: {path}.", kind=Kind.MISSING, file=str(path))


def syntax_error(exc: SyntaxError, path: Path) -> CheckFailed:
    """The student's file does not parse: shown at its line, with a caret under the column."""
    at = Frame(str(path), exc.lineno or 0, "", (exc.text or "").rstrip("\n"), exc.offset)
    return CheckFailed(f"语法错误：{exc.msg}（{path.name} 第 {exc.lineno} 行）",
                       f"Syntax error: {exc.msg} ({path.name}, line {exc.lineno})", kind=Kind.SYNTAX, at=at.to_json())


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
