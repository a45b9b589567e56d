"""A schedule: which greenlet, thread or generator ran when, and a count over time.

The one record of it on both sides: probes build it in the student's process (kata/inside/probe.py)
and send `to_json()`; the judge and the grader read it back with `from_json`, which keeps only what
is well formed (it comes from beside untrusted code), and kata/show/timeline.py draws it. Standard
library only, as everything kata/inside/ imports.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

KINDS = ("main", "greenlet", "hub", "thread", "generator")
MAX_TRACKS = 200
MAX_SPANS = 20_000  # over all tracks; switches and count points are capped at this too


@dataclass(frozen=True)
class Span:
    start: float
    end: float
    kind: str  # "run" or "wait"


@dataclass(frozen=True)
class Track:
    id: str
    name: str
    kind: str  # one of KINDS; an unknown kind reads as "greenlet"
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Counts:
    zh: str
    en: str
    points: tuple[tuple[float, float], ...]  # (time, value), a step series in time order

    @property
    def peak(self) -> float:
        return max((v for _, v in self.points), default=0.0)


def _num(x: Any) -> float | None:
    """A finite number, or None (JSON true/false are not numbers here)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        return None
    return float(x)


def _text(x: Any, default: str = "") -> str:
    """A string without control characters (they would break the terminal), at most 200 characters."""
    if not isinstance(x, str):
        return default
    return "".join(ch for ch in x[:200] if not unicodedata.category(ch).startswith("C")) or default


def _list(x: Any) -> list[Any]:
    return x if isinstance(x, list) else []


def _spans(raw: Any, end: float, budget: int) -> list[Span]:
    """Well-formed spans clamped to [0, end], in time order, overlaps trimmed away."""
    found = []
    for item in _list(raw):
        if len(found) >= budget:
            break
        if not isinstance(item, list) or len(item) != 3 or item[2] not in ("run", "wait"):
            continue
        a, b = _num(item[0]), _num(item[1])
        if a is not None and b is not None and max(a, 0.0) < min(b, end):
            found.append(Span(max(a, 0.0), min(b, end), item[2]))
    kept: list[Span] = []
    for span in sorted(found, key=lambda s: s.start):
        start = max(span.start, kept[-1].end) if kept else span.start
        if start < span.end:
            kept.append(Span(start, span.end, span.kind))
    return kept


@dataclass(frozen=True)
class Schedule:
    end: float  # seconds
    tracks: tuple[Track, ...] = ()
    switches: tuple[tuple[float, str, str], ...] = ()  # (time, from id, to id)
    counts: Counts | None = None

    @classmethod
    def from_json(cls, obj: Any) -> Schedule:
        """Read a schedule sent by another process, keeping only what is well formed."""
        end = _num(obj.get("end")) if isinstance(obj, dict) else None
        if end is None or end <= 0:
            return cls(0.0)
        tracks: list[Track] = []
        budget = MAX_SPANS
        for raw in _list(obj.get("tracks")):
            ident = _text(raw.get("id")) if isinstance(raw, dict) else ""
            if len(tracks) >= MAX_TRACKS or budget <= 0:
                break
            if not ident or any(t.id == ident for t in tracks):
                continue
            spans = _spans(raw.get("spans"), end, budget)
            budget -= len(spans)
            kind = raw.get("kind") if raw.get("kind") in KINDS else "greenlet"
            tracks.append(Track(ident, _text(raw.get("name"), ident), kind, tuple(spans)))
        switches = [(min(max(t, 0.0), end), _text(item[1]), _text(item[2]))
                    for item in _list(obj.get("switches"))[:MAX_SPANS]
                    if isinstance(item, list) and len(item) == 3 and (t := _num(item[0])) is not None
                    and _text(item[1]) and _text(item[2])]
        return cls(end, tuple(tracks), tuple(sorted(switches)), _counts(obj.get("counts"), end))

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "end": self.end,
            "tracks": [{"id": t.id, "name": t.name, "kind": t.kind,
                        "spans": [[s.start, s.end, s.kind] for s in t.spans]} for t in self.tracks],
            "switches": [list(s) for s in self.switches],
        }
        if self.counts:
            doc["counts"] = {"label": {"zh": self.counts.zh, "en": self.counts.en},
                             "points": [list(p) for p in self.counts.points]}
        return doc

    def peak_overlap(self, kinds: tuple[str, ...] = ("greenlet", "thread", "generator")) -> int:
        """The most tracks of these kinds alive (running or waiting) at one instant; touching is not overlapping."""
        edges = sorted((t, step) for track in self.tracks if track.kind in kinds
                       for s in track.spans for t, step in ((s.start, 1), (s.end, -1)))
        alive = peak = 0
        for _, step in edges:
            alive += step
            peak = max(peak, alive)
        return peak


def _counts(raw: Any, end: float) -> Counts | None:
    if not isinstance(raw, dict):
        return None
    label = raw.get("label") if isinstance(raw.get("label"), dict) else {}
    zh, en = _text(label.get("zh")), _text(label.get("en"))
    points = []
    for item in _list(raw.get("points"))[:MAX_SPANS]:
        if isinstance(item, list) and len(item) == 2:
            t, v = _num(item[0]), _num(item[1])
            if t is not None and v is not None and v >= 0:
                points.append((min(max(t, 0.0), end), v))
    points.sort(key=lambda p: p[0])  # stable: of two points at one instant, the later one holds
    return Counts(zh or en or "数量", en or zh or "count", tuple(points)) if points else None


def turns(runs: list[tuple[float, float]], first: float, last: float) -> tuple[Span, ...]:
    """A track's spans from `first` to `last`: its runs, and the waits between them."""
    marks: list[Span] = []
    at = first
    for start, stop in runs:
        if start > at:
            marks.append(Span(at, start, "wait"))
        marks.append(Span(start, stop, "run"))
        at = stop
    if last > at:
        marks.append(Span(at, last, "wait"))
    return tuple(marks)
