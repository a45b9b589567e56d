"""Load a student's module by path, turning every way it can go wrong into teaching feedback.

Topic modules start with digits (the file list is the course order), so they are loaded with
importlib from a path, never imported by name.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

from kata.checks import CheckFailed, Kind, missing_file, syntax_error


def student_traceback(exc: BaseException, target: Path) -> list[dict[str, Any]]:
    """The frames of a traceback that lie in the student's files (never our internals)."""
    root = str(target.resolve())
    frames = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if str(Path(frame.filename).resolve()).startswith(root):
            frames.append({"file": frame.filename, "line": frame.lineno,
                           "function": frame.name, "code": frame.line or ""})
    return frames


def describe_exception(exc: BaseException, target: Path) -> CheckFailed:
    """Feedback for an exception that escaped student code."""
    if isinstance(exc, CheckFailed):
        return exc
    frames = student_traceback(exc, target)
    if isinstance(exc, NotImplementedError) and frames:
        return CheckFailed("还没开始：这个函数仍然是 raise NotImplementedError。",
                           "Not started yet: this function still raises NotImplementedError.",
                           kind=Kind.NOT_STARTED, frames=frames)
    if isinstance(exc, SystemExit):
        return CheckFailed(f"你的代码调用了 sys.exit({exc.code!r})：评分时不要退出解释器。",
                           f"Your code called sys.exit({exc.code!r}): do not exit while graded.",
                           kind=Kind.ERROR, frames=frames)
    name = type(exc).__name__
    return CheckFailed(f"你的代码抛出了 {name}: {exc}", f"Your code raised {name}: {exc}",
                       kind=Kind.ERROR, frames=frames, exception=name)


def load(path: Path, target: Path, name: str | None = None) -> ModuleType:
    """Execute the student's file as a fresh module; raise CheckFailed on any failure."""
    if not path.is_file():
        raise missing_file(path)
    name = name or f"student_{path.stem}_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise syntax_error(exc, path) from None
    except BaseException as exc:  # noqa: B036 - student code may raise anything, even SystemExit
        sys.modules.pop(name, None)
        failure = describe_exception(exc, target)
        raise CheckFailed(f"导入 {path.name} 时出错：{failure.zh}",
                          f"Importing {path.name} failed: {failure.en}",
                          kind=failure.kind, **failure.details) from None
    return module


class Module:
    """A student's module; a missing function is reported by name, not as an AttributeError."""

    def __init__(self, module: ModuleType, path: Path) -> None:
        self._module, self._path = module, path

    def __getattr__(self, attr: str) -> Any:
        try:
            return getattr(self._module, attr)
        except AttributeError:
            raise CheckFailed(f"{self._path.name} 里没有定义 {attr}（名字要和题目一致）。",
                              f"{self._path.name} defines no `{attr}` (use the exact name).",
                              kind=Kind.MISSING, name=attr, file=str(self._path)) from None



def _is_stub(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return (len(body) == 1 and isinstance(body[0], ast.Raise) and body[0].exc is not None
            and "NotImplementedError" in ast.unparse(body[0].exc))




def stub_state(sources: dict[str, str], folder: bool = False) -> tuple[list[str], bool]:
    """Which public functions are still `raise NotImplementedError`, and is that all of them?

    `sources` maps file names to their text. In a topic folder (默写), a file that defines no
    function counts as one not started. Raises SyntaxError for unparsable text.
    """
    names, total = [], 0
    for name, text in sources.items():
        functions = [n for n in ast.parse(text).body
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_")]
        if folder and not functions:
            names.append(name)
            total += 1
        names += [n.name for n in functions if _is_stub(n)]
        total += len(functions)
    return names, total > 0 and len(names) == total


def unstarted(path: Path) -> tuple[list[str], bool] | None:
    """stub_state of a topic's file or folder; None when it cannot be read or parsed."""
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    try:
        return stub_state({f.name: f.read_text(encoding="utf-8") for f in files}, path.is_dir())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
