"""The class report: what to reteach, the class grid, and answers to read first.

Every `--batch` and `--merge` (and `--report OUT`, without grading again) reads the students'
records (graded/<student>/checks.json, kata/course/record.py) and writes into the same folder:
- checks.csv: a row per check, worst first (most students failed it), with the mistake its
  feedback named most often;
- similar.csv: pairs of answers far more alike than honest answers are (kata/judging/similar.py), and
  answers near our reference solution;
- report.html: one self-contained page (no request leaves it) with both, the class grid, and a
  failing run's schedule beside the expected one. Its template, style and script are files in
  kata/templates/.
"""

from __future__ import annotations

import csv
import html
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template

from kata.checks import Pictures
from kata.course import manifest, record
from kata.course.manifest import Topic
from kata.course.model import Kind, Outcome, TopicRun
from kata.course.record import Mistake, State, StudentRecord
from kata.judging import similar
from kata.show import timeline
from kata.show.formats.gradescope import shares
from kata.show.i18n import pick
from kata.show.timeline_page import svg

PAGE, CHECKS, SIMILAR = "report.html", "checks.csv", "similar.csv"
CHECK_COLUMNS = ["topic", "check", "max_points", "graded", "passed", "failed", "timed_out", "not_submitted",
                 "failed_share", "top_mistake", "top_mistake_count"]
SIMILAR_COLUMNS = ["topic", "student_a", "student_b", "similarity", "shared_lines"]
PAIRS_SHOWN = 60  # side by side on the page; similar.csv holds every pair
SUMMARY_ROWS = 5


@dataclass
class CheckStats:
    topic: Topic
    name: str
    doc: dict[str, str]
    max_points: float = 0.0
    passed: int = 0
    failed: int = 0
    timed_out: int = 0
    not_submitted: int = 0
    mistakes: Counter[Mistake] = field(default_factory=Counter)
    pictures: dict[Mistake, tuple[int, Pictures]] = field(default_factory=dict)  # the smallest, by spans

    @property
    def graded(self) -> int:
        return self.passed + self.failed + self.timed_out

    @property
    def missed(self) -> int:
        return self.failed + self.timed_out

    @property
    def failed_share(self) -> float:
        return self.missed / self.graded if self.graded else 0.0

    @property
    def top_mistake(self) -> tuple[Mistake | None, int]:
        return self.mistakes.most_common(1)[0] if self.mistakes else (None, 0)

    def count(self, check: record.CheckRecord | None, timed_out: bool) -> None:
        if check is not None and check.outcome == Outcome.PASSED:
            self.passed += 1
            return
        cut_short = check is None or check.outcome == Outcome.NOT_RUN  # never reported
        if (check is not None and check.kind == Kind.TIMEOUT) or (timed_out and cut_short):
            self.timed_out += 1
        else:
            self.failed += 1
        if check is not None and check.mistake is not None:
            self.mistakes[check.mistake] += 1
            if check.pictures:
                size = sum(len(t.spans) for t in check.pictures.yours.tracks)
                if check.mistake not in self.pictures or size < self.pictures[check.mistake][0]:
                    self.pictures[check.mistake] = (size, check.pictures)


@dataclass
class QuestionStats:
    """A quiz question across the students whose submissions carried their predictions."""

    topic: Topic
    name: str
    doc: dict[str, str]
    right: int = 0
    answered: int = 0


def load(out: Path) -> list[StudentRecord]:
    """Every student's record under `out`, by name."""
    if not out.is_dir():
        raise manifest.CourseError(f"batch output folder not found: {out} / 找不到批量评分的输出文件夹")
    return [StudentRecord.read(p / record.FILE) for p in sorted(out.iterdir()) if (p / record.FILE).is_file()]


def course_topics(records: list[StudentRecord]) -> list[Topic]:
    """The topics the records hold, in course order."""
    seen = {t.topic for r in records for t in r.topics}
    return [t for t in manifest.load().topics if t.id in seen]


