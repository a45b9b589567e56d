"""The student's process: `python -m kata.inside.host SOURCE TARGET PROBES`, started by the judge.

Nothing but the standard library and kata is imported before the student's module, so the
student's own `monkey.patch_all()`, or its absence, decides how the code behaves. Before that,
the process rearranges its files:
- fd 1 and fd 2 become files in its fresh working folder, so everything the student's code
  prints, however it prints it (print, a `stdout` bound at import, os.write, a child process),
  is kept, in order; `sys.stdout` writes straight through and tells a recording who wrote;
- the judge's answer channel is a private copy of the original stdout, its request channel a
  copy of stdin; the student's stdin reads nothing.
Each request (kata/inside/wire.py) gets exactly one answer: the probe's observations, or the failure
it met told in the student's terms, with what was printed meanwhile.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
from pathlib import Path
from typing import Any

from kata.inside import wire
from kata.inside.probe import MAIN_THREAD, Probe, Recording
from kata.inside.student import describe_exception, load

MAX_READ = 4 * 2**20  # bytes of output read per take; a flood beyond it is skipped, and said so
MAX_LINES = 5000  # lines per answer
FILE_LIMIT = 256 * 2**20  # bytes any file of this process may grow to (POSIX): a print loop
# that never ends fills no disk


class Output(io.TextIOBase):
    """sys.stdout here: no buffer (nothing lost when the process dies), and a recording hears
    every write."""

    def __init__(self, fd: int, streams: Streams) -> None:
        self._fd, self._streams = fd, streams
        self.buffer = io.FileIO(fd, "wb", closefd=False)

    encoding = "utf-8"
    errors = "backslashreplace"

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        data = memoryview(text.encode("utf-8", "backslashreplace"))
        while data:
            data = data[os.write(self._fd, data):]
        recording = self._streams.recording
        if recording is not None:
            recording.on_write(text)
        return len(text)


class Streams:
    """fd 1 and fd 2 as files of this process's folder, read back piece by piece."""

    def __init__(self) -> None:
        self.recording: Recording | None = None
        self._readers = {}
        for fd, name in ((1, "stdout.txt"), (2, "stderr.txt")):
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND | getattr(os, "O_BINARY", 0)
            written = os.open(name, flags, 0o644)
            os.dup2(written, fd)
            os.close(written)
            self._readers[fd] = open(name, "rb")  # noqa: SIM115 - read for as long as we live
        sys.stdout = sys.__stdout__ = Output(1, self)
        sys.stderr = sys.__stderr__ = io.TextIOWrapper(io.FileIO(2, "wb", closefd=False),
                                                       encoding="utf-8", errors="backslashreplace",
                                                       write_through=True)

    def take(self, fd: int = 1) -> list[str]:
        """Lines written to fd since the last take."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()  # the student may have put a buffered stream of their own there
            except Exception:  # noqa: BLE001 - whatever it is, it cannot stop us reading
                pass
        reader = self._readers[fd]
        data = reader.read(MAX_READ)
        skipped = 0
        if len(data) == MAX_READ:
            where = reader.tell()
            skipped = reader.seek(0, io.SEEK_END) - where
        lines = data.decode("utf-8", "replace").splitlines()
        if skipped:
            lines.append(f"… ({skipped} bytes more not shown / 还有 {skipped} 字节未显示)")
        return lines[:MAX_LINES] if fd == 1 else lines[-200:]


def limit() -> None:
    """A file this process writes cannot grow past FILE_LIMIT; writing more raises instead. In the
    sandbox (kata/judging/sandbox.py) also the tasks and the address space, as KATA_LIMITS says: the
    student's code can lower these limits, never raise them."""
    sandboxed = os.environ.pop("KATA_LIMITS", "")
    try:
        import resource
        import signal
    except ImportError:  # Windows
        return
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG for the writer, not death
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    for item in filter(None, sandboxed.split(",")):
        name, value = item.split("=")
        which = {"nproc": resource.RLIMIT_NPROC, "as": resource.RLIMIT_AS}[name]
        resource.setrlimit(which, (int(value), int(value)))


class Host:
    def __init__(self, source: Path, target: Path, streams: Streams) -> None:
        self.source, self.target, self.streams = source, target, streams
        self.module: Any = None
        self.probes: Any = None

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        """One request's answer: {"value"} or {"failure"}, with "lines" and "stderr" printed."""
        probe = Probe(self)
        try:
            if request.get("op") == "load":
                value = self.load(request["probes"])
            else:
                function = getattr(self.probes, request["function"])
                value = function(probe, **request.get("params", {}))
        except BaseException as exc:  # noqa: B036 - student code may raise anything, even SystemExit
            answer: dict[str, Any] = {"failure": describe_exception(exc, self.target).feedback().to_json()}
        else:
            answer = {"value": value}
        return {**answer, "lines": self.streams.take(1), "stderr": self.streams.take(2)}

    def load(self, probes: str) -> dict[str, Any]:
        """Import the student's module (a file topic), then our probes for it."""
        if self.source.is_file() or not self.source.exists():
            self.module = load(self.source, self.target)
        self.probes = importlib.import_module(probes)
        return {"main_thread": MAIN_THREAD}


def main(argv: list[str]) -> None:
    source, target = Path(argv[0]), Path(argv[1])
    answers, requests = os.dup(1), os.dup(0)
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.close(nothing)
    sys.stdin = sys.__stdin__ = open(os.devnull)  # noqa: SIM115 - the student's stdin: empty
    streams = Streams()
    limit()
    wire.send(answers, {"id": "hello", "pid": os.getpid(), "main_thread": MAIN_THREAD})
    host = Host(source, target, streams)
    with open(requests, "rb", buffering=0) as channel:
        while (request := wire.receive(channel)) is not None:
            wire.send(answers, {"id": request.get("id"), **host.handle(request)})


if __name__ == "__main__":
    main(sys.argv[1:])
