"""What a probe sees in the student's process: the student's module, what it printed, how it ran.

Probes (tests/probes/<slug>.py) are the only code of ours that runs next to student code. Each is
a function `name(p: Probe, **params)` that calls the student's functions and returns plain
observations (JSON); the judge, in another process, decides what they mean. A probe never grades.

A `Recording` notes, from outside the student's logic, which greenlet switched to which
(`greenlet.settrace`) and who wrote each piece of output: the greenlet, the OS thread and the
student's functions on the stack. `Probe.entries` counts how often a student function's frame
was entered (a call, or a generator resumed by next/send), with `sys.setprofile`.
"""

from __future__ import annotations

import _thread
import os
import sys
import time
import types
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import GeneratorType, ModuleType
from typing import Any, Protocol

from kata.inside.student import Module, describe_exception, load
from kata.schedule import Counts, Schedule, Span, Track, turns

# taken before any student code runs, so that patching or replacing them changes nothing here
native_id = _thread.get_native_id
allocate_lock = _thread.allocate_lock
clock = time.perf_counter
MAIN_THREAD = native_id()
MAX_WRITES = 50_000  # writes kept per recording; a flood beyond that is counted, not kept


@dataclass
class Write:
    text: str
    greenlet: str  # "main", "g1", "g2", ... in order of first sight
    thread: int  # native OS thread id
    functions: tuple[str, ...]  # the student's functions on the stack, innermost first
    thread_name: str | None  # threading.current_thread().name, when the recording asked for it
    at: float  # seconds since the recording started


