"""`python grader.py --timeline NN`: run a topic's demonstration and draw who ran when.

The demonstration (the lesson's example through the student's functions, the probe `timeline`
in tests/probes/<slug>.py) runs in a student process of its own (kata/judging/subject.py), recorded
there from outside the student's logic; this process only reads the schedules that come back and
draws them (kata/show/: timeline.py, timeline_page.py, trace.py), the student's above ours, run the
same way (in the student edition, which has no solutions/, ours comes from a recording:
kata/course/recording.py). `--trace FILE` writes the student's run as Chrome trace-event JSON,
`--html FILE` one page with both pictures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kata.checks import CheckFailed
from kata.course import manifest, recording
from kata.course.manifest import Text, Topic
from kata.judging.subject import Subject
from kata.schedule import Schedule
from kata.show import timeline_page
from kata.show.terminal import Terminal
from kata.show.trace import to_trace

DEMO_TIMEOUT = 10.0  # s for a whole demonstration: ours take under 1 s, however busy the machine
MAX_ROWS = 12  # rows of a picture in the terminal (09 has a greenlet per client); the HTML page has all
NOTHING = Schedule(0.0)  # a part the student's run never reached


@dataclass
class Part:
    """One recorded part of a demonstration (05 has two: time.sleep, then gevent.sleep)."""

    title: Text
    schedule: Schedule
    failure: dict[str, Any] | None  # how the student's code failed, if it did


def run(topic: Topic, target: Path) -> list[dict[str, Any]]:
    """The topic's demonstration run on `target`, its parts as the probe sent them; raises
    CheckFailed when it could not run at all."""
    with Subject(topic.source(target), target, topic.probes) as subject:
        return subject.call("timeline", timeout=DEMO_TIMEOUT).value


def parts(raw: list[dict[str, Any]]) -> list[Part]:
    return [Part(Text(**part["title"]), Schedule.from_json(part["schedule"]), part.get("failure"))
            for part in raw]


def record(topic: Topic, target: Path) -> list[Part] | CheckFailed:
    """The topic's demonstration run on `target`: its parts, or why it could not run at all."""
    try:
        return parts(run(topic, target))
    except CheckFailed as failure:
        return failure


def ours(topic: Topic, target: Path) -> list[Part]:
    """Our solution's parts: run live from solutions/ in the instructors' repository, read from
    the recording in the student edition (kata/course/recording.py), none in the Gradescope bundle."""
    folder = manifest.target_path("solutions")
    if not folder.is_dir():
        return parts(recording.parts(topic.id) or [])
    found = record(topic, folder) if folder != target else []
    return found if isinstance(found, list) else []


def trace(parts: list[Part]) -> dict[str, Any]:
    """Chrome trace-event JSON of every part, one process row per part (Perfetto groups them)."""
    events = [e for pid, part in enumerate(parts, 1) for e in to_trace(
        part.schedule, pid=pid, process=f"{part.title.en} / {part.title.zh}")["traceEvents"]]
    return {"traceEvents": events, "displayTimeUnit": "ms"}


def show(topic: Topic, target: Path, term: Terminal, *, trace_file: Path | None = None,
         html_file: Path | None = None) -> int:
    """Draw the student's schedule above ours, part by part; write the files asked for.
    Exit 0 when the student's demonstration ran, 1 when it failed, 2 when there is none."""
    t, lang = term.t, term.lang
    if not topic.timeline:
        term.say(t(f"{topic.number} 没有可画的调度：--timeline 适用于 02–10。",
                   f"{topic.number} has no schedule to draw: --timeline covers 02-10."))
        return 2
    yours, theirs = record(topic, target), ours(topic, target)
    term.say(t(f"{topic.number} {topic.title('zh')}：谁在什么时候运行",
               f"{topic.number} {topic.title('en')}: who ran when"))
    if isinstance(yours, CheckFailed):  # it could not even start: ours alone, still worth a look
        term.say("   " + (yours.zh if lang == "zh" else yours.en))
        yours = []
    pages = []
    for i in range(max(len(yours), len(theirs))):
        mine, best = (yours[i] if i < len(yours) else None), (theirs[i] if i < len(theirs) else None)
        title = (mine or best).title(lang)  # type: ignore[union-attr]
        term.say()
        term.say(term.paint(title, "1"))
        if mine and mine.failure:
            term.say("   " + mine.failure[lang])
        pair = (title, mine.schedule if mine else NOTHING, best.schedule if best else None)
        term.schedules(*pair[1:], max_rows=MAX_ROWS)
        pages.append(pair)
    if trace_file is not None:
        trace_file.write_text(json.dumps(trace(yours)), encoding="utf-8")
        term.say(t(f"已写入 {trace_file}：在 https://ui.perfetto.dev 或 chrome://tracing 中打开。",
                   f"Wrote {trace_file}: open it in https://ui.perfetto.dev or chrome://tracing."))
    if html_file is not None:
        page = timeline_page.to_html(pages, lang, f"{topic.number} {topic.title(lang)}")
        html_file.write_text(page, encoding="utf-8")
        term.say(t(f"已写入 {html_file}：用浏览器打开。", f"Wrote {html_file}: open it in a browser."))
    return 0 if yours and not any(part.failure for part in yours) else 1
