"""The schedule recorded in the student's process (kata/probe.py), drawn by `--timeline`, written
by `--trace` and `--html`, and shown under a failed order or overlap check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from format_specs import check_trace
from kit.grader import run_grader

from kata import demo, manifest
from kata.manifest import ROOT

COURSE = manifest.load()
SOLUTIONS = ROOT / "solutions"
VARIANTS = ROOT / "tests" / "variants"


def topic(number: str) -> manifest.Topic:
    return COURSE.select([number])[0]


def recorded(number: str, variant: str | None = None, tmp_path: Path | None = None) -> dict[str, demo.Part]:
    """The demonstration's parts by English title prefix (the function), on our solution or a variant."""
    target = SOLUTIONS
    if variant is not None:
        assert tmp_path is not None
        shutil.copy(VARIANTS / topic(number).id / variant, tmp_path / f"{topic(number).id}.py")
        target = tmp_path
    parts = demo.record(topic(number), target)
    assert isinstance(parts, list), parts
    return {part.title.en.split(":")[0]: part for part in parts}


def test_asynchronous_tasks_are_alive_together_on_our_solution():
    assert recorded("07")["asynchronous"].schedule.peak_overlap() >= 5


def test_join_in_the_loop_runs_one_task_at_a_time(tmp_path):
    assert recorded("07", "bad_join_inside_loop.py", tmp_path)["asynchronous"].schedule.peak_overlap() == 1


def test_synchronous_tasks_run_in_the_main_greenlet_alone():
    assert recorded("07")["synchronous"].schedule.peak_overlap() == 0


def test_eat_and_play_overlap_only_with_gevent_sleep():
    parts = recorded("05")
    assert parts["run_cooperative"].schedule.peak_overlap() == 2
    assert parts["run_blocking"].schedule.peak_overlap() == 1


def test_time_sleep_in_run_cooperative_never_overlaps(tmp_path):
    parts = recorded("05", "bad_time_sleep_in_cooperative.py", tmp_path)
    assert parts["run_cooperative"].schedule.peak_overlap() == 1


def test_patched_sleeps_overlap_and_unpatched_do_not(tmp_path):
    assert recorded("06")["main"].schedule.peak_overlap() == 2
    assert recorded("06", "bad_no_patch.py", tmp_path)["main"].schedule.peak_overlap() == 1


def test_greenlets_are_named_after_what_they_run():
    names = [track.name for track in recorded("03")["run"].schedule.tracks]
    assert names == ["main", "eat", "play"]
    names = [track.name for track in recorded("07")["asynchronous"].schedule.tracks]
    assert names[0] == "main" and names[-1] == "hub" and "task(0)" in names


def test_the_consumer_generator_runs_between_the_producer_s_turns():
    tracks = {t.name: t for t in recorded("02")["run_yield"].schedule.tracks}
    consumer = [s for s in tracks["consumer"].spans if s.kind == "run"]
    producer_waits = [s for s in tracks["producer"].spans if s.kind == "wait"]
    assert len(consumer) >= 6 and [(s.start, s.end) for s in consumer] == [(s.start, s.end) for s in producer_waits]


@pytest.mark.parametrize("number", ["04", "08"])
def test_every_demonstration_records_on_our_solution(number):
    for part in recorded(number).values():
        assert part.failure is None and part.schedule.tracks


def test_crawl_keeps_every_page_in_flight_at_once():
    parts = recorded("08")
    assert parts["crawl"].schedule.peak_overlap() == 5
    assert parts["crawl_sequential"].schedule.peak_overlap() == 0


def test_a_gevent_server_serves_every_client_at_once():
    assert recorded("09")["server"].schedule.counts.peak == 30


def test_a_server_without_a_greenlet_per_client_serves_one_at_a_time(tmp_path):
    assert recorded("09", "bad_one_connection_at_a_time.py", tmp_path)["server"].schedule.counts.peak == 1


def test_a_spinning_handler_is_interrupted_and_drawn_running(tmp_path):
    part = recorded("09", "bad_lesson_loop_spins.py", tmp_path)["server"]
    assert "interrupted" in part.failure["en"]
    spun = max(sum(s.end - s.start for s in t.spans if s.kind == "run") for t in part.schedule.tracks)
    assert spun >= 0.4  # it held the thread from the last client's leaving to the interruption


def test_threaded_clients_keep_their_connections_open_together(tmp_path):
    assert recorded("10")["run_clients"].schedule.counts.peak >= 10
    # a connection counts until the server reads its end, which may come just after the next one opened
    assert recorded("10", "bad_join_inside_start_loop.py", tmp_path)["run_clients"].schedule.counts.peak <= 2


def test_timeline_draws_yours_and_ours_and_writes_trace_and_html(tmp_path):
    trace, page = tmp_path / "t.json", tmp_path / "t.html"
    proc = run_grader("--lang", "en", "--timeline", "07", "--target", "solutions",
                      "--trace", str(trace), "--html", str(page))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("your run") == 2  # synchronous, then asynchronous
    assert all(len(line) <= 80 for line in proc.stdout.splitlines() if "█" in line)
    check_trace(json.loads(trace.read_text(encoding="utf-8")))
    events = json.loads(trace.read_text(encoding="utf-8"))["traceEvents"]
    named = {(e["pid"], e["tid"]) for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
    spans = [e for e in events if e["ph"] == "X"]
    assert spans and all({(e["pid"], e["tid"])} <= named and e["dur"] >= 0 for e in spans)
    assert "<svg" in page.read_text(encoding="utf-8")


def test_timeline_of_an_untouched_stub_says_so_and_still_shows_ours():
    proc = run_grader("--lang", "en", "--timeline", "05")
    assert proc.returncode == 1
    assert "NotImplementedError" in proc.stdout and "expected" in proc.stdout


def test_timeline_of_a_topic_without_schedule_exits_2():
    proc = run_grader("--lang", "en", "--timeline", "01")
    assert proc.returncode == 2 and "no schedule" in proc.stdout


def test_a_failed_overlap_check_shows_both_pictures_once(tmp_path):
    shutil.copy(VARIANTS / "07_sync_async" / "bad_join_inside_loop.py", tmp_path / "07_sync_async.py")
    out = run_grader("--lang", "en", "07", "--target", str(tmp_path)).stdout
    assert out.count("your run") == 1 and out.count("expected (our solution)") == 1
    assert "--timeline 07" in out
