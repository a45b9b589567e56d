"""What a student reads: a line per topic, then what went wrong and why, then the total."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.progress_bar import ProgressBar
from rich.text import Text

from kata.checks import Crash, Feedback, Frame, Pictures
from kata.course.manifest import Topic
from kata.course.model import Check, Kind, Outcome, Points, TopicRun, shown
from kata.course.quizdata import quiz_file
from kata.inside.student import unstarted
from kata.schedule import Schedule
from kata.show import plaintext, timeline
from kata.show.i18n import pick

STYLES = {"1": "bold", "31": "red", "32": "green", "33": "yellow", "36": "cyan"}  # the ANSI codes callers pass
PICTURE = {timeline.RUN: "green", timeline.SWITCH: "bold yellow"}  # a schedule's cells; waiting stays plain


class _Painted(Text):
    """What `paint` returns: rich Text that a plain string may also precede, "   " + term.paint(...)."""

    def __radd__(self, other: object) -> Text:
        return _Painted.assemble(other, self) if isinstance(other, str) else NotImplemented


def _grouped(checks: list[Check]) -> list[list[Check]]:
    """Failures with identical feedback (say, one import error) are shown once."""
    groups: dict[str, list[Check]] = {}
    for check in checks:
        said = replace(check.feedback, output=()).to_json() if check.feedback else None
        groups.setdefault(json.dumps(said, sort_keys=True), []).append(check)
    return list(groups.values())


class Terminal:
    def __init__(self, lang: str, target: Path, out: TextIO = sys.stdout,
                 color: bool | None = None) -> None:
        self.lang, self.target, self.out = lang, target, out
        self.hinted: set[str] = set()  # topics whose hint was shown: the summary does not repeat it
        if color is None:  # as rich sees `out` (a terminal, FORCE_COLOR, TERM=dumb), and NO_COLOR: no codes at all
            probe = Console(file=out)
            color = probe.color_system is not None and not probe.no_color
        self.color = color
        # the 16 standard colours are all we use; printed verbatim: no markup, no re-wrapping of long lines
        self.console = Console(file=out, force_terminal=color, color_system="standard" if color else None,
                               highlight=False, markup=False, emoji=False, soft_wrap=True)

    def t(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    def paint(self, text: str, code: str) -> Text:
        """`text` in the style of an ANSI `code` ("31" red, "32" green, "33" yellow, "36" cyan, "1" bold)."""
        return _Painted.assemble((text, STYLES[code] if self.color else ""))  # a span: text added later stays plain

    def picture(self, line: str) -> Text:
        """A line of a schedule (kata/show/timeline.py) with its running and switch-in cells coloured."""
        text = _Painted(line)
        if self.color:
            for mark, style in PICTURE.items():
                text.highlight_regex(f"{mark}+", style)
        return text

    def schedules(self, yours: Schedule, expected: Schedule | None, *, indent: int = 0,
                  max_rows: int | None = None) -> None:
        """The student's schedule above ours (kata/show/timeline.py), coloured, in 80 columns with the indent."""
        for line in timeline.render_pair(yours, expected, self.lang, width=80 - indent, max_rows=max_rows):
            self.say(" " * indent + self.picture(line))

    def clear(self) -> None:
        """A fresh screen for each regrade in watch mode (only on a terminal)."""
        if self.color:
            self.console.clear()
        else:
            self.say()

    def say(self, text: str | Text = "") -> None:
        self.console.print(text)

    # -- one topic ---------------------------------------------------------------------------
    def topic(self, run: TopicRun) -> None:
        t, topic = self.t, run.topic
        score = f"{shown(run.score)}/{shown(topic.points)}"
        if run.passed:
            mark = self.paint("✔", "32")
        elif run.timed_out:
            mark = self.paint("⏱", "33")
        else:
            mark = self.paint("✘", "31")
        title = topic.title(self.lang) + (t(" · 进阶", " · bonus") if topic.bonus else "")
        self.say(mark + f" {topic.number} {timeline.pad(title, 40)} {score:>7}   ({run.seconds:.1f} s)")
        for note in run.notes:
            self.say("   " + self.paint(self.t("注意：", "Note: ") + note[self.lang], "33"))
        if run.tampered:
            self.say("   " + self.paint(run.tampered[self.lang], "31"))
            return
        if run.passed:
            return
        state = unstarted(topic.source(self.target))
        if state and state[1]:  # one line, no hint: the summary gives the next topic's
            if quiz_file(topic).is_file():
                self.say("   " + t(f"还没开始：先做测验 python grader.py --quiz {topic.number}，"
                                 f"再打开 {self._file(run)} 开始写吧。",
                                 f"Not started: try its quiz first (python grader.py --quiz {topic.number}), "
                                 f"then open {self._file(run)} to begin."))
            else:
                self.say("   " + t(f"还没开始：打开 {self._file(run)} 开始写吧。",
                                 f"Not started: open {self._file(run)} to begin."))
            return
        if state and state[0]:
            names = ", ".join(state[0])
            self.say("   " + t(f"还没写：{names}（仍是 raise NotImplementedError）",
                             f"Not written yet: {names} (still raise NotImplementedError)"))
        self._stopped(run)
        failed = [c for c in run.checks if c.outcome == Outcome.FAILED and not self._not_started(c)]
        drawn: list[Any] = []  # schedules already drawn for this topic: each picture once
        for checks in _grouped(failed):
            self._failure(checks, topic, drawn)
        self.hint(topic)

    def hint(self, topic: Topic) -> None:
        self.hinted.add(topic.id)
        self.say("   " + self.paint(self.t("提示：", "Hint: ") + topic.hint(self.lang), "36"))

    def _file(self, run: TopicRun) -> str:
        return self.relative(run.topic.source(self.target))

    @staticmethod
    def relative(path: Path) -> str:
        """A path as the student would type it: relative when below the current folder."""
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def progress(self, done: int, total: int, bonus_done: int = 0, bonus: int = 0) -> None:
        """The lesson's topics as a bar; the optional bonus topics after it, as a count."""
        if bonus and not total:
            self.say(self.t(f"进度：进阶（选做）{bonus_done}/{bonus}",
                            f"Progress: bonus (optional) {bonus_done}/{bonus}"))
            return
        extra = ""
        if bonus:
            extra = self.t(f"，进阶（选做）{bonus_done}/{bonus}", f", bonus (optional) {bonus_done}/{bonus}")
        bar = ProgressBar(total=total or 1, completed=done, width=22, complete_style="green",
                          finished_style="green", style="bright_black")
        drawn = Text.assemble(*((seg.text, seg.style) for seg in self.console.render(bar)))
        drawn.set_length(22)  # without colour rich leaves the undone part out
        self.say(Text.assemble(self.t("进度 [", "Progress ["), drawn, self.t(
            f"] 完成 {done}/{total} 个题目{extra}", f"] {done}/{total} topics done{extra}")))

    @staticmethod
    def _not_started(check: Check) -> bool:
        return check.kind == Kind.NOT_STARTED

    def _stopped(self, run: TopicRun) -> None:
        """Explain why checks never reported: a timeout or a process that died."""
        t = self.t
        if not run.checks:
            self.say("   " + t("评分进程在收集检查项之前就结束了：", "The grading process ended before "
                                 "it listed its checks:"))
            for line in run.log.strip().splitlines()[-15:]:
                self.say("     " + line)
            return
        if run.timed_out or any(c.outcome == Outcome.NOT_RUN for c in run.checks):
            self.say("   " + self.paint(plaintext.stopped(run)(self.lang), "33"))

    def _doc(self, check: Check) -> str:
        return check.doc["zh"] if self.lang == "zh" else check.doc["en"]

    def _failure(self, checks: list[Check], topic: Topic, drawn: list[Any]) -> None:
        """Checks that failed for one and the same reason: their titles, then the reason once."""
        for check in checks:
            self.say(f"   ✘ {self._doc(check)}")
        fb = checks[0].feedback
        if fb is None:
            return
        for crash in fb.crashes:
            self._crash(crash, drawn)
        self.say("     " + (fb.zh if self.lang == "zh" else fb.en))
        if fb.expected or fb.actual:
            self._side_by_side(fb.expected, fb.actual)
        if fb.measured is not None:
            self._timing(fb)
        if fb.at is not None:
            self._syntax(fb.at)
        if fb.pictures and fb.pictures not in drawn:
            drawn.append(fb.pictures)
            self._pictures(fb.pictures, topic)
        self._frames(fb.frames)
        if fb.output and not (fb.expected or fb.actual):
            self.say("     " + self.t("你的程序打印了：", "Your code printed:"))
            for line in fb.output:
                self.say("       | " + line)

    def _crash(self, crash: Crash, drawn: list[Any]) -> None:
        """A greenlet that died: said in full the first time, then in a line pointing up."""
        key = ("crash", crash.error)
        if key in drawn:
            self.say("     " + self.paint(self.t(f"（上面那个协程里的 {crash.exception} 也是这一项失败的原因）",
                                                 f"(the {crash.exception} in a greenlet, above, is behind this one "
                                                 "too)"), "31"))
            return
        drawn.append(key)
        self.say("     " + self.paint(crash.zh if self.lang == "zh" else crash.en, "31"))
        self._frames(crash.frames)

    def _frames(self, frames: Sequence[Frame]) -> None:
        for frame in frames[-3:]:
            self.say(f"       File \"{frame.file}\", line {frame.line}, in {frame.function}")
            self.say(f"         {frame.code}")

    def _side_by_side(self, expected: Sequence[str], actual: Sequence[str]) -> None:
        left = [self.t("期望", "expected"), *expected]
        right = [self.t("实际", "actual"), *actual]
        width = max(cell_len(s) for s in left) + 2
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else ""
            b = right[i] if i < len(right) else ""
            bad = i > 0 and a != b
            line = f"       {timeline.pad(a, width)}| {b}"
            self.say(self.paint(line + "   ←", "31") if bad else line)

    def _timing(self, fb: Feedback) -> None:
        parts = [self.t(f"实测 {fb.measured} 秒", f"measured {fb.measured} s")]
        if fb.at_least is not None:
            parts.append(self.t(f"应至少 {fb.at_least} 秒", f"must be at least {fb.at_least} s"))
        if fb.at_most is not None:
            parts.append(self.t(f"应至多 {fb.at_most} 秒", f"must be at most {fb.at_most} s"))
        self.say("     " + "; ".join(parts))

    def _pictures(self, pictures: Pictures, topic: Topic) -> None:
        """Who ran when in the student's run, above our solution's (a few rows of each)."""
        self.schedules(pictures.yours, pictures.expected, indent=5, max_rows=6)
        self.say("     " + self.t(f"完整的图：python grader.py --timeline {topic.number}",
                                 f"The whole picture: python grader.py --timeline {topic.number}"))

    def _syntax(self, at: Frame) -> None:
        self.say(f"       File \"{at.file}\", line {at.line}")
        self.say("         " + at.code)
        if at.column:
            self.say("         " + " " * (at.column - 1) + "^")

    # -- the whole run -----------------------------------------------------------------------
    def summary(self, runs: Iterable[TopicRun], upcoming: Topic | None = None) -> None:
        """Points, progress, and what to open next: the first failing topic, else `upcoming`."""
        runs = list(runs)
        lesson = [r for r in runs if not r.topic.bonus]
        bonus = [r for r in runs if r.topic.bonus]
        self.say()
        self.say(Points.of(runs).text(self.lang))
        broken = [r.topic.number for r in runs if r.grader_error]
        if broken:
            self.say(self.paint(self.t(
                f"评分器出错（题目 {', '.join(broken)}）：这些分数不算数，不是你的代码的问题，请告诉老师。",
                f"The grader failed (topic {', '.join(broken)}): those scores do not count and are "
                "not your code's fault; tell your instructor."), "31"))
        self.progress(sum(r.passed for r in lesson), len(lesson), sum(r.passed for r in bonus), len(bonus))
        failing = next((r.topic for r in runs if not r.passed), None)
        if failing is None:
            self.say(self.paint(self.t("全部通过，干得漂亮！", "All passed. Well done!"), "32"))
        nxt = failing or upcoming
        if nxt is not None:
            path = self.relative(nxt.source(self.target))
            self.say(self.t(f"下一个：{nxt.number} {nxt.title('zh')} → 打开 {path}",
                            f"Next: {nxt.number} {nxt.title('en')} → open {path}"))
            if nxt.id not in self.hinted:
                self.hint(nxt)
