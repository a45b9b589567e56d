"""`python grader.py --edition student DIR [TOPIC ...]`: the repository students get.

It holds the stubs, our checks and the grader, and no reference solution: no solutions/, no
tests/variants/ (right and wrong answers), none of the maintainers' own tests. What needs our
solution at the student's side reads recordings made here instead (kata/recording.py: each
demonstration's schedule, events and times only); `--reset` falls back on a copy of the stubs
(kata/stubs/) where the clone has no history. The student README and the Classroom workflow are
templates (kata/templates/).

Every file is written from the checkout's bytes, in a fixed order, with nothing of the machine or
the moment in it: two editions of one checkout differ only in kata/recorded/ (times measured
afresh). DIR must be empty, or a previous edition, which is replaced (its .git and .venv kept).
"""

from __future__ import annotations

import ast
import re
import shutil
import string
from pathlib import Path

from kata import demo, recording
from kata.checks import CheckFailed
from kata.manifest import ROOT, Course, CourseError, Topic, solutions, tomllib

KINDS = ("student",)
TEMPLATES = Path(__file__).parent / "templates"
KEPT = {".git", ".venv"}  # what replacing a previous edition leaves alone
SOURCES = {"exercises", "solutions", "tests", "kata", "quizzes"}  # what an edition is written from
SKIPPED = {"__pycache__", "recorded", "stubs"}  # caches, and an edition's own data, never copied


def _tree(folder: Path) -> list[Path]:
    """The files under `folder` an edition may copy: no caches, hidden files (.DS_Store) or edition data."""
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if path.is_file() and path.suffix != ".pyc" and not SKIPPED & set(parts[:-1]) \
                and not any(part.startswith(".") for part in parts):
            found.append(path)
    return found


