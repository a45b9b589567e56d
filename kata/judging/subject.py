"""The judge's side of the student's process: start it, ask it to run probes, time the answers.

The judge (the pytest process that decides every check) never imports student code. A `Subject`
starts `python -m kata.inside.host` (kata/inside/host.py) in a fresh working folder, in the sandbox when the
judge runs with it (kata/judging/sandbox.py), else as the unprivileged user when the grader runs as root
with KATA_RUN_AS set, and asks it to run probes (tests/probes/):
one request, one answer frame, read from a pipe only the judge reads. A thread here reads that
pipe as frames arrive, so the time of each answer is taken here, by the judge, the moment it
arrives: a check about time never trusts a clock of the student's process. Frames nobody asked
for, and bytes that are not frames, are never taken as an answer; they are counted and reported.

A request that takes too long, or a process that dies, fails the check that asked, in the
student's terms; the next request starts a fresh process. An import that fails fails every
check, at once, with the same message. When the process cannot even start (no interpreter the
unprivileged user may run, say), that is the grader's failure, never the student's.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psutil

from kata.checks import CheckFailed, Crash, Feedback, Kind
from kata.inside import wire
from kata.judging import crashes, proc, sandbox

START_TIMEOUT = 20.0  # s for a fresh interpreter to say hello, however busy the machine
LOAD_TIMEOUT = 15.0  # s to import the student's module (a loop at import ends here)
PRINTED_LIMIT = 2_000_000  # characters of a running process's output a check may read
_ENDED, _GARBLED = object(), object()
STUDENT_KINDS = {k.value for k in Kind}  # what a failure from the student's process may say it is


@dataclass
class Seen:
    """What the judge saw of the student's processes and no probe took, kept until asked for:
    one per judge (kata/judging/plugin.py: seen_by), shared by all its processes, whose reporter
    takes each at a check's start and end."""

    printed: list[str] = field(default_factory=list)  # what the processes printed
    crashed: list[Crash] = field(default_factory=list)  # greenlets that died (kata/judging/crashes.py)
    notes: list[tuple[str, str]] = field(default_factory=list)  # what the judge noticed, zh and en

    @staticmethod
    def _take(found: list[Any]) -> list[Any]:
        taken = found[:]
        found.clear()
        return taken

    def take_printed(self) -> list[str]:
        return self._take(self.printed)

    def take_crashed(self) -> list[Crash]:
        return self._take(self.crashed)

    def take_notes(self) -> list[tuple[str, str]]:
        return self._take(self.notes)


class GraderError(CheckFailed):
    """The grader could not run or reach the student's process: not the student's doing."""

    def __init__(self, zh: str, en: str, **details: Any) -> None:
        super().__init__(f"评分器出错，不是你的代码的问题：{zh}",
                         f"The grader failed, not your code: {en}", kind=Kind.GRADER, **details)


@dataclass
class Reply:
    value: Any  # what the probe returned (JSON)
    lines: list[str]  # what the process printed meanwhile and the probe did not take
    stderr: list[str]  # what it wrote to stderr meanwhile (gevent reports greenlet errors there)
    seconds: float  # from the request sent to the answer read, measured by the judge


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KATA_", "PYTEST_")) and k not in ("PYTHONSTARTUP", "PYTHONINSPECT")}
    return {**env, "PYTHONPATH": sandbox.STUDENT_PYTHONPATH, "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONIOENCODING": "utf-8", "TMPDIR": str(folder), "TEMP": str(folder), "TMP": str(folder)}


