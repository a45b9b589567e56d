"""A schedule (kata/schedule.py) drawn for the student: terminal rows, a Chrome trace (Perfetto,
chrome://tracing) and one self-contained HTML page. Pure but for reading the page's style sheet
(kata/templates/timeline.css): no processes, no gevent."""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

from rich.cells import cell_len

from kata.schedule import Counts, Schedule, Track
from kata.show.i18n import pick

NAME_COLS = 12
SHARED_RATIO = 20  # render_pair draws both runs on one scale unless one is this many times longer
RUN, WAIT, SWITCH, IDLE = "█", "─", "▌", " "  # ran, alive but waiting, switched into here, not alive
BARS = "▁▂▃▄▅▆▇█"
_RANK = {IDLE: 0, WAIT: 1, RUN: 2, SWITCH: 3}  # a cell shows its strongest mark


# --- terminal ---

def _fit(text: str, cols: int) -> str:
    """`text` cut with … to at most `cols` columns."""
    if cell_len(text) <= cols:
        return text
    while text and cell_len(text) > cols - 1:
        text = text[:-1]
    return text + "…"


def pad(text: str, cols: int) -> str:
    """`text` in exactly `cols` columns (中文 counts 2): cut with … when wider, padded when narrower."""
    text = _fit(text, cols)
    return text + " " * (cols - cell_len(text))


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:.0f} ms" if ms >= 10 or ms == 0 else f"{ms:.2g} ms"


def _cell_range(a: float, b: float, end: float, n: int) -> range:
    """The cells that [a, b] touches: at least one, so a 1 µs run still shows."""
    i = min(n - 1, int(a / end * n))
    return range(i, max(i + 1, min(n, math.ceil(b / end * n - 1e-9))))


def _cells(track: Track, switched_in: list[float], end: float, n: int) -> str:
    marks = [IDLE] * n
    painted = [(s.start, s.end, RUN if s.kind == "run" else WAIT) for s in track.spans]
    for a, b, mark in painted + [(t, t, SWITCH) for t in switched_in]:
        for k in _cell_range(a, b, end, n):
            if _RANK[mark] > _RANK[marks[k]]:
                marks[k] = mark
    return "".join(marks)


def _bars(counts: Counts, until: float, end: float, n: int) -> str:
    """Each cell (0 to `end` across) shows the highest value the step series, recorded until `until`,
    reaches inside it."""
    top = [0.0] * n
    for k, (t, v) in enumerate(counts.points):
        stop = counts.points[k + 1][0] if k + 1 < len(counts.points) else until
        for c in _cell_range(t, stop, end, n):
            top[c] = max(top[c], v)
    peak = counts.peak or 1.0
    return "".join(BARS[min(7, math.ceil(v / peak * 8) - 1)] if v > 0 else " " for v in top)


def _rows(schedule: Schedule, max_rows: int | None) -> tuple[list[Track], int]:
    """Main first, the hub last; when cut, the first `max_rows` others stay and the hub goes."""
    tracks = sorted(schedule.tracks, key=lambda t: {"main": 0, "hub": 2}.get(t.kind, 1))
    if max_rows is None or len(tracks) <= max_rows:
        return tracks, 0
    kept = [t for t in tracks if t.kind != "hub"][:max(1, max_rows)]
    return kept, len(tracks) - len(kept)


def _switched_into(schedule: Schedule) -> dict[str, list[float]]:
    into: dict[str, list[float]] = {}
    for t, _, dst in schedule.switches:
        into.setdefault(dst, []).append(t)
    return into


def _empty(schedule: Schedule | None) -> bool:
    return schedule is None or schedule.end <= 0 or not (schedule.tracks or schedule.counts)


def _nothing(lang: str) -> str:
    return pick(lang, "（没有记录到任何调度）", "(nothing was recorded)")