@dataclass
class Recording:
    """Switches between greenlets and who wrote what, while the recording is on."""

    root: str  # the submission: frames from files below it are the student's
    names: bool = False
    start: float = field(default_factory=clock)
    writes: list[Write] = field(default_factory=list)
    switches: list[tuple[str, str, str, float]] = field(default_factory=list)  # event, from, to, at
    greenlets: dict[str, Any] = field(default_factory=dict)  # label -> greenlet (kept alive)
    runs: dict[str, tuple[Any, tuple, dict]] = field(default_factory=dict)  # label -> what it runs
    dropped: int = 0
    seen_in: dict[str, str | None] = field(default_factory=dict)  # label -> outermost student function
    stop: float | None = None  # seconds since start when the recording ended
    _labels: dict[int, str] = field(default_factory=dict)
    _lock: Any = field(default_factory=allocate_lock)

    def label(self, glet: Any) -> str:
        with self._lock:
            found = self._labels.get(id(glet))
            if found is None:
                if getattr(glet, "parent", None) is None:
                    found = "main" if native_id() == MAIN_THREAD else f"main-{native_id()}"
                else:
                    found = f"g{sum(not k.startswith('main') for k in self.greenlets) + 1}"
                self._labels[id(glet)] = found
                self.greenlets[found] = glet
                # seen before it runs: gevent clears _run, args and kwargs once a greenlet is done
                run = getattr(glet, "_run", None) or getattr(glet, "run", None)
                self.runs[found] = (run, tuple(getattr(glet, "args", ()) or ()),
                                    dict(getattr(glet, "kwargs", None) or {}))
            return found

    def current(self) -> str:
        """The label of the greenlet running now ("main" when greenlet was never imported)."""
        module = sys.modules.get("greenlet")
        if module is None:
            return "main" if native_id() == MAIN_THREAD else f"main-{native_id()}"
        return self.label(module.getcurrent())

    def on_write(self, text: str) -> None:
        if len(self.writes) >= MAX_WRITES:
            self.dropped += 1
            return
        name = None
        if self.names and "threading" in sys.modules:
            name = sys.modules["threading"].current_thread().name
        self.writes.append(Write(text, self.current(), native_id(), self._student_frames(), name,
                                 clock() - self.start))

    def on_switch(self, event: str, args: tuple[Any, Any]) -> None:
        origin, target = args
        label, to = self.label(origin), self.label(target)
        # the student function each greenlet runs (its outermost frame of theirs): here the
        # origin's frames are suspended in gr_frame, and the stack is the target's (none yet when
        # it has not started). Settled at a greenlet's first switch out, the hub's included, so
        # that no switch walks a stack twice for nothing
        if label not in self.seen_in:
            self.seen_in[label] = self._outermost(getattr(origin, "gr_frame", None))
        if to not in self.seen_in and (name := self._outermost(sys._getframe(0).f_back)):
            self.seen_in[to] = name
        self.switches.append((event, label, to, clock() - self.start))

    def _outermost(self, frame: Any) -> str | None:
        names = self._student_frames(frame)
        return names[-1] if names else None

    def _student_frames(self, frame: Any = None) -> tuple[str, ...]:
        names, depth = [], 0
        frame = frame if frame is not None else sys._getframe(1)
        while frame is not None and depth < 64:
            if frame.f_code.co_filename.startswith(self.root):
                names.append(frame.f_code.co_name)
            frame, depth = frame.f_back, depth + 1
        return tuple(names)

    def printed_by(self) -> dict[str, list[str]]:
        """The lines each greenlet printed, in order (writes of one greenlet joined, then split)."""
        text: dict[str, str] = {}
        for w in self.writes:
            text[w.greenlet] = text.get(w.greenlet, "") + w.text
        return {label: t.splitlines() for label, t in text.items()}

    def line_origins(self) -> list[tuple[str, Write]]:
        """Each printed line with the write that ended it (who printed it, and from where)."""
        found, pending = [], {}
        for w in self.writes:
            parts = (pending.pop(w.greenlet, "") + w.text).split("\n")
            for line in parts[:-1]:
                found.append((line, w))
            if parts[-1]:
                pending[w.greenlet] = parts[-1]
        return found

    def schedule(self) -> Schedule:
        """Which greenlet ran when, from the switches: per greenlet its spans of running and of
        waiting between its first run and its end, in seconds."""
        end = self.stop if self.stop is not None else clock() - self.start
        runs: dict[str, list[tuple[float, float]]] = {"main": []}
        now, since = "main", 0.0
        for event, origin, target, at in self.switches:
            if event not in ("switch", "throw"):
                continue
            runs.setdefault(origin, []).append((since, at))
            now, since = target, at
            runs.setdefault(now, [])
        runs.setdefault(now, []).append((since, end))
        tracks = []
        for label, spans in runs.items():
            spans = [s for s in spans if s[1] > s[0]] or spans[:1]
            if not spans:
                continue
            glet = self.greenlets.get(label)
            first = 0.0 if label == "main" else spans[0][0]
            last = spans[-1][1] if getattr(glet, "dead", False) else end
            kind, name = self._describe(label, glet)
            # gevent's loop has control while every greenlet waits: it waits too
            marks = (Span(first, last, "wait"),) if kind == "hub" else turns(spans, first, last)
            tracks.append(Track(label, name, kind, marks))
        tracks.sort(key=lambda t: (t.id != "main", t.kind == "hub", t.spans[0].start))
        names = Counter(t.name for t in tracks)
        seen: Counter[str] = Counter()
        for k, track in enumerate(tracks):  # five greenlets running get_page: get_page #1 ... #5
            if names[track.name] > 1:
                seen[track.name] += 1
                tracks[k] = replace(track, name=f"{track.name} #{seen[track.name]}")
        return Schedule(end, tuple(tracks), tuple((at, origin, target) for event, origin, target, at
                                                  in self.switches if event in ("switch", "throw"))[:MAX_WRITES])

    def _describe(self, label: str, glet: Any) -> tuple[str, str]:
        """(kind, name) of a greenlet as the lesson would name it: main, hub, eat, task(3)..."""
        if label.startswith("main"):
            return "main", label
        hub = sys.modules.get("gevent.hub")
        if hub is not None and isinstance(glet, hub.Hub):
            return "hub", "hub"
        run, args, _ = self.runs.get(label, (None, (), {}))
        name = self.seen_in.get(label) or getattr(run, "__name__", None) or label
        if args and type(args[0]) is int:  # task(3); a url or an address would crowd the row
            name = f"{name}({args[0]!r})"
        return "greenlet", name


def part(zh: str, en: str, schedule: Schedule, got: dict[str, Any]) -> dict[str, Any]:
    """One part of a topic's demonstration for `--timeline`: its title, its schedule, and what the
    student's call printed and how it failed (`got`, shaped as `Probe.attempt` answers)."""
    return {"title": {"zh": zh, "en": en}, "schedule": schedule.to_json(), "lines": got["lines"],
            "failure": got.get("failure")}


