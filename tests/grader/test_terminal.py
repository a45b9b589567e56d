"""The terminal report, drawn with rich: a fixed score column in both languages, colour only when asked
for (never with NO_COLOR or into a file), and student output printed exactly as it was printed."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len

from kata.checks import Feedback, Kind
from kata.course import manifest
from kata.course.model import Check, Outcome, TopicRun
from kata.show.terminal import Terminal

COURSE = manifest.load()
ESC = "\x1b"


def run(topic: manifest.Topic, feedback: Feedback | None = None) -> TopicRun:
    """A topic with one check: passed, or failed with `feedback`."""
    outcome = Outcome.FAILED if feedback else Outcome.PASSED
    check = Check("t0", "test_0", {"zh": "检查", "en": "check"}, outcome, feedback)
    return TopicRun(topic, [check], exit_code=1 if feedback else 0)


def report(runs: list[TopicRun], lang: str = "en", color: bool | None = False) -> str:
    out = io.StringIO()
    term = Terminal(lang, manifest.ROOT / "solutions", out, color=color)
    for r in runs:
        term.topic(r)
    term.summary(runs)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_topic_puts_its_score_in_the_same_column(lang):
    runs = [run(topic) for topic in COURSE.topics]
    score = f"{COURSE.topics[0].points:g}/{COURSE.topics[0].points:g}"
    assert all(topic.points == COURSE.topics[0].points for topic in COURSE.topics)
    rows = [line for line in report(runs, lang).splitlines() if line.startswith("✔ ")]
    assert len(rows) == len(COURSE.topics)
    assert len({cell_len(row[:row.index(score)]) for row in rows}) == 1


def test_a_title_too_long_for_its_column_is_cut_with_an_ellipsis():
    topic = next(t for t in COURSE.topics if cell_len(t.title("en")) > 40)
    row = report([run(topic)]).splitlines()[0]
    assert "…" in row and topic.title("en") not in row


def test_no_escape_codes_without_colour_even_when_no_color_is_unset(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    text = report([run(COURSE.topics[0]), run(COURSE.topics[1], Feedback(Kind.MESSAGE, "错", "wrong"))])
    assert ESC not in text and "Progress [" in text


def test_colour_when_asked_for():
    text = report([run(COURSE.topics[0], Feedback(Kind.MESSAGE, "错", "wrong"))], color=True)
    assert f"{ESC}[31m✘{ESC}[0m 01 " in text and ESC + "[36m" in text  # the mark alone is red, not the row


@pytest.mark.parametrize("force", [None, "1"])
def test_no_color_means_no_escape_codes(monkeypatch, force):
    monkeypatch.setenv("NO_COLOR", "1")
    if force:
        monkeypatch.setenv("FORCE_COLOR", force)  # rich would colour a file then, NO_COLOR still wins
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    text = report([run(COURSE.topics[0], Feedback(Kind.MESSAGE, "错", "wrong"))], color=None)
    assert ESC not in text


@pytest.mark.parametrize("color", [False, True])
def test_student_output_is_printed_verbatim(color):
    long_line = "x" * 150 + " " + "y" * 149
    printed = ["[bold]x[/bold] :smile: [red]", long_line]
    text = report([run(COURSE.topics[0], Feedback(Kind.MESSAGE, "错", "wrong", output=tuple(printed)))],
                  color=color)
    lines = text.splitlines()
    assert "       | [bold]x[/bold] :smile: [red]" in lines
    assert "       | " + long_line in lines


def test_plain_strings_still_go_before_painted_text():
    out = io.StringIO()
    term = Terminal("en", manifest.ROOT / "solutions", out, color=True)
    term.say("   " + term.paint("careful", "33") + "!")
    assert out.getvalue() == f"   {ESC}[33mcareful{ESC}[0m!\n"


def test_the_progress_bar_fills_in_proportion():
    out = io.StringIO()
    term = Terminal("en", manifest.ROOT / "solutions", out, color=False)
    for done in (0, 5, 11):
        term.progress(done, 11)
    bars = [line[line.index("[") + 1:line.index("]")] for line in out.getvalue().splitlines()]
    assert [cell_len(bar) for bar in bars] == [22, 22, 22]
    assert [len(bar.strip()) for bar in bars] == [0, 10, 22]


def test_schedule_pictures_colour_running_and_switch_cells_only():
    out = io.StringIO()
    term = Terminal("en", manifest.ROOT / "solutions", out, color=True)
    term.say(term.picture("  a ─██▌─"))
    assert out.getvalue() == f"  a ─{ESC}[32m██{ESC}[0m{ESC}[1;33m▌{ESC}[0m─\n"