def _picture(schedule: Schedule, lang: str, width: int, max_rows: int | None,
             scale: float | None = None) -> list[str]:
    """Rows, the counts row, the time scale (0 to `scale`, else to the schedule's end): no legend."""
    if _empty(schedule):
        return [_nothing(lang)]
    n, end, indent = max(8, width - NAME_COLS - 1), scale or schedule.end, " " * (NAME_COLS + 1)
    into = _switched_into(schedule)
    tracks, more = _rows(schedule, max_rows)
    lines = [f"{pad(t.name, NAME_COLS)} {_cells(t, into.get(t.id, []), end, n)}".rstrip() for t in tracks]
    if more:
        lines.append(pick(lang, f"… 另有 {more} 行", f"… {more} more row" + ("s" if more > 1 else "")))
    if schedule.counts:
        label = pick(lang, schedule.counts.zh, schedule.counts.en)
        lines.append(f"{pad(label, NAME_COLS)} {_bars(schedule.counts, schedule.end, end, n)}".rstrip())
    mid = n // 2
    axis = ["─"] * n
    axis[0], axis[mid], axis[-1] = "└", "┴", "┘"
    labels = [" "] * n
    last, middle = _ms(end), _ms(end / 2)  # the middle instant lies inside cell `mid`
    for col, text in ((0, _ms(0)), (n - len(last), last), (mid - len(middle) // 2, middle)):
        if all(c == " " for c in labels[max(0, col - 1):col + len(text) + 1]):
            labels[col:col + len(text)] = text
    lines += [indent + "".join(axis), (indent + "".join(labels)).rstrip()]
    if schedule.counts:
        lines.append(f"{BARS} {_peak_note(schedule.counts, lang)}")
    return lines


def _peak_note(counts: Counts, lang: str) -> str:
    return pick(lang, f"{counts.zh}：最多 {counts.peak:g}", f"{counts.en}: peak {counts.peak:g}")


def _legend(lang: str) -> str:
    return pick(lang, f"{RUN} 运行  {WAIT} 等待（sleep/IO）  {SWITCH} 切换进来  空白 未开始或已结束",
                f"{RUN} running  {WAIT} waiting (sleep/IO)  {SWITCH} switched in  blank: not started or done")


def _hub_note(lang: str) -> str:
    return pick(lang, "hub：gevent 的循环，等待定时器和 socket，再把协程切换回来",
                "hub: gevent's loop: waits on timers and sockets, switches greenlets back in")


def _hub_drawn(schedules: tuple[Schedule | None, ...], max_rows: int | None = None) -> bool:
    return any(t.kind == "hub" for s in schedules if s is not None and not _empty(s) for t in _rows(s, max_rows)[0])


def _legends(lang: str, schedules: tuple[Schedule | None, ...], max_rows: int | None) -> list[str]:
    """The legend, and what the hub row is when one is drawn."""
    return [_legend(lang)] + ([_hub_note(lang)] if _hub_drawn(schedules, max_rows) else [])


def shared_scale(yours: Schedule | None, expected: Schedule | None) -> float | None:
    """The one time scale both pictures use (the longer run's length), or None when each keeps its own:
    a run longer than expected must look longer, unless one is over SHARED_RATIO times the other (the
    short one would be a sliver). The terminal and the HTML page follow this one rule."""
    ends = [s.end for s in (yours, expected) if s is not None and not _empty(s)]
    return max(ends) if len(ends) == 2 and max(ends) <= SHARED_RATIO * min(ends) else None


def _scale_note(scale: float | None, lang: str) -> str:
    return (pick(lang, "两张图用同一个时间刻度：", "Both pictures share one time scale:") if scale else
            pick(lang, "两张图各用自己的时间刻度：", "Each picture has its own time scale:"))


def render(schedule: Schedule, lang: str, *, width: int = 80, max_rows: int | None = None,
           title: str | None = None) -> list[str]:
    """The terminal picture as plain lines, each at most `width` (≥ 21) columns, wide characters counted as 2.
    An empty recording is one line saying so (after `title`, if given)."""
    lines = ([title] if title else []) + _picture(schedule, lang, width, max_rows)
    if not _empty(schedule):
        lines += _legends(lang, (schedule,), max_rows)
    return [_fit(line, width) for line in lines]


def _heading(schedule: Schedule | None, lang: str, yours: bool) -> str:
    name = pick(lang, "你的运行", "your run") if yours else pick(lang, "期望（参考答案）", "expected (our solution)")
    if _empty(schedule):
        return name
    return name + pick(lang, f" · 全长 {_ms(schedule.end)}", f" · {_ms(schedule.end)} in all")


def render_pair(yours: Schedule, expected: Schedule | None, lang: str, width: int = 80,
                max_rows: int | None = None) -> list[str]:
    """Your run above the expected one, one legend under both, on the time scale shared_scale decides."""
    scale = shared_scale(yours, expected)
    lines = [] if expected is None else [_scale_note(scale, lang)]
    for schedule, mine in ((yours, True), (expected, False)):
        if schedule is not None:
            lines += ["", _heading(schedule, lang, mine), *_picture(schedule, lang, width, max_rows, scale)]
    lines += ["", *_legends(lang, (yours, expected), max_rows)]
    return [_fit(line, width) for line in lines]


# --- Chrome trace events (ui.perfetto.dev, chrome://tracing) ---

def _us(seconds: float) -> float:
    return round(seconds * 1e6, 3)


def to_trace(schedule: Schedule, lang: str = "en", *, pid: int = 1, process: str = "coroutine kata") -> dict[str, Any]:
    """Trace-event JSON: process `pid` named `process` once, a thread per track, an X event per span,
    instants for switches, counter events. Every event, metadata too, has its pid and tid."""
    tids = {t.id: k for k, t in enumerate(schedule.tracks, 1)}
    names = {t.id: t.name for t in schedule.tracks}
    events: list[dict[str, Any]] = [{"ph": "M", "name": "process_name", "pid": pid, "tid": 0,
                                     "args": {"name": process}}]
    for track in schedule.tracks:
        tid = tids[track.id]
        events.append({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": track.name}})
        events += [{"ph": "X", "name": s.kind, "cat": track.kind, "pid": pid, "tid": tid, "ts": _us(s.start),
                    "dur": _us(s.end - s.start)} for s in track.spans]
    events += [{"ph": "i", "name": "switch", "s": "t", "pid": pid, "tid": tids[dst], "ts": _us(t),
                "args": {"from": names.get(src, src)}} for t, src, dst in schedule.switches if dst in tids]
    if schedule.counts:
        label = pick(lang, schedule.counts.zh, schedule.counts.en)
        events += [{"ph": "C", "name": label, "pid": pid, "tid": 0, "ts": _us(t), "args": {label: v}}
                   for t, v in schedule.counts.points]
    return {"traceEvents": events, "displayTimeUnit": "ms"}


# --- one HTML page ---

_CSS = Path(__file__).resolve().parents[1] / "templates" / "timeline.css"  # the page's style, inlined
_SVG_W, _NAME_W, _ROW_H = 960, 160, 22
_MIN_RUN = 4.5  # a running span's least width in the picture's units: 3 px or more, as the page never
# draws the picture narrower than 720 px of its 960 (min-width above; a narrow window scrolls it)


def svg(schedule: Schedule | None, lang: str, scale: float | None = None) -> str:
    """One picture as inline SVG, 0 to `scale` across (else to the schedule's end); _CSS's classes style
    it (the class report's page, kata/templates/report.css, has the same rules)."""
    if schedule is None or _empty(schedule):
        return f"<p>{html.escape(_nothing(lang))}</p>"
    end, span_w = scale or schedule.end, _SVG_W - _NAME_W - 20

    def x(t: float) -> float:
        return round(_NAME_W + t / end * span_w, 2)

    into = _switched_into(schedule)
    parts, y = [], 6
    for track in _rows(schedule, None)[0]:
        name = html.escape(_fit(track.name, 22))
        parts.append(f'<line class="row" x1="{_NAME_W}" x2="{_NAME_W + span_w}" y1="{y + 11}" y2="{y + 11}"/>'
                     f'<text x="{_NAME_W - 8}" y="{y + 15}" text-anchor="end">{name}</text>')
        for s in sorted(track.spans, key=lambda s: s.kind == "run"):  # waiting: light, thin; running: dark, on top
            top, h, least = (y + 3, 16, _MIN_RUN) if s.kind == "run" else (y + 8, 6, 1.0)
            w = max(least, round(x(s.end) - x(s.start), 2))
            parts.append(f'<rect class="{s.kind}" x="{min(x(s.start), _NAME_W + span_w - w)}" y="{top}" '
                         f'width="{w}" height="{h}"/>')
        parts += [f'<line class="sw" x1="{x(t)}" x2="{x(t)}" y1="{y + 1}" y2="{y + 21}"/>'
                  for t in into.get(track.id, [])]
        y += _ROW_H
    if schedule.counts:
        c, base, peak = schedule.counts, y + 52, schedule.counts.peak or 1.0
        path = [f"M{x(c.points[0][0])},{base}"]
        for k, (t, v) in enumerate(c.points):
            stop = c.points[k + 1][0] if k + 1 < len(c.points) else schedule.end
            top = round(base - v / peak * 32, 2)
            path.append(f"L{x(t)},{top}L{x(stop)},{top}")
        label = html.escape(_peak_note(c, lang))
        parts.append(f'<text x="{_NAME_W}" y="{y + 12}">{label}</text>'
                     f'<path class="count" d="{"".join(path)}L{x(schedule.end)},{base}Z"/>')
        y += 58
    parts.append(f'<path class="axis" d="M{_NAME_W},{y + 4}H{_NAME_W + span_w}"/>')
    for q, anchor in ((0, "start"), (0.25, "middle"), (0.5, "middle"), (0.75, "middle"), (1, "end")):
        parts.append(f'<path class="axis" d="M{x(end * q)},{y}V{y + 8}"/>'
                     f'<text x="{x(end * q)}" y="{y + 22}" text-anchor="{anchor}">{_ms(end * q)}</text>')
    height = y + 30
    return (f'<div class="pic"><svg class="tl" viewBox="0 0 {_SVG_W} {height}" width="{_SVG_W}" '
            f'height="{height}">' + "".join(parts) + "</svg></div>")


def to_html(parts: list[tuple[str, Schedule, Schedule | None]], lang: str, title: str) -> str:
    """One self-contained page (inline SVG and CSS, nothing fetched from the network): for each
    part of a demonstration, its heading, then yours and the expected picture, on the time scale
    the terminal uses (shared_scale)."""
    keys = (('<rect class="run" width="18" height="12"/>', "运行", "running"),
            ('<rect class="wait" y="3" width="18" height="6"/>', "等待（sleep/IO）", "waiting (sleep/IO)"),
            ('<line class="sw" x1="9" x2="9" y2="12"/>', "切换进来", "switched in"))
    legend = "".join(f'<svg class="key" width="18" height="12">{mark}</svg>{pick(lang, zh, en)}'
                     for mark, zh, en in keys)
    if _hub_drawn(tuple(s for _, *pair in parts for s in pair)):
        legend += f"<br>{html.escape(_hub_note(lang))}"
    body = []
    for heading, yours, expected in parts:
        scale = shared_scale(yours, expected)
        body.append(f"<h2>{html.escape(heading)}</h2>")
        if expected is not None:
            body.append(f"<p>{html.escape(_scale_note(scale, lang))}</p>")
        body += [f"<h3>{html.escape(_heading(yours, lang, True))}</h3>", svg(yours, lang, scale)]
        if expected is not None:
            body += [f"<h3>{html.escape(_heading(expected, lang, False))}</h3>", svg(expected, lang, scale)]
    css = _CSS.read_text(encoding="utf-8").rstrip()
    return (f'<!DOCTYPE html>\n<html lang="{pick(lang, "zh", "en")}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{css}</style></head>\n<body><h1>{html.escape(title)}</h1>"
            f'<p class="legend">{legend}</p>\n' + "\n".join(body) + "\n</body></html>\n")