def _kit(files: list[Path]) -> list[Path]:
    """The modules of tests/kit/ these files import, and those they import in turn (the
    maintainers' own helpers, such as kit/grader.py, are not among them)."""
    kit, needed, todo = ROOT / "tests" / "kit", {"__init__"}, list(files)
    while todo:
        tree = ast.parse(todo.pop().read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([f"{node.module}.{a.name}" for a in node.names] if isinstance(node, ast.ImportFrom)
                     and node.module else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                parts = name.split(".")
                if parts[0] == "kit" and len(parts) > 1 and parts[1] not in needed \
                        and (kit / f"{parts[1]}.py").is_file():
                    needed.add(parts[1])
                    todo.append(kit / f"{parts[1]}.py")
    return sorted(kit / f"{name}.py" for name in needed)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def course_toml(topics: list[Topic]) -> str:
    """course.toml with only the `[[topic]]` blocks of `topics` (comments and order kept)."""
    text = (ROOT / "course.toml").read_text(encoding="utf-8")
    head, *blocks = text.split("[[topic]]\n")
    wanted = [t.id for t in topics]
    kept = head + "".join("[[topic]]\n" + b for b in blocks
                          if (found := re.search(r'^id = "([^"]+)"', b, re.M)) and found[1] in wanted)
    if [t["id"] for t in tomllib.loads(kept).get("topic", [])] != wanted:
        raise CourseError("course.toml: could not keep just the selected topics / 无法裁剪 course.toml")
    return kept


def readme(course: Course, topics: list[Topic]) -> str:
    rows = [f"| {t.number} | `{t.id}` | {'进阶：' if t.bonus else ''}{t.title('zh')} | "
            f"{'Bonus: ' if t.bonus else ''}{t.title('en')} | {t.points:g} |" for t in topics]
    bonus = sum(t.points for t in topics if t.bonus)
    text = (TEMPLATES / "student-README.md").read_text(encoding="utf-8")
    if bonus:
        text = text.replace("<!-- bonus -->\n", "").replace("<!-- /bonus -->\n", "")
    else:
        while "<!-- bonus -->" in text:
            start, end = text.index("<!-- bonus -->"), text.index("<!-- /bonus -->\n")
            text = text[:start] + text[end + len("<!-- /bonus -->\n"):]
    return string.Template(text).substitute(
        title_zh=course.title.zh, title_en=course.title.en, lesson=course.lesson, table="\n".join(rows),
        total=f"{sum(t.points for t in topics if not t.bonus):g}", bonus=f"{bonus:g}")


def recordings(topics: list[Topic]) -> dict[str, list]:
    """Each demonstration run on our solution now (the times are this machine's, this moment's)."""
    found = {}
    for topic in topics:
        if not topic.timeline:
            continue
        try:
            parts = demo.run(topic, solutions())
        except CheckFailed as failure:
            raise CourseError(f"could not record our {topic.id}: {failure.en}") from None
        if any(p.get("failure") for p in parts):
            raise CourseError(f"our {topic.id} failed its demonstration / 参考答案的演示失败")
        found[topic.id] = parts
    return found


def files(course: Course, topics: list[Topic]) -> dict[str, bytes]:
    """Every file of the edition but the recordings, by path relative to its root, in order."""
    ids = {t.id for t in topics}
    stubs = [p for t in topics for p in ([t.source(ROOT / "exercises")] if not t.folder
                                         else _tree(t.source(ROOT / "exercises")))]
    tests = [ROOT / "tests" / "conftest.py", ROOT / "tests" / "probes" / "__init__.py",
             *(ROOT / "tests" / "probes" / f"{t.slug}.py" for t in topics), *(t.test_file for t in topics)]
    tests += _kit(tests)
    copied = [ROOT / "grader.py", ROOT / "pyproject.toml", ROOT / ".gitignore", *_tree(ROOT / "kata"),
              *stubs, *tests, *(p for p in _tree(ROOT / "quizzes") if p.relative_to(ROOT / "quizzes").parts[0] in ids)]
    out = {_rel(p): p.read_bytes() for p in copied}
    out.update({"kata/stubs/" + _rel(p).removeprefix("exercises/"): p.read_bytes() for p in stubs})
    out["course.toml"] = course_toml(topics).encode()
    out["README.md"] = readme(course, topics).encode()
    out[".github/workflows/classroom.yml"] = (TEMPLATES / "classroom.yml").read_bytes()
    return dict(sorted(out.items()))


def _previous(folder: Path) -> bool:
    """An edition written before: the grader and its manifest, and no solutions/."""
    return all((folder / n).exists() for n in ("grader.py", "course.toml", "kata")) \
        and not (folder / "solutions").exists()


def write(kind: str, folder: Path, course: Course, topics: list[Topic]) -> str:
    """Write the edition into `folder`; say what was written and whether it replaced one."""
    if kind not in KINDS:
        raise CourseError(f"unknown edition {kind!r}: only {', '.join(KINDS)} / 没有这种版本")
    solutions()
    folder = folder.resolve()
    inside = folder.relative_to(ROOT).parts[0] if ROOT in folder.parents else None
    if folder == ROOT or folder in ROOT.parents or inside in SOURCES:
        raise CourseError(f"{folder}: would overwrite the course itself / 不能写进课程仓库本身")
    if folder.exists() and not folder.is_dir():
        raise CourseError(f"{folder} is a file, not a folder / 这是文件，不是文件夹")
    occupied = folder.exists() and any(p.name not in KEPT for p in folder.iterdir())
    if occupied and not _previous(folder):
        raise CourseError(f"{folder} is not empty and holds no previous edition: choose an empty folder "
                          f"/ 文件夹不是空的，也不是以前生成的学生版")
    content = files(course, topics)
    recorded = recordings(topics)  # before anything in `folder` is touched
    if occupied:
        for old in folder.iterdir():
            if old.name not in KEPT:
                shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
    for rel, data in content.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    for topic_id, parts in recorded.items():
        recording.write(topic_id, parts, folder / "kata" / "recorded")
    size = sum(len(d) for d in content.values()) + sum(
        p.stat().st_size for p in (folder / "kata" / "recorded").glob("*.json"))
    return (f"wrote the {kind} edition of {len(topics)} topic{'s' * (len(topics) != 1)} to {folder}: "
            f"{len(content) + len(recorded)} files, {size:,} bytes"
            + ("; replaced the previous edition there (.git and .venv kept)" if occupied else ""))