def tally(records: list[StudentRecord], topics: list[Topic]) -> list[CheckStats]:
    """A row per check, worst first: most students failed it, then the largest share, then course order."""
    rows: dict[tuple[str, str], CheckStats] = {}
    for topic in topics:
        names: dict[str, dict[str, str]] = {}
        for r in records:
            for t in r.topics:
                if t.topic == topic.id:
                    names.update((c.name, c.doc) for c in t.checks if c.name not in names)
        for name, points in zip(names, shares(topic.points, len(names)), strict=True):
            rows[topic.id, name] = CheckStats(topic, name, names[name], points)
    for r in records:
        for t in r.topics:
            mine = {c.name: c for c in t.checks}
            for (tid, name), stats in rows.items():
                if tid != t.topic:
                    continue
                if t.state == State.NOT_SUBMITTED:
                    stats.not_submitted += 1
                else:
                    stats.count(mine.get(name), t.timed_out)
    order = {key: i for i, key in enumerate(rows)}
    return sorted(rows.values(), key=lambda s: (-s.missed, -s.failed_share, order[s.topic.id, s.name]))


def quiz_tally(records: list[StudentRecord], topics: list[Topic]) -> list[QuestionStats]:
    """A row per quiz question anyone answered, in course and quiz order."""
    rows: dict[tuple[str, str], QuestionStats] = {}
    for topic in topics:
        for t in (t for r in records for t in r.topics if t.topic == topic.id):
            for c in t.quiz:
                stats = rows.setdefault((topic.id, c.name), QuestionStats(topic, c.name, c.doc))
                stats.answered += 1
                stats.right += c.outcome == Outcome.PASSED
    return list(rows.values())


def answers(records: list[StudentRecord], topics: list[Topic]) -> list[tuple[similar.Pair, str, str]]:
    """Pairs of alike answers, per topic, with both texts (the reference's for copies of it)."""
    found = []
    for topic in topics:
        mine = {r.student: t.answer for r in records for t in r.topics if t.topic == topic.id and t.answer}
        stub = similar.Answer.of(record.sources(topic, manifest.target_path("exercises")))
        reference = similar.Answer.of(record.sources(topic, manifest.target_path("solutions")))
        for pair in similar.find(topic.id, mine, stub, reference):
            other = reference if pair.b == similar.REFERENCE else mine[pair.b]
            found.append((pair, mine[pair.a].text, other.text if other else ""))
    return sorted(found, key=lambda f: -f[0].similarity)


# -- files -----------------------------------------------------------------------------------
def _mistake_text(mistake: Mistake | None, lang: str) -> str:
    return "" if mistake is None else pick(lang, mistake.zh or mistake.en, mistake.en)


