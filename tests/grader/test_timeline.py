"""kata.show.timeline: a recorded schedule drawn for the student, in the terminal, as a Chrome trace and as HTML.

Golden pictures live in tests/grader/golden/timeline/. After a deliberate change to the drawing, rewrite
them with `KATA_UPDATE_GOLDEN=1 pytest tests/grader/test_timeline.py` and read the diff before keeping it.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from format_specs import check_trace

from kata.commands import timeline
from kata.course.manifest import Text
from kata.schedule import Schedule
from kata.show.timeline import render, render_pair
from kata.show.timeline_page import to_html
from kata.show.trace import to_trace

GOLDEN = Path(__file__).parent / "golden" / "timeline"


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def asynchronous() -> Schedule:
    """The lesson's right answer: main spawns 5 tasks that each sleep, so all 5 wait at once; the hub wakes them."""
    tracks = [{"id": "main", "name": "main", "kind": "main",
               "spans": [[0.0, 0.004, "run"], [0.004, 0.205, "wait"], [0.205, 0.212, "run"]]}]
    switches, hub = [[0.004, "main", "g2"]], [[0.006, 0.0062, "run"]]
    for i in range(5):
        start, wake = 0.004 + 0.0004 * i, 0.055 + 0.035 * i
        tracks.append({"id": f"g{i + 2}", "name": f"task({i})", "kind": "greenlet",
                       "spans": [[start, start + 0.0004, "run"], [start + 0.0004, wake, "wait"],
                                 [wake, wake + 0.001, "run"]]})
        switches += [[start + 0.0004, f"g{i + 2}", f"g{i + 3}" if i < 4 else "g1"], [wake, "g1", f"g{i + 2}"]]
        hub += [[hub[-1][1], wake - 0.0002, "wait"], [wake - 0.0002, wake, "run"]]
    tracks.append({"id": "g1", "name": "hub", "kind": "hub", "spans": [*hub, [0.195, 0.205, "wait"]]})
    switches.append([0.205, "g1", "main"])
    return Schedule.from_json({"end": 0.212, "tracks": tracks, "switches": switches})


def join_in_a_loop() -> Schedule:
    """The classic mistake, `spawn(task, i).join()` in a loop: one task at a time, a staircase."""
    tracks = [{"id": "main", "name": "main", "kind": "main",
               "spans": [[0.0, 0.002, "run"], [0.002, 1.01, "wait"], [1.01, 1.012, "run"]]}]
    switches = []
    for i in range(5):
        start = 0.002 + 0.2016 * i
        tracks.append({"id": f"g{i + 2}", "name": f"task({i})", "kind": "greenlet",
                       "spans": [[start, start + 0.001, "run"], [start + 0.001, start + 0.2, "wait"],
                                 [start + 0.2, start + 0.2006, "run"]]})
        switches += [[start, "main", f"g{i + 2}"], [start + 0.2, "g1", f"g{i + 2}"]]
    tracks.append({"id": "g1", "name": "hub", "kind": "hub",
                   "spans": [[0.003 + 0.2016 * i, 0.004 + 0.2016 * i, "run"] for i in range(5)]})
    return Schedule.from_json({"end": 1.012, "tracks": tracks, "switches": switches})


def server() -> Schedule:
    """A server with 500 clients: no tracks, a count of open connections instead."""
    points = [[i * 0.01, min(500, i * 60)] for i in range(10)] + [[0.1 + i * 0.01, 500 - i * 50] for i in range(11)]
    return Schedule.from_json({"end": 0.2, "tracks": [], "counts": {
        "label": {"zh": "同时打开的连接", "en": "connections open"}, "points": points}})


