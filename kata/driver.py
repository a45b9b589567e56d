"""Child side of kata.isolated: `python -m kata.driver SPEC RESULT`.

Imports nothing but the standard library before the student's module, so the student's own
`monkey.patch_all()`, or its absence, decides how the code behaves.
"""

from __future__ import annotations

import io
import json
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from kata.checks import CheckFailed
from kata.student import describe_exception, load

MAX_LINES = 5000


def main(spec_path: str, result_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    path, target = Path(spec["path"]), Path(spec["target"])
    out, err = io.StringIO(), io.StringIO()
    result: dict = {"value": None, "seconds": 0.0}
    try:
        with redirect_stdout(out), redirect_stderr(err):
            module = load(path, target) if path.is_file() else None
            scope = {"m": module, "path": path, "result": None,
                     "load": lambda name: load(path / name, target)}  # for a topic folder
            start = time.perf_counter()
            exec(compile(spec["code"], "<check>", "exec"), scope)
            result["seconds"] = time.perf_counter() - start
        result["value"] = scope["result"]
    except BaseException as exc:  # noqa: B036 - student code may raise anything, even SystemExit
        failure = exc if isinstance(exc, CheckFailed) else describe_exception(exc, target)
        result["failure"] = failure.to_dict()
    result["lines"] = out.getvalue().splitlines()[:MAX_LINES]
    result["stderr"] = err.getvalue().splitlines()[-200:]
    Path(result_path).write_text(json.dumps(result, ensure_ascii=False, default=repr),
                                 encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
