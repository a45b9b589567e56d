"""The small verbs students expect: list topics with their state, show a hint, reset a stub."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kata import progress, quiz
from kata.manifest import ROOT, Course, Topic
from kata.student import stub_state
from kata.terminal import Terminal

STUBS = ROOT / "kata" / "stubs"  # the student edition's copy of exercises/ as shipped
MARKS = {"done": "✔", "started": "✎", "new": "·"}
BACKUPS = ROOT / "exercises" / ".backup"  # what --reset replaced, kept for the student


def list_topics(course: Course, target: Path, term: Terminal) -> int:
    t = term.t
    states = [progress.state(target, topic) for topic in course.topics]
    quizzes, taken = quiz.sizes(course.topics), progress.quiz_scores(target)
    for topic, state in zip(course.topics, states, strict=True):
        label = {"done": t("完成", "done"), "started": t("进行中", "started"),
                 "new": t("未开始", "not started")}[state]
        optional = t("，进阶，选做", ", bonus, optional") if topic.bonus else ""
        line = f"{MARKS[state]} {topic.number} {topic.title(term.lang)}  ({label}{optional})"
        if topic.id in taken:
            got, most = taken[topic.id]
            line += t(f"  测验 {got:g}/{most:g}", f"  quiz {got:g}/{most:g}")
        elif state == "new" and topic.id in quizzes:
            line += t(f"  → 先做测验：--quiz {topic.number}", f"  → start with its quiz: --quiz {topic.number}")
        term.say(line)
    lesson = [s for topic, s in zip(course.topics, states, strict=True) if not topic.bonus]
    bonus = [s for topic, s in zip(course.topics, states, strict=True) if topic.bonus]
    term.progress(lesson.count("done"), len(lesson), bonus.count("done"), len(bonus))
    if quizzes:
        got = sum(score for tid, (score, _) in taken.items() if tid in quizzes)
        course_points = sum(topic.points for topic in course.topics if not topic.bonus)
        term.say(t(f"测验 {got:g}/{sum(quizzes.values())} 分（另计，不在课程的 {course_points:g} 分内）",
                   f"Quiz points {got:g}/{sum(quizzes.values())} (apart from the course's {course_points:g})"))
    return 0


def show_hint(topic: Topic, target: Path, term: Terminal) -> int:
    term.say(f"{topic.number} {topic.title(term.lang)} → {term.relative(topic.source(target))}")
    term.hint(topic)
    if quiz.quiz_file(topic).is_file():
        term.say("   " + term.t(f"先预测再运行：python grader.py --quiz {topic.number}",
                                f"Predict, then run: python grader.py --quiz {topic.number}"))
    return 0


def original_stub(path: Path) -> str | None:
    """The newest version of `path` in git history that is still an untouched stub, else the
    copy the student edition ships (kata/edition.py: a clone without history still resets).

    Students' own commits change function bodies, so they are skipped; maintainers' fixes to
    the stub itself are kept. None without either.
    """
    shipped = STUBS / path.relative_to(ROOT / "exercises")
    found = _from_history(path)
    if found is None and shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    return found


def _from_history(path: Path) -> str | None:
    rel = path.relative_to(ROOT).as_posix()
    try:
        log = subprocess.run(["git", "log", "--format=%H", "--", rel], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
        for commit in log:
            text = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=ROOT,
                                  capture_output=True, text=True, encoding="utf-8",
                                  check=True).stdout
            if _is_untouched(text, path.parent.name != "exercises"):
                return text
    except (OSError, subprocess.CalledProcessError):
        return None
    return None


def _is_untouched(text: str, folder: bool) -> bool:
    try:
        return stub_state({"stub.py": text}, folder)[1]
    except (SyntaxError, ValueError):
        return False


def reset(topic: Topic, term: Terminal, yes: bool = False) -> int:
    """Put the topic's stub back as it was, after asking (unless `yes`)."""
    t = term.t
    source = topic.source(ROOT / "exercises")
    files = sorted(source.glob("*.py")) if source.is_dir() else [source]
    originals = {f: original_stub(f) for f in files}
    if None in originals.values():
        term.say(t("无法重置：需要这个仓库的 git 历史（请用 git clone 获取课程）。",
                   "Cannot reset: this needs the repository's git history (get the course "
                   "with git clone)."))
        return 1
    changed = [f for f, text in originals.items()
               if not f.exists() or f.read_text(encoding="utf-8") != text]
    if not changed:
        term.say(t("已经是原始版本，无需重置。", "Already the original stub; nothing to reset."))
        return 0
    names = ", ".join(term.relative(f) for f in changed)
    if not yes:
        term.say(t(f"这会把 {names} 换回原始版本（你的代码先备份到 {term.relative(BACKUPS)}）。确定吗？[y/N] ",
                   f"This puts the original stub back in {names} (your code is first copied to "
                   f"{term.relative(BACKUPS)}). Are you sure? [y/N] "))
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes", "是"):
            term.say(t("没有改动。", "Nothing changed."))
            return 1
    for f in changed:
        if f.exists():
            kept = term.relative(backup(f))
            term.say(t(f"你的代码已备份到 {kept}", f"Your code is kept in {kept}"))
        f.write_text(originals[f], encoding="utf-8")
    term.say(t(f"已重置 {names}。", f"Reset {names}."))
    return 0


def backup(path: Path) -> Path:
    """Copy a student's file to exercises/.backup/<name>.<n>, n one more than any before: a
    backup is never overwritten (and, not ending in .py, never taken for a topic file)."""
    folder = BACKUPS / path.parent.relative_to(BACKUPS.parent)
    folder.mkdir(parents=True, exist_ok=True)
    n = 1 + max((int(p.name.rsplit(".", 1)[1]) for p in folder.glob(f"{path.name}.*")
                 if p.name.rsplit(".", 1)[1].isdigit()), default=0)
    kept = folder / f"{path.name}.{n}"
    shutil.copy2(path, kept)
    return kept
