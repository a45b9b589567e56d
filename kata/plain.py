"""A check's feedback as plain text, for result files (Gradescope, Exercism, JUnit).

The terminal shows the same facts with colour and layout; files get both languages, 中文 first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kata.model import Check, Outcome, TopicRun


def _points(value: float) -> str:
    return f"{value:g}"


def stopped(run: TopicRun) -> str:
    """Why a check never reported: the topic's deadline, or a process that ended early."""
    if run.timed_out:
        return (f"没有在 {_points(run.timeout)} 秒内完成：有没有永远不结束或从不让出的循环？\n"
                f"Did not finish in {_points(run.timeout)} s: a loop that never ends or never yields?")
    return (f"评分进程中途退出（退出码 {run.exit_code}），这一项没有结果，记 0 分。\n"
            f"The grading process ended early (exit code {run.exit_code}); this check never "
            "reported and scores 0.")


def message(run: TopicRun, check: Check | None) -> str:
    """What went wrong with one check (empty when it passed)."""
    if check is not None and check.outcome == Outcome.PASSED:
        return ""
    fb: dict[str, Any] = (check.feedback if check else None) or {}
    if not fb:
        return stopped(run)
    lines = []
    for crash in fb.get("crashes", []):  # a greenlet that died: the cause, so it comes first
        lines += [crash["zh"], crash["en"], *(f"  {f['file']}:{f['line']}: {f['code']}" for f in crash["frames"][-2:])]
    lines += [fb["zh"], fb["en"]]
    kind = fb.get("kind")
    if kind == "mismatch":
        lines += ["期望 / expected:", *fb["expected"], "实际 / actual:", *fb["actual"]]
    elif kind == "timing":
        lines.append(f"实测 / measured {fb['measured']} s; 至少 / at least {fb.get('at_least')} s; "
                     f"至多 / at most {fb.get('at_most')} s")
    elif kind == "syntax":
        lines.append(f"  {fb.get('file')}:{fb.get('line')}: {fb.get('code', '')}")
    for frame in fb.get("frames", []):
        lines.append(f"  {frame['file']}:{frame['line']}: {frame['code']}")
    return "\n".join(lines)


def printed(check: Check) -> str:
    """What the student's code printed during a failed check, if anything."""
    return "\n".join((check.feedback or {}).get("output", []))


def hint(run: TopicRun) -> str:
    return f"提示：{run.topic.hint.zh}\nHint: {run.topic.hint.en}"


def write_json(path: Path, document: dict[str, Any], indent: int | None = 2) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=indent), encoding="utf-8")


def cut(text: str, limit: int, note: str) -> str:
    """`text` kept under `limit` characters, saying so when it was cut."""
    return text if len(text) <= limit else text[:limit - len(note) - 1] + "\n" + note
