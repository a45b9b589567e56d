"""A check's feedback as plain text, for result files (Gradescope, Exercism, JUnit).

The terminal shows the same facts with colour and layout; files get both languages, 中文 first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kata.checks import Feedback
from kata.course.manifest import Text
from kata.course.model import Check, Outcome, TopicRun, shown


def stopped(run: TopicRun) -> Text:
    """Why checks never reported: the topic's deadline, or a process that ended early. Every medium
    says it in these words (the terminal once per topic, result files under each such check)."""
    running = next((c for c in run.checks if c.id == run.interrupted), None)
    zh, en = (f"（在“{running.doc['zh']}”这一项）", f" (in “{running.doc['en']}”)") if running else ("", "")
    if run.timed_out:
        return Text(f"没有在 {shown(run.timeout)} 秒内完成{zh}：是不是有一个永远不结束、或者从不让出"
                    "（不 yield / switch / sleep）的循环？没有结果的检查项记 0 分。",
                    f"Did not finish in {shown(run.timeout)} s{en}: is there a loop that never ends, or never "
                    "yields (no yield / switch / sleep)? Checks that never reported score 0.")
    return Text(f"评分进程中途退出了（退出码 {run.exit_code}）{zh}：你的代码是不是调用了 os._exit() 或 "
                "sys.exit()？没有结果的检查项记 0 分。",
                f"The grading process ended early (exit code {run.exit_code}){en}: does your code call "
                "os._exit() or sys.exit()? Checks that never reported score 0.")


def both(said: Text) -> str:
    return f"{said.zh}\n{said.en}"


def message(run: TopicRun, check: Check | None) -> str:
    """What went wrong with one check (empty when it passed), both languages."""
    if check is not None and check.outcome == Outcome.PASSED:
        return ""
    if check is None or check.feedback is None:
        return both(stopped(run))
    return "\n".join(feedback_lines(check.feedback))


def feedback_lines(fb: Feedback) -> list[str]:
    """A check's feedback as plain lines: the crashes behind it first, then its message and facts."""
    lines = []
    for crash in fb.crashes:  # a greenlet that died: the cause, so it comes first
        lines += [crash.zh, crash.en, *(f"  {f.file}:{f.line}: {f.code}" for f in crash.frames[-2:])]
    lines += [fb.zh, fb.en]
    if fb.expected or fb.actual:
        lines += ["期望 / expected:", *fb.expected, "实际 / actual:", *fb.actual]
    if fb.measured is not None:
        lines.append(f"实测 / measured {fb.measured} s; 至少 / at least {fb.at_least} s; "
                     f"至多 / at most {fb.at_most} s")
    if fb.at is not None:
        lines.append(f"  {fb.at.file}:{fb.at.line}: {fb.at.code}")
    lines += [f"  {frame.file}:{frame.line}: {frame.code}" for frame in fb.frames]
    return lines


def printed(check: Check) -> str:
    """What the student's code printed during a failed check, if anything."""
    return "\n".join(check.feedback.output if check.feedback else ())


def hint(run: TopicRun) -> str:
    return f"提示：{run.topic.hint.zh}\nHint: {run.topic.hint.en}"


def write_json(path: Path, document: dict[str, Any], indent: int | None = 2) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=indent), encoding="utf-8")


def cut(text: str, limit: int, note: str) -> str:
    """`text` kept under `limit` characters, saying so when it was cut."""
    return text if len(text) <= limit else text[:limit - len(note) - 1] + "\n" + note
