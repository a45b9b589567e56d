"""Run student code in a fresh interpreter and bring back what it printed, returned and took.

Topics 06-11 monkey-patch: `monkey.patch_all()` is process-wide and cannot be undone, and whether
(and where) the student patches is itself graded. So their checks never import the student's
module in the pytest process: `run_isolated` starts `python -m kata.driver`, which imports only
the standard library before the student's module, then runs a snippet of the check's code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kata import proc
from kata.checks import CheckFailed
from kata.manifest import ROOT


@dataclass
class Outcome:
    value: Any  # what the snippet stored in `result` (JSON round-trip)
    lines: list[str]  # stdout printed while the snippet ran
    stderr: list[str]  # stderr meanwhile (gevent prints greenlet errors there)
    seconds: float  # wall time of the snippet alone (import and patching excluded)


def _options() -> dict[str, Any]:
    """How the driver is started: finding kata/, writing no bytecode, talking through files only."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {"env": {**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"},
            "stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}


def _driver(path: Path, target: Path, code: str, out: Path) -> list[str]:
    """The driver's command; its spec is written next to `out`, where the result will be."""
    spec = out.with_name("spec.json")
    spec.write_text(json.dumps({"path": str(path), "target": str(target), "code": code}),
                    encoding="utf-8")
    return [sys.executable, "-m", "kata.driver", str(spec), str(out)]


def run_isolated(path: Path, target: Path, code: str, timeout: float = 20.0) -> Outcome:
    """Import `path` as `m` in a new interpreter, exec `code` (which sets `result`), time it.

    Raises CheckFailed, in the student's terms, when the import or the code fails, when it does
    not finish within `timeout` seconds, or when the process dies without a result.
    """
    with tempfile.TemporaryDirectory(prefix="kata-run-") as tmp:
        out = Path(tmp) / "result.json"
        code_, timed_out = proc.run(_driver(path, target, code, out), timeout, **_options())
        if timed_out:
            raise CheckFailed(
                f"{path.name} 没有在 {timeout:g} 秒内完成：有没有永远不结束的循环，或者阻塞了整个线程？",
                f"{path.name} did not finish in {timeout:g} s: a loop that never ends, or a "
                "call that blocks the whole thread?", kind="timeout", seconds=timeout)
        return _outcome(out, path, code_)


def _outcome(out: Path, path: Path, exit_code: int | None) -> Outcome:
    """The driver's result file as an Outcome, or the CheckFailed it reports."""
    if not out.exists():
        raise CheckFailed(
            f"运行 {path.name} 的进程中途退出了（退出码 {exit_code}）：是不是调用了 os._exit() 或 sys.exit()？",
            f"The process running {path.name} ended early (exit code {exit_code}): does it call "
            "os._exit() or sys.exit()?", kind="error")
    result = json.loads(out.read_text(encoding="utf-8"))
    if "failure" in result:
        failure = result["failure"]
        failure["output"] = result["lines"][-40:]
        raise CheckFailed(**{k: failure.pop(k) for k in ("zh", "en", "kind")}, **failure)
    return Outcome(result["value"], result["lines"], result["stderr"], result["seconds"])


class Background:
    """A snippet that runs until stopped, e.g. a student's server, in its own interpreter.

    Same driver as run_isolated; the snippet usually never returns. `pid` lets a check watch the
    process; `ended()` is True once the snippet stopped by itself, and then `outcome()` says how
    (a CheckFailed for an exception, as in run_isolated). `stop()` kills the process and all it
    started; leaving the `with` block does the same, whatever happened inside it.
    """

    def __init__(self, path: Path, target: Path, code: str) -> None:
        self._path = path
        self._tmp = tempfile.TemporaryDirectory(prefix="kata-bg-")
        self._out = Path(self._tmp.name) / "result.json"
        self._proc = proc.start(_driver(path, target, code, self._out), **_options())
        self.pid = self._proc.pid

    def ended(self) -> bool:
        return self._proc.poll() is not None

    def outcome(self) -> Outcome:
        """How the snippet ended (call once `ended()`): its Outcome, or raises CheckFailed."""
        return _outcome(self._out, self._path, self._proc.returncode)

    def stop(self) -> None:
        proc.kill_tree(self._proc)
        self._tmp.cleanup()

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