@pytest.mark.parametrize("case", ["asynchronous", "join_in_a_loop"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_terminal_picture_matches_its_golden_file(case: str, lang: str) -> None:
    picture = "\n".join(render(globals()[case](), lang)) + "\n"
    golden = GOLDEN / f"{case}.{lang}.txt"
    if os.environ.get("KATA_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(picture, encoding="utf-8")
    assert picture == golden.read_text(encoding="utf-8")


def with_names(schedule: Schedule, names: dict[str, str]) -> Schedule:
    doc = schedule.to_json()
    for track in doc["tracks"]:
        track["name"] = names.get(track["id"], track["name"])
    return Schedule.from_json(doc)


LONG_ZH = "下载网页并解析所有链接的协程任务（第三个）"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 40])
def test_every_line_fits_the_width_with_wide_characters_counted_twice(lang: str, width: int) -> None:
    named = with_names(asynchronous(), {"g3": LONG_ZH, "main": "主程序" * 10})
    pictures = [render(named, lang, width=width, title="标题" * 50), render(server(), lang, width=width),
                render_pair(named, join_in_a_loop(), lang, width=width, max_rows=3)]
    for line in (line for picture in pictures for line in picture):
        assert columns(line) <= width, line
    assert any(line.startswith("下载网页") and "…" in line for line in pictures[0])


def test_the_asynchronous_answer_has_five_tasks_alive_at_once() -> None:
    assert asynchronous().peak_overlap() == 5


def test_join_in_a_loop_has_one_task_alive_at_a_time() -> None:
    assert join_in_a_loop().peak_overlap() == 1


def test_peak_overlap_counts_only_the_kinds_asked_for() -> None:
    assert asynchronous().peak_overlap(kinds=("main", "hub")) == 2
    assert asynchronous().peak_overlap(kinds=("thread",)) == 0


@pytest.mark.parametrize(("lang", "note"), [("zh", "… 另有 4 行"), ("en", "… 4 more rows")])
def test_max_rows_keeps_main_first_drops_the_hub_and_notes_the_rest(lang: str, note: str) -> None:
    lines = render(asynchronous(), lang, max_rows=3)
    assert [line.split()[0] for line in lines[:3]] == ["main", "task(0)", "task(1)"]
    assert lines[3] == note
    assert not any(line.startswith("hub") for line in lines)


def test_the_hub_is_the_last_row_when_nothing_is_cut() -> None:
    rows = [line.split()[0] for line in render(asynchronous(), "en")[:6 + 1]]
    assert rows[0] == "main" and rows[-1] == "hub"


def test_from_json_drops_malformed_spans_and_clamps_the_rest_to_the_recording() -> None:
    schedule = Schedule.from_json({"end": 1.0, "tracks": [{"id": "a", "name": "a", "kind": "greenlet", "spans": [
        [-0.5, 0.2, "run"],         # clamped to start at 0
        [0.2, 0.4, "sleep"],        # unknown kind
        [0.4, "0.5", "wait"],       # not a number
        [0.5, float("nan"), "run"],  # not finite
        [0.6, 0.55, "run"],         # ends before it starts
        [True, 0.7, "run"],         # a bool is not a time
        "0.7-0.8 run", [0.7], None,  # not a span at all
        [0.9, 5.0, "wait"],         # clamped to end at 1.0
    ]}]})
    assert [(s.start, s.end, s.kind) for s in schedule.tracks[0].spans] == [(0.0, 0.2, "run"), (0.9, 1.0, "wait")]


def test_from_json_trims_overlapping_spans_of_one_track() -> None:
    schedule = Schedule.from_json({"end": 1.0, "tracks": [{"id": "a", "spans": [
        [0.0, 0.5, "run"], [0.2, 0.3, "wait"], [0.4, 0.8, "wait"]]}]})
    assert [(s.start, s.end) for s in schedule.tracks[0].spans] == [(0.0, 0.5), (0.5, 0.8)]


def test_from_json_caps_tracks_and_spans() -> None:
    many = [{"id": f"t{i}", "spans": [[0.0, 0.5, "run"]]} for i in range(300)]
    assert len(Schedule.from_json({"end": 1.0, "tracks": many}).tracks) == 200
    spans = [[i / 1e5, (i + 0.5) / 1e5, "run"] for i in range(30_000)]
    capped = Schedule.from_json({"end": 1.0, "tracks": [{"id": "a", "spans": spans}, {"id": "b", "spans": spans}]})
    assert sum(len(t.spans) for t in capped.tracks) == 20_000


def test_from_json_strips_control_characters_from_names_and_skips_tracks_without_an_id() -> None:
    schedule = Schedule.from_json({"end": 1.0, "tracks": [
        {"id": "a", "name": "evil\x1b[2J\nname", "kind": "martian", "spans": []}, {"name": "no id"}, "junk"]})
    assert [(t.id, t.name, t.kind) for t in schedule.tracks] == [("a", "evil[2Jname", "greenlet")]


@pytest.mark.parametrize("junk", [None, [], "schedule", {"end": "1"}, {"end": -1}, {"end": float("inf")}])
def test_from_json_reads_junk_as_an_empty_schedule(junk: object) -> None:
    assert Schedule.from_json(junk) == Schedule(0.0)


def test_to_json_round_trips() -> None:
    for schedule in (asynchronous(), join_in_a_loop(), server()):
        assert Schedule.from_json(json.loads(json.dumps(schedule.to_json()))) == schedule


@pytest.mark.parametrize(("lang", "line"), [("zh", "（没有记录到任何调度）"), ("en", "(nothing was recorded)")])
def test_an_empty_recording_renders_one_line_saying_so(lang: str, line: str) -> None:
    assert render(Schedule(0.0), lang) == [line]
    assert render(Schedule.from_json({"end": 0.5, "tracks": []}), lang) == [line]


def test_a_one_microsecond_run_still_shows() -> None:
    schedule = Schedule.from_json({"end": 1.0, "tracks": [{"id": "a", "spans": [[0.5, 0.500001, "run"]]}]})
    assert render(schedule, "en")[0].split() == ["a", "█"]


def test_the_scale_is_in_ms_and_aligned_to_the_cells() -> None:
    lines = render(asynchronous(), "en")
    axis, labels = lines[7], lines[8]
    assert axis.index("└") == labels.index("0 ms") == 13
    assert axis.index("┘") == len(labels) - 1 and labels.endswith("212 ms")
    assert "106 ms" in labels


@pytest.mark.parametrize(("lang", "peak"), [("zh", "同时打开的连接：最多 500"), ("en", "connections open: peak 500")])
def test_counts_row_draws_bars_and_states_the_peak(lang: str, peak: str) -> None:
    lines = render(server(), lang)
    assert any(line.endswith(peak) for line in lines)
    bars = lines[0][13:]
    assert "█" in bars and "▁" in bars and set(bars) <= set(" ▁▂▃▄▅▆▇█")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_render_pair_shows_yours_then_expected_each_with_its_scale(lang: str) -> None:
    text = "\n".join(render_pair(asynchronous(), join_in_a_loop(), lang))
    yours, expected = ("你的运行 · 全长 212 ms", "期望（参考答案） · 全长 1012 ms") if lang == "zh" else (
        "your run · 212 ms in all", "expected (our solution) · 1012 ms in all")
    assert text.index(yours) < text.index(expected)
    assert text.count("└") == 2 and "1012 ms" in text.split(expected)[1]


def test_render_pair_draws_both_on_one_scale_so_a_longer_run_looks_longer() -> None:
    lines = render_pair(join_in_a_loop(), asynchronous(), "en")
    assert lines[0] == "Both pictures share one time scale:"
    mains = [line for line in lines if line.startswith("main")]
    drawn = [len(line.rstrip()) - 13 for line in mains]  # cells after the name column
    assert drawn[0] > 3 * drawn[1]  # 1012 ms across, 212 ms a fifth of it


def test_on_a_shared_scale_a_shorter_count_stops_where_its_recording_ended() -> None:
    short = Schedule.from_json({"end": 0.1, "counts": {"label": {"zh": "连接", "en": "open"}, "points": [[0.0, 5]]}})
    longer = Schedule.from_json({"end": 0.2, "counts": {"label": {"zh": "连接", "en": "open"}, "points": [[0.0, 5]]}})
    bars = [line[13:] for line in render_pair(short, longer, "en") if line.startswith("open ")]
    assert len(bars[0].rstrip()) == pytest.approx(len(bars[1]) / 2, abs=1)


def test_render_pair_gives_each_its_own_scale_when_one_would_be_a_sliver() -> None:
    tiny = Schedule.from_json({"end": 0.001, "tracks": [{"id": "main", "name": "main", "kind": "main",
                                                         "spans": [[0.0, 0.001, "run"]]}]})
    assert render_pair(tiny, join_in_a_loop(), "en")[0] == "Each picture has its own time scale:"


def test_trace_has_the_fields_perfetto_needs() -> None:
    trace = to_trace(asynchronous())
    assert trace["displayTimeUnit"] == "ms" and isinstance(trace["traceEvents"], list)
    spans = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    assert len(spans) == sum(len(t.spans) for t in asynchronous().tracks)
    for event in spans:
        assert event["name"] in ("run", "wait") and {"ts", "dur", "pid", "tid"} <= event.keys()
        assert isinstance(event["ts"], (int, float)) and event["dur"] > 0
    named = {e["tid"]: e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "thread_name"}
    assert {e["tid"] for e in spans} <= named.keys() and "task(0)" in named.values()
    assert json.loads(json.dumps(trace)) == trace


def test_a_demonstrations_trace_is_valid_with_one_name_per_process() -> None:
    parts = [timeline.Part(Text("同步", "synchronous"), join_in_a_loop(), None),
             timeline.Part(Text("异步", "asynchronous"), asynchronous(), None),
             timeline.Part(Text("服务器", "server"), server(), None)]
    trace = timeline.trace(parts)
    check_trace(trace)
    names = [e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "process_name"]
    assert names == ["synchronous / 同步", "asynchronous / 异步", "server / 服务器"]


def test_a_single_schedules_trace_is_valid() -> None:
    for schedule in (asynchronous(), server()):
        check_trace(to_trace(schedule))


def test_trace_times_are_microseconds() -> None:
    main_run = next(e for e in to_trace(asynchronous())["traceEvents"] if e["ph"] == "X")
    assert (main_run["ts"], main_run["dur"]) == (0.0, 4000.0)


def test_trace_has_switch_instants_and_counter_events() -> None:
    events = to_trace(asynchronous())["traceEvents"] + to_trace(server(), lang="zh")["traceEvents"]
    assert any(e["ph"] == "i" and e["s"] == "t" for e in events)
    counters = [e for e in events if e["ph"] == "C"]
    assert counters and max(e["args"]["同时打开的连接"] for e in counters) == 500


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_is_one_self_contained_page_with_both_timelines(lang: str) -> None:
    yours = with_names(asynchronous(), {"g2": "<script>x</script>"})
    expected = with_names(join_in_a_loop(), {"g2": "fetch(\"a&b\")"})
    page = to_html([("asynchronous <part>", yours, expected)], lang, "时间线 <07>")
    assert page.startswith("<!DOCTYPE html>") and page.count("<html") == 1 and page.count('<svg class="tl"') == 2
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", page) and "http" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script" not in page
    assert "fetch(&quot;a&amp;b&quot;)" in page
    assert "<title>时间线 &lt;07&gt;</title>" in page
    assert ("你的运行" in page and "期望（参考答案）" in page) if lang == "zh" else ("your run" in page)


def test_html_without_an_expected_run_shows_only_yours() -> None:
    page = to_html([("asynchronous", asynchronous(), None)], "en", "timeline")
    assert page.count('<svg class="tl"') == 1 and "expected" not in page