class Tally:
    """How many of something there are over time, changed from any thread, real OS threads
    included (its lock was made before the student's module could patch): a schedule's `counts`."""

    def __init__(self, zh: str, en: str, start: float | None = None) -> None:
        self.zh, self.en = zh, en
        self.start = clock() if start is None else start
        self.now = 0
        self.points: list[tuple[float, float]] = [(0.0, 0)]
        self._lock = allocate_lock()

    def change(self, by: int) -> None:
        with self._lock:
            self.now += by
            self.points.append((clock() - self.start, self.now))

    def counts(self) -> Counts:
        with self._lock:
            return Counts(self.zh, self.en, tuple(self.points))


class Entries:
    """sys.setprofile hook: how many times frames of the given student functions were entered.

    A generator's frame is entered once per next/send, so for a coroutine this counts the items
    handed to it. Generators returned by a function being counted are counted too.
    """

    def __init__(self, *functions: Callable[..., Any]) -> None:
        self.codes = {getattr(f, "__code__", None) for f in functions} - {None}
        self.count = 0
        self.start = clock()
        self.spans: list[list[float]] = []  # [entered, left] in seconds since start, outermost only
        self._depth = 0

    def __call__(self, frame: Any, event: str, arg: Any) -> None:
        if frame.f_code in self.codes:
            if event == "call":
                self.count += 1
                self._depth += 1
                if self._depth == 1:
                    at = clock() - self.start
                    self.spans.append([at, at])
            elif event == "return":
                if isinstance(arg, GeneratorType):
                    self.codes.add(arg.gi_code)
                self._depth = max(0, self._depth - 1)
                if self._depth == 0 and self.spans:
                    self.spans[-1][1] = clock() - self.start


class Streams(Protocol):
    recording: Recording | None

    def take(self, fd: int = 1) -> list[str]: ...


class Host(Protocol):
    """The student's process as a probe sees it (kata/inside/host.py)."""

    module: ModuleType | None
    source: Path
    target: Path
    streams: Streams


class Probe:
    """What one request's probe may use; made fresh for every request."""

    def __init__(self, host: Host) -> None:
        self._host = host

    @property
    def student(self) -> Module:
        """The student's module (a file topic); a missing function fails by its name."""
        if self._host.module is None:
            raise RuntimeError("this topic is a folder: use p.load(name)")
        return Module(self._host.module, self._host.source)

    @property
    def source(self) -> Path:
        return self._host.source

    def load(self, name: str) -> Module:
        """A file of a folder topic (默写), imported now."""
        path = self._host.source / name
        return Module(load(path, self._host.target), path)

    def lines(self) -> list[str]:
        """The lines the process printed since the last call (or since the request began)."""
        return self._host.streams.take()

    @contextmanager
    def record(self, names: bool = False) -> Iterator[Recording]:
        """Record greenlet switches and who wrote each piece of output, until the block ends."""
        recording = Recording(os.path.join(self._host.target, ""), names)
        greenlet = sys.modules.get("greenlet")
        previous = greenlet.settrace(recording.on_switch) if greenlet else None
        self._host.streams.recording = recording
        recording.current()  # the greenlet that records is "main", first seen
        try:
            yield recording
        finally:
            recording.stop = clock() - recording.start
            self._host.streams.recording = None
            if greenlet:
                greenlet.settrace(previous)

    @contextmanager
    def entries(self, *functions: Callable[..., Any]) -> Iterator[Entries]:
        """Count entries into these functions' frames (calls, and a generator's next/send)."""
        counter = Entries(*functions)
        previous = sys.getprofile()
        sys.setprofile(counter)
        try:
            yield counter
        finally:
            sys.setprofile(previous)

    def attempt(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Call student code and keep going whatever it does: {"value"} or {"failure"}, and "lines"."""
        try:
            value = fn(*args, **kwargs)
        except Exception as exc:
            return {"failure": self.describe(exc), "raised": type(exc).__name__, "lines": self.lines()}
        return {"value": value, "lines": self.lines()}

    def demo(self, zh: str, en: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
        """One part of a topic's demonstration for `--timeline`: fn(*args, **kwargs) recorded;
        its schedule, what it printed, and how it failed if it did."""
        with self.record() as rec:
            got = self.attempt(fn, *args, **kwargs)
        name = fn.__name__ if isinstance(fn, types.FunctionType) else ""  # no student code runs to read it
        return {**part(zh, en, rec.schedule(), got), "function": name}  # (kata/course/recording.py keeps ours)

    def describe(self, exc: BaseException) -> dict[str, Any]:
        """An exception from student code, told in the student's terms (their file and line)."""
        return describe_exception(exc, self._host.target).feedback().to_json()