def write_checks(path: Path, rows: list[CheckStats], lang: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(CHECK_COLUMNS)
        for s in rows:
            mistake, n = s.top_mistake
            out.writerow([s.topic.id, s.name, f"{s.max_points:.4g}", s.graded, s.passed, s.failed, s.timed_out,
                          s.not_submitted, f"{s.failed_share:.3f}", _mistake_text(mistake, lang), n])


def write_similar(path: Path, pairs: list[tuple[similar.Pair, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(SIMILAR_COLUMNS)
        for pair, text_a, _ in pairs:
            out.writerow([pair.topic, pair.a, pair.b, f"{pair.similarity:.3f}", pair.shared_lines(text_a)])


# -- the page --------------------------------------------------------------------------------
def _template(name: str) -> str:
    return resources.files("kata").joinpath("templates", name).read_text(encoding="utf-8")


def _words(lang: str) -> dict[str, str]:
    """The page's words in `lang` (kata/templates/report.json holds both)."""
    return {key: pair[0 if lang == "zh" else 1] for key, pair in json.loads(_template("report.json")).items()}


def _e(text: object) -> str:
    return html.escape(str(text))


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def _title(doc: dict[str, str], name: str, lang: str) -> str:
    return pick(lang, doc.get("zh", ""), doc.get("en", "")) or name


def _picture(pictures: Pictures, words: dict[str, str], lang: str) -> str:
    """A failing run's schedule beside the expected one (kata/show/timeline_page.py draws both)."""
    yours, expected = pictures.yours, pictures.expected
    scale = timeline.shared_scale(yours, expected)  # the terminal's rule: a slower run looks longer
    return (f'<details><summary>{_e(words["picture"])}</summary><div class="runs">'
            f'<figure><figcaption>{_e(words["failing_run"])}</figcaption>{svg(yours, lang, scale)}</figure>'
            f'<figure><figcaption>{_e(words["expected_run"])}</figcaption>{svg(expected, lang, scale)}'
            "</figure></div></details>")


def _reteach(rows: list[CheckStats], first: int, words: dict[str, str], lang: str) -> str:
    out = []
    for rank, s in enumerate(rows, first):
        mistake, n = s.top_mistake
        said = ""
        if mistake:
            said = f'<p class="mistake">{_e(_mistake_text(mistake, lang))} <b>×{n}</b></p>'
            if mistake in s.pictures:
                said += _picture(s.pictures[mistake][1], words, lang)
        out.append(f'<tr><td class="n">{rank}</td>'
                   f"<td>{_e(s.topic.number)}</td><td>{_e(_title(s.doc, s.name, lang))}<br>"
                   f"<code>{_e(s.name)}</code>{said}</td>"
                   f'<td class="share"><span class="bar" style="width:{_pct(s.failed_share)}"></span>'
                   f'{_pct(s.failed_share)}</td><td class="n">{s.missed}/{s.graded}</td>'
                   f'<td class="n">{s.timed_out}</td><td class="n">{s.not_submitted}</td></tr>')
    return "\n".join(out)


def _grid(records: list[StudentRecord], topics: list[Topic], words: dict[str, str], lang: str) -> tuple[str, str, str]:
    """The grid's topic headers, its rows, and the bonus column's header (the lesson's total and the
    bonus topics' points apart, as in the gradebook)."""
    head = "".join(f'<th title="{_e(t.title(lang))}">{_e(t.number)}</th>' for t in topics)
    bonus = {t.id for t in topics if t.bonus}
    rows = []
    for r in records:
        by = {t.topic: t for t in r.topics}
        total = sum(t.score for t in r.topics if t.topic not in bonus)
        extra = f'<td class="n">{sum(t.score for t in r.topics if t.topic in bonus):.4g}</td>' if bonus else ""
        cells = []
        for topic in topics:
            t = by.get(topic.id)
            if t is None:
                cells.append("<td></td>")
                continue
            tip = words[f"s_{t.state.value}"]
            if t.state != State.NOT_SUBMITTED:
                tip += "".join(f"\n✘ {_title(c.doc, c.name, lang)}" for c in t.checks if c.outcome != Outcome.PASSED)
            points = "—" if t.state == State.NOT_SUBMITTED else f"{t.score:.3g}"
            cells.append(f'<td class="{t.state.value}" title="{_e(tip)}">{points}</td>')
        rows.append(f'<tr data-total="{total:.4g}"><th>{_e(r.student)}</th>{"".join(cells)}'
                    f'<td class="n">{total:.4g}</td>{extra}</tr>')
    return head, "\n".join(rows), f'<th>{_e(words["c_bonus"])}</th>' if bonus else ""


def _quiz(rows: list[QuestionStats], words: dict[str, str], lang: str) -> str:
    if not rows:
        return f'<p>{_e(words["no_quiz"])}</p>'
    out = [f'<table class="checks"><thead><tr><th>{_e(words["c_topic"])}</th><th>{_e(words["c_question"])}</th>'
           f'<th>{_e(words["c_right"])}</th><th>{_e(words["c_right_of"])}</th></tr></thead><tbody>']
    for q in rows:
        share = q.right / q.answered
        out.append(f'<tr data-question="{_e(q.name)}"><td>{_e(q.topic.number)}</td>'
                   f'<td>{_e(_title(q.doc, q.name, lang))}<br><code>{_e(q.name)}</code></td>'
                   '<td class="share"><span class="bar right" '
                   f'style="width:{_pct(share)}"></span>{_pct(share)}</td>'
                   f'<td class="n">{q.right}/{q.answered}</td></tr>')
    return "\n".join(out) + "</tbody></table>"


def _marked(text: str, marks: tuple[tuple[int, int], ...]) -> str:
    out, at = [], 0
    for start, end in sorted(marks):
        start = max(start, at)
        if start >= end:
            continue
        out += [_e(text[at:start]), "<mark>", _e(text[start:end]), "</mark>"]
        at = end
    return "".join(out) + _e(text[at:])


def _pairs(pairs: list[tuple[similar.Pair, str, str]], words: dict[str, str]) -> str:
    if not pairs:
        return f'<p>{_e(words["no_pairs"])}</p>'
    out = []
    for pair, text_a, text_b in pairs[:PAIRS_SHOWN]:
        b = words["reference"] if pair.b == similar.REFERENCE else pair.b
        out.append(f"<details><summary><b>{_e(pair.topic)}</b> · {_e(pair.a)} ↔ {_e(b)} · "
                   f'{_pct(pair.similarity)}</summary><div class="pair">'
                   f"<figure><figcaption>{_e(pair.a)}</figcaption><pre>{_marked(text_a, pair.marks_a)}</pre></figure>"
                   f"<figure><figcaption>{_e(b)}</figcaption><pre>{_marked(text_b, pair.marks_b)}</pre></figure>"
                   "</div></details>")
    if len(pairs) > PAIRS_SHOWN:
        out.append(f"<p>{_e(words['more_pairs'].format(n=len(pairs) - PAIRS_SHOWN))}</p>")
    return "\n".join(out)


def page(records: list[StudentRecord], topics: list[Topic], rows: list[CheckStats],
         pairs: list[tuple[similar.Pair, str, str]], lang: str) -> str:
    """The whole page: kata/templates/report.html filled in."""
    words = _words(lang)
    head, grid, bonus_head = _grid(records, topics, words, lang)
    missed, passed = [s for s in rows if s.missed], [s for s in rows if not s.missed]
    return Template(_template("report.html")).substitute(
        {key: _e(value) for key, value in words.items()},
        lang="zh" if lang == "zh" else "en", css=_template("report.css"), js=_template("report.js"),
        n_students=len(records), n_topics=len(topics), reteach=_reteach(missed, 1, words, lang),
        reteach_passed=_reteach(passed, len(missed) + 1, words, lang),
        passed_summary=_e(words["passed_summary"].format(n=len(passed))),
        grid_head=head, grid=grid, bonus_head=bonus_head, quiz=_quiz(quiz_tally(records, topics), words, lang),
        pairs=_pairs(pairs, words), threshold=_pct(similar.THRESHOLD))


# -- the whole report ------------------------------------------------------------------------
def build(out: Path, lang: str, say: Callable[[str], None] = print) -> Path:
    """Write checks.csv, similar.csv and report.html into `out` from the records there."""
    records = load(out)
    topics = course_topics(records)
    rows = tally(records, topics)
    pairs = answers(records, topics)
    write_checks(out / CHECKS, rows, lang)
    write_similar(out / SIMILAR, pairs)
    (out / PAGE).write_text(page(records, topics, rows, pairs, lang), encoding="utf-8")
    summary(rows, pairs, out / PAGE, lang, say)
    return out / PAGE


def summary(rows: list[CheckStats], pairs: list[tuple[similar.Pair, str, str]], where: Path, lang: str,
            say: Callable[[str], None]) -> None:
    worst = [s for s in rows if s.missed][:SUMMARY_ROWS]
    if worst:
        say(pick(lang, "失分最多的检查：", "Checks failed most:"))
    for s in worst:
        say(f"  {s.topic.number} {s.name}  {_pct(s.failed_share)} ({s.missed}/{s.graded})")
        mistake, n = s.top_mistake
        if mistake:
            text = _mistake_text(mistake, lang)
            say(f"     ×{n} {text if len(text) <= 150 else text[:149] + '…'}")
    if pairs:
        say(pick(lang, f"相似的答案：{len(pairs)} 对（similar.csv）",
                 f"Answers alike: {len(pairs)} pair(s) (similar.csv)"))
    say(pick(lang, f"班级报告 → {where}", f"Class report → {where}"))


def after_batch(out: Path, graded: dict[str, tuple[Path, list[TopicRun]]], lang: str,
                say: Callable[[str], None] = print) -> Path:
    """Keep each student's record (checks.json), then write the report: the batch's one call."""
    keys: record.Keys = {}
    for name, (target, runs) in graded.items():
        record.student_record(name, target, runs, keys).write(out / name)
    return build(out, lang, say)
