"""The class report, on a synthetic class graded by the real --batch.

The class: four students who made one mistake in 07 (each their own way: the tasks never ran at
the same time), two who made another in 02 (the whole list built before sending), one a third
in 05 (values in the order the calls finished); honest answers in several styles; one renamed
copy of a classmate (05) and one renamed copy of our reference (02). The report's first rows must
name the planted mistakes, most frequent first; similar.csv must hold the two copies and nothing
else; the page must open in a real browser with no console error and no request.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from kit.disguise import disguise
from kit.grader import run_grader

from kata.course.manifest import ROOT
from kata.course.record import State, StudentRecord

VARIANTS = ROOT / "tests" / "variants"
TOPICS = ["02_producer_consumer", "05_gevent_spawn_join", "07_sync_async"]
CLASS = {  # student -> topic -> the variant they hand in
    "ahmed": {"07_sync_async": "bad_join_inside_loop", "02_producer_consumer": "bad_builds_list_first"},
    "bea": {"07_sync_async": "bad_no_patch", "02_producer_consumer": "bad_produces_everything_first"},
    "chen": {"07_sync_async": "bad_fakes_the_clock", "05_gevent_spawn_join": "bad_values_in_finish_order"},
    "dara": {"07_sync_async": "bad_greenlets_that_never_sleep"},
    "eli": {"07_sync_async": "good_lesson_one_liner", "02_producer_consumer": "good_plain_loops"},
    "fay": {"07_sync_async": "good_gevent_sleep_no_patch", "05_gevent_spawn_join": "good_group_and_greenlet_objects"},
}
PLANTED = [  # topic, the check that names it, words of the mistake, how many students made it
    ("07_sync_async", "test_asynchronous_tasks_sleep_at_the_same_time", "the tasks did not run at the same time", 4),
    ("02_producer_consumer", "test_run_yield_keeps_no_list", "did it build the whole list before sending?", 2),
    ("05_gevent_spawn_join", "test_run_all_returns_values_in_input_order", "not as the calls finished", 1),
]
COPIES = {("05_gevent_spawn_join", "fay", "hana"), ("02_producer_consumer", "gus", "reference")}
QUIZ = "05_gevent_spawn_join"  # ahmed predicts every answer right, eli all but join_in_loop, fay only that one, wrong
QUIZ_RESULTS = {"quiz · unpatched_sleep": "2/2", "quiz · join_in_loop": "1/3", "quiz · values_order": "2/2",
                "quiz · sleep_zero": "2/2"}


def predict(folder: Path, student: str, answers: dict) -> None:
    (folder / student / "quiz-answers").mkdir()
    (folder / student / "quiz-answers" / f"{QUIZ}.json").write_text(json.dumps(answers), encoding="utf-8")


def make_class(folder: Path, key: dict) -> None:
    for student, answers in CLASS.items():
        (folder / student).mkdir()
        for topic, variant in answers.items():
            shutil.copy(VARIANTS / topic / f"{variant}.py", folder / student / f"{topic}.py")
    (folder / "gus").mkdir()  # our reference, disguised
    source = (ROOT / "solutions" / "02_producer_consumer.py").read_text(encoding="utf-8")
    (folder / "gus" / "02_producer_consumer.py").write_text(disguise(source), encoding="utf-8")
    (folder / "hana").mkdir()  # fay's answer, disguised
    source = (VARIANTS / "05_gevent_spawn_join" / "good_group_and_greenlet_objects.py").read_text(encoding="utf-8")
    (folder / "hana" / "05_gevent_spawn_join.py").write_text(disguise(source), encoding="utf-8")
    wrong = next(letter for letter in "abcd" if letter != key["join_in_loop"])
    predict(folder, "ahmed", key)
    predict(folder, "eli", {**key, "join_in_loop": wrong})
    predict(folder, "fay", {"join_in_loop": wrong})


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs, out = tmp_path_factory.mktemp("class"), tmp_path_factory.mktemp("graded")
    assert run_grader("--quiz", QUIZ[:2], "--key", str(subs / "key.json")).returncode == 0
    make_class(subs, json.loads((subs / "key.json").read_text(encoding="utf-8")))
    (subs / "key.json").unlink()
    proc = run_grader("--batch", str(subs), "--out", str(out), "--lang", "en", *TOPICS, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc


def test_each_student_keeps_a_record_of_their_checks(graded):
    kept = StudentRecord.read(graded[0] / "chen" / "checks.json")
    by = {t.topic: t for t in kept.topics}
    assert [t.topic for t in kept.topics] == TOPICS
    assert by["02_producer_consumer"].state == State.NOT_SUBMITTED and by["05_gevent_spawn_join"].answer
    failed = [c for c in by["07_sync_async"].checks if c.outcome == "failed"]
    assert failed and all(c.mistake for c in failed)


def test_checks_csv_has_the_columns_the_course_fixes(graded):
    with (graded[0] / "checks.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == ["topic", "check", "max_points", "graded", "passed", "failed", "timed_out",
                                        "not_submitted", "failed_share", "top_mistake", "top_mistake_count"]


def test_similar_csv_has_the_columns_the_course_fixes(graded):
    with (graded[0] / "similar.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == ["topic", "student_a", "student_b", "similarity", "shared_lines"]


def test_top_rows_name_the_planted_mistakes_most_frequent_first(graded):
    checks = rows(graded[0] / "checks.csv")
    where = [next(i for i, r in enumerate(checks) if (r["topic"], r["check"]) == (topic, check))
             for topic, check, _, _ in PLANTED]
    assert where[0] == 0 and where == sorted(where), [(r["check"], r["failed"]) for r in checks[:8]]
    for i, (_, _, words, count) in zip(where, PLANTED, strict=True):
        assert words in checks[i]["top_mistake"] and int(checks[i]["top_mistake_count"]) == count, checks[i]


def test_shares_count_only_the_students_who_submitted_the_topic(graded):
    first = rows(graded[0] / "checks.csv")[0]
    assert (first["graded"], first["failed"], first["not_submitted"], first["failed_share"]) == ("6", "4", "2", "0.667")


def test_similar_csv_holds_exactly_the_planted_copies(graded):
    found = {(r["topic"], r["student_a"], r["student_b"]) for r in rows(graded[0] / "similar.csv")}
    assert found == COPIES


def test_quiz_results_per_question_for_the_submissions_that_carry_answers(graded):
    page = (graded[0] / "report.html").read_text(encoding="utf-8")
    found = dict(re.findall(r'<tr data-question="([^"]+)">.*?<td class="n">(\d+/\d+)</td></tr>', page))
    assert found == QUIZ_RESULTS


def test_the_batch_names_the_checks_failed_most_and_where_the_page_is(graded):
    out, proc = graded
    said = proc.stdout
    assert "Checks failed most:" in said
    assert "test_asynchronous_tasks_sleep_at_the_same_time" in said and "×4" in said
    assert f"Class report → {out / 'report.html'}" in said


def test_report_rebuilds_the_same_files_without_grading(graded, tmp_path):
    out = tmp_path / "graded"
    shutil.copytree(graded[0], out)
    written = {name: (out / name).read_bytes() for name in ("report.html", "checks.csv", "similar.csv")}
    for name in written:
        (out / name).unlink()
    proc = run_grader("--report", str(out), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "grading" not in proc.stdout
    assert {name: (out / name).read_bytes() for name in written} == written


def test_merge_writes_the_class_report_of_the_merged_class(graded, tmp_path):
    proc = run_grader("--merge", str(graded[0]), "--out", str(tmp_path / "merged"), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "merged" / "checks.csv").read_bytes() == (graded[0] / "checks.csv").read_bytes()
    assert (tmp_path / "merged" / "report.html").is_file()


def test_the_page_speaks_the_instructors_language(graded, tmp_path):
    out = tmp_path / "graded"
    shutil.copytree(graded[0], out)
    assert run_grader("--report", str(out), "--lang", "zh").returncode == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in page and "要重讲什么" in page


def test_report_of_a_folder_that_does_not_exist_is_an_error(tmp_path):
    proc = run_grader("--report", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "not found" in proc.stderr


# -- in a real browser -------------------------------------------------------------------------
INSTALLED_CHROME = ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",  # CI runners on macOS
                    r"C:\Program Files\Google\Chrome\Application\chrome.exe"]  # and on Windows


def system_chromium() -> str | None:
    """The system's browser: KATA_CHROMIUM, else Debian's chromium, else an installed Chrome (never a
    downloaded one)."""
    for candidate in (os.environ.get("KATA_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome"), *INSTALLED_CHROME):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's browser, pointed at the system's Chromium; skipped without one, except in CI."""
    found = system_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI has no Chromium: apt-get install chromium (the class report's browser test needs it)")
        pytest.skip("no system Chromium (apt-get install chromium); the test never downloads a browser")
    root = getattr(os, "geteuid", lambda: 1)() == 0
    return {**browser_type_launch_args, "executable_path": found, "args": ["--no-sandbox"] if root else []}


@pytest.fixture(scope="module")
def playwright():
    """pytest-playwright's driver, for this module only (its own lasts the session, and a second
    Playwright, as tests/grader/test_timeline_page.py starts, cannot run beside it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser_context_args():
    return {"viewport": {"width": 1280, "height": 900}}  # a laptop


@pytest.fixture(scope="module")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="module")
def launch_browser(browser_type_launch_args, browser_type):
    return lambda **more: browser_type.launch(**{**browser_type_launch_args, **more})


@pytest.fixture(scope="module")
def browser(launch_browser):
    opened = launch_browser()
    yield opened
    opened.close()


def test_the_page_opens_in_a_browser_with_no_console_error_and_no_request(graded, page):
    url = (graded[0] / "report.html").as_uri()
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    assert problems == [] and requests == [url]
    assert page.locator("#reteach .checks tbody tr").count() == len(rows(graded[0] / "checks.csv"))
    page.locator("details").first.evaluate("d => d.open = true")  # a schedule's pictures, side to side
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280, "a laptop's window scrolls sideways"
    if os.environ.get("KATA_SCREENSHOT"):  # the README's picture: python -m pytest -k browser with it set
        page.screenshot(path=os.environ["KATA_SCREENSHOT"], full_page=True)


def test_the_grid_sorts_by_total_in_the_browser(graded, page):
    page.goto((graded[0] / "report.html").as_uri())
    page.get_by_role("button", name="total").click()
    totals = [float(t) for t in page.locator(".grid tbody tr").evaluate_all("rows => rows.map(r => r.dataset.total)")]
    assert len(totals) == 8 and totals == sorted(totals)