class Subject:
    """The student's code for one topic, in a process of its own, driven through probes.

    `source` is the student's file (or folder), `target` the submission (laid out like exercises/), `probes` the module
    of tests/probes/ whose functions the requests name. Nothing starts until the first request.
    """

    def __init__(self, source: Path, target: Path, probes: str, *, python: str | None = None,
                 seen: Seen | None = None) -> None:
        self.source, self.target, self.probes = source, target, probes
        self.seen = seen if seen is not None else Seen()
        self.python = python or sys.executable
        self.main_thread = 0  # native id of the process's main thread
        self.stray: list[str] = []  # what arrived unasked: never an answer
        self._proc: subprocess.Popen | None = None
        self._host: int | None = None  # pid of the process running the student's code
        self._cgroup: sandbox.Cgroup | None = None  # the sandbox's own, as root
        self._folder: Path | None = None
        self._inbox: queue.Queue[tuple[Any, float]] = queue.Queue()
        self._broken: CheckFailed | None = None  # the import failed: every request fails alike
        self._ids = itertools.count()
        self._token = secrets.token_hex(4)
        self._hung: dict[str, CheckFailed] = {}  # probes that timed out: they would again
        self._loading: str | None = None  # the import asked for, not yet answered
        self._pending: str | None = None  # a request started in the background
        self._answer: tuple[dict[str, Any], float] | None = None

    # -- asking -----------------------------------------------------------------------------
    def call(self, function: str, /, *, timeout: float = 5.0, **params: Any) -> Reply:
        """Run probe `function(**params)` in the student's process and return what it saw.

        A probe that once timed out fails again at once: the student's code hangs there, and
        waiting again for each check that asks would only run out the topic's deadline.
        """
        if function in self._hung:
            raise self._hung[function].with_traceback(None)  # the same failure, not a longer traceback
        self._ensure()
        try:
            answer, seconds = self._ask({"op": "call", "function": function, "params": params}, timeout)
        except CheckFailed as failure:
            if failure.kind == Kind.TIMEOUT:
                self._hung[function] = failure
            raise
        return self._reply(answer, seconds)

    def start(self, function: str, /, **params: Any) -> None:
        """Run a probe that does not return by itself (a server); see `ended`, `printed`, `close`."""
        self._ensure()
        self._sent = time.perf_counter()  # before sending: the judge may be descheduled once it has sent,
        # while the student's process already runs, and a lower bound must never see too little time
        self._pending = self._send({"op": "call", "function": function, "params": params})

    def ended(self) -> bool:
        """Whether a probe started with `start` has answered, or its process ended."""
        if self._answer is None and self._pending is not None:
            got = self._wait(self._pending, time.perf_counter())
            if got is not None:
                self._answer = got
        return self._answer is not None

    def outcome(self) -> Reply:
        """How the started probe ended: its Reply, or its failure raised (call once `ended()`)."""
        assert self._answer is not None
        answer, at = self._answer
        if answer is _ENDED:
            raise self._ended_early()
        if answer is _GARBLED:
            raise self._garbled()
        return self._reply(answer, at - self._sent)

    def printed(self, limit: int = PRINTED_LIMIT) -> str:
        """What the process printed so far (its stdout file), up to `limit` characters."""
        if self._folder is None:
            return ""
        return sandbox.read_bytes(self._folder / "stdout.txt", limit * 4).decode("utf-8", "replace")[:limit]

    @property
    def pid(self) -> int:
        """The process running the student's code (in the sandbox, bwrap's descendant)."""
        assert self._proc is not None
        if self._host is None and not sandbox.enabled():
            self._host = self._proc.pid
        deadline = time.monotonic() + 2
        while self._host is None:  # the first `python -m kata.inside.host` below bwrap (bwrap's own
            # command lines name it too): any later one is the student's. Never bwrap itself: its
            # threads are not the student's, so a lookup that fails is tried again, not remembered
            with contextlib.suppress(psutil.Error):
                hosts = [p for p in psutil.Process(self._proc.pid).children(recursive=True)
                         if _cmdline(p)[1:3] == ["-m", "kata.inside.host"]]
                if hosts:
                    self._host = min(hosts, key=lambda p: p.create_time()).pid
            if self._host is None:
                if time.monotonic() > deadline:
                    return self._proc.pid
                time.sleep(0.01)  # polling another process's state: no event to wait on
        return self._host

    # -- the process ------------------------------------------------------------------------
    def prepare(self) -> None:
        """Start the process and its import now, without waiting: the first request then finds
        it ready, its start-up spent while the judge was busy with its own."""
        if self._proc is None and self._broken is None:
            try:
                self._spawn()
            except GraderError as failure:
                self._broken = failure

    def _ensure(self) -> None:
        if self._broken is not None:
            raise self._broken.with_traceback(None)
        if self._proc is not None and self._proc.poll() is None and self._loading is None:
            return
        if self._proc is None or self._proc.poll() is not None:
            self._stop()
            self._spawn()
        try:
            self._ready()
        except GraderError:
            self._stop()
            raise
        except CheckFailed as failure:  # the import failed, or never ended: it would again
            self._broken = failure
            self._stop()
            raise

    def _command(self) -> tuple[list[str], dict[str, str]]:
        """The student's process: in the sandbox, with a copy of its own files as all it sees of
        the submission; else as the unprivileged user (KATA_RUN_AS), or as we are."""
        if sandbox.enabled():
            source = sandbox.copy_topic(self.source, self._folder)
            host = [self.python, "-m", "kata.inside.host", str(source), str(self._folder)]
            self._cgroup = sandbox.Cgroup.make()
            return sandbox.command(host, self._folder, self._cgroup), dict(os.environ)
        user = os.environ.get(proc.RUN_AS)
        prefix = proc.run_as_prefix(user, self._folder) if user else []
        host = [*prefix, self.python, "-m", "kata.inside.host", str(self.source), str(self.target)]
        return host, environment(self._folder)

    def _spawn(self) -> None:
        """Start the process, and ask it at once to import the student's module."""
        self._folder = Path(tempfile.mkdtemp(prefix="kata-student-"))
        self._host = None
        try:
            cmd, env = self._command()
            with (self._folder / "boot.txt").open("wb") as boot:
                self._proc = proc.start(cmd, group=False, cwd=self._folder, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=boot)
        except (OSError, KeyError, ImportError) as exc:  # no such user, no setpriv, no interpreter
            self._stop()
            raise GraderError(f"无法启动运行学生代码的进程（{exc!r}）。",
                              f"could not start the process for student code ({exc!r}).") from None
        self._inbox = queue.Queue()
        threading.Thread(target=self._read, args=(self._proc.stdout, self._inbox),
                         name="kata-answers", daemon=True).start()
        self._loading = self._send({"op": "load", "probes": self.probes})

    def _ready(self) -> None:
        """Wait for the process to start (else the grader failed) and the import to end."""
        hello = self._wait("hello", time.perf_counter() + START_TIMEOUT)
        if hello is None or hello[0] in (_ENDED, _GARBLED):
            boot = sandbox.read_bytes(self._folder / "boot.txt", 2**20).decode("utf-8", "replace")[-1500:]
            raise GraderError("运行学生代码的进程没能启动：" + boot,
                              "the process for student code did not start: " + boot)
        self.main_thread = hello[0].get("main_thread", 0)
        rid, self._loading = self._loading, None
        answer, _ = self._answer_to(rid, time.perf_counter(), LOAD_TIMEOUT)
        self._reply(answer, 0.0)

    def _read(self, stream: Any, inbox: queue.Queue) -> None:
        """Thread: every frame as it arrives, with the judge's time of arrival."""
        try:
            while (message := wire.receive(stream)) is not None:
                inbox.put((message, time.perf_counter()))
        except wire.Garbled as exc:
            inbox.put((_GARBLED, time.perf_counter()))
            self.stray.append(str(exc))
            while stream.read(65536):  # keep draining: a full pipe must not block the writer
                pass
        except (OSError, ValueError):
            pass
        inbox.put((_ENDED, time.perf_counter()))

    def _send(self, request: dict[str, Any]) -> str:
        rid = f"{self._token}-{next(self._ids)}"
        try:
            self._proc.stdin.write(wire.encode({"id": rid, **request}))
            self._proc.stdin.flush()
        except OSError:
            pass  # it died: the answer channel says so
        return rid

    def _wait(self, rid: str, deadline: float) -> tuple[Any, float] | None:
        """The answer to `rid` (or _ENDED / _GARBLED) by `deadline`; None if none came."""
        while True:
            try:
                message, at = self._inbox.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                return None
            if message is _ENDED or message is _GARBLED:
                self._inbox.put((message, at))  # stays the answer to every later wait
                return message, at
            if message.get("id") == rid:
                return message, at
            self.stray.append(f"an answer nobody asked for (id {str(message.get('id'))[:40]!r})")

    def _ask(self, request: dict[str, Any], timeout: float) -> tuple[dict[str, Any], float]:
        start = time.perf_counter()
        return self._answer_to(self._send(request), start, timeout)

    def _answer_to(self, rid: str, start: float, timeout: float) -> tuple[dict[str, Any], float]:
        """The answer to request `rid`, sent at `start`, and the seconds it took."""
        got = self._wait(rid, start + timeout)
        if got is None:
            self._stop()
            raise CheckFailed(
                f"{self.source.name} 没有在 {timeout:g} 秒内完成：有没有永远不结束的循环，或者阻塞了整个线程？",
                f"{self.source.name} did not finish in {timeout:g} s: a loop that never ends, or a "
                "call that blocks the whole thread?", kind=Kind.TIMEOUT, seconds=timeout)
        message, at = got
        if message is _ENDED:
            raise self._ended_early()
        if message is _GARBLED:
            raise self._garbled()
        return message, at - start

    def _reply(self, answer: dict[str, Any], seconds: float) -> Reply:
        lines = [str(x) for x in answer.get("lines") or []]
        self.seen.printed.extend(lines[-1000:])
        stderr = [str(x) for x in answer.get("stderr") or []]
        self.seen.crashed.extend(crashes.read(stderr, self.source.name))
        if "failure" in answer:
            raw = answer["failure"] if isinstance(answer["failure"], dict) else {}
            told = Feedback.from_json(raw)
            # only the judge may say the grader failed; a kind we do not know is the student code's error
            if raw.get("kind") not in STUDENT_KINDS or told.kind == Kind.GRADER:
                told = replace(told, kind=Kind.ERROR)
            raise CheckFailed.told(replace(told, output=tuple(lines[-40:]), crashes=(), pictures=None))
        return Reply(answer.get("value"), lines, stderr, seconds)

    def _ended_early(self) -> CheckFailed:
        code = self._proc.wait() if self._proc else None
        self._stop()
        if code in (-9, 128 + 9) and sandbox.enabled():  # SIGKILL: the sandbox's memory bound
            return CheckFailed(
                f"运行 {self.source.name} 的进程被强制结束了（SIGKILL）：是不是用了太多内存（沙箱最多 "
                f"{sandbox.MEMORY // 2**30} GiB）或太多进程？",
                f"The process running {self.source.name} was killed (SIGKILL): did it use too much "
                f"memory (the sandbox allows {sandbox.MEMORY // 2**30} GiB) or too many processes?",
                kind=Kind.ERROR, exit_code=code)
        return CheckFailed(
            f"运行 {self.source.name} 的进程中途退出了（退出码 {code}）：是不是调用了 os._exit() 或 sys.exit()？",
            f"The process running {self.source.name} ended early (exit code {code}): does it call "
            "os._exit() or sys.exit()?", kind=Kind.ERROR, exit_code=code)

    def _garbled(self) -> CheckFailed:
        self._stop()
        return CheckFailed("评分报告被篡改：学生进程的回答通道里出现了不是回答的数据。",
                           "The report was tampered with: the channel for answers from the "
                           "student's process carried data that is not an answer.", kind=Kind.TAMPERED)

    def _stop(self) -> None:
        if self._proc is not None:
            proc.kill_tree(self._proc)
            for pipe in (self._proc.stdin, self._proc.stdout):
                try:
                    pipe.close()
                except OSError:
                    pass
            self._proc = None
        if self._cgroup is not None:
            self._cgroup.remove()
            self._cgroup = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self._pending = self._answer = self._loading = None

    def close(self) -> None:
        """Stop the process and everything it started; say what arrived unasked, if anything."""
        self._stop()
        if self.stray:
            self.seen.notes.append((f"学生进程发来了 {len(self.stray)} 条没人请求的数据，已忽略：{self.stray[0]}",
                           f"The student's process sent {len(self.stray)} thing(s) nobody asked for, "
                           f"ignored: {self.stray[0]}"))
            self.stray = []

    def __enter__(self) -> Subject:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
