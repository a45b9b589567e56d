"""A schedule (kata/schedule.py) drawn in the terminal, and the rules every picture of one follows
(kata/show/timeline_page.py draws the same in HTML, kata/show/trace.py writes it for Perfetto):
one time scale for yours and ours, the legend, the hub's note. Pure: no processes, no gevent."""

from __future__ import annotations

import math

from rich.cells import cell_len

from kata.schedule import Counts, Schedule, Track
from kata.show.i18n import pick

NAME_COLS = 12
SHARED_RATIO = 20  # render_pair draws both runs on one scale unless one is this many times longer
RUN, WAIT, SWITCH, IDLE = "█", "─", "▌", " "  # ran, alive but waiting, switched into here, not alive
BARS = "▁▂▃▄▅▆▇█"
_RANK = {IDLE: 0, WAIT: 1, RUN: 2, SWITCH: 3}  # a cell shows its strongest mark


def fit(text: str, cols: int) -> str:
    """`text` cut with … to at most `cols` columns."""
    if cell_len(text) <= cols:
        return text
    while text and cell_len(text) > cols - 1:
        text = text[:-1]
    return text + "…"


def pad(text: str, cols: int) -> str:
    """`text` in exactly `cols` columns (中文 counts 2): cut with … when wider, padded when narrower."""
    text = fit(text, cols)
    return text + " " * (cols - cell_len(text))


def ms_text(seconds: float) -> str:
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


def rows(schedule: Schedule, max_rows: int | None) -> tuple[list[Track], int]:
    """Main first, the hub last; when cut, the first `max_rows` others stay and the hub goes."""
    tracks = sorted(schedule.tracks, key=lambda t: {"main": 0, "hub": 2}.get(t.kind, 1))
    if max_rows is None or len(tracks) <= max_rows:
        return tracks, 0
    kept = [t for t in tracks if t.kind != "hub"][:max(1, max_rows)]
    return kept, len(tracks) - len(kept)


def switched_into(schedule: Schedule) -> dict[str, list[float]]:
    into: dict[str, list[float]] = {}
    for t, _, dst in schedule.switches:
        into.setdefault(dst, []).append(t)
    return into


def is_empty(schedule: Schedule | None) -> bool:
    return schedule is None or schedule.end <= 0 or not (schedule.tracks or schedule.counts)


def nothing_recorded(lang: str) -> str:
    return pick(lang, "（没有记录到任何调度）", "(nothing was recorded)")


def _picture(schedule: Schedule, lang: str, width: int, max_rows: int | None,
             scale: float | None = None) -> list[str]:
    """Rows, the counts row, the time scale (0 to `scale`, else to the schedule's end): no legend."""
    if is_empty(schedule):
        return [nothing_recorded(lang)]
    n, end, indent = max(8, width - NAME_COLS - 1), scale or schedule.end, " " * (NAME_COLS + 1)
    into = switched_into(schedule)
    tracks, more = rows(schedule, max_rows)
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
    last, middle = ms_text(end), ms_text(end / 2)  # the middle instant lies inside cell `mid`
    for col, text in ((0, ms_text(0)), (n - len(last), last), (mid - len(middle) // 2, middle)):
        if all(c == " " for c in labels[max(0, col - 1):col + len(text) + 1]):
            labels[col:col + len(text)] = text
    lines += [indent + "".join(axis), (indent + "".join(labels)).rstrip()]
    if schedule.counts:
        lines.append(f"{BARS} {peak_note(schedule.counts, lang)}")
    return lines


def peak_note(counts: Counts, lang: str) -> str:
    return pick(lang, f"{counts.zh}：最多 {counts.peak:g}", f"{counts.en}: peak {counts.peak:g}")


def _legend(lang: str) -> str:
    return pick(lang, f"{RUN} 运行  {WAIT} 等待（sleep/IO）  {SWITCH} 切换进来  空白 未开始或已结束",
                f"{RUN} running  {WAIT} waiting (sleep/IO)  {SWITCH} switched in  blank: not started or done")


def hub_note(lang: str) -> str:
    return pick(lang, "hub：gevent 的循环，等待定时器和 socket，再把协程切换回来",
                "hub: gevent's loop: waits on timers and sockets, switches greenlets back in")


def hub_drawn(schedules: tuple[Schedule | None, ...], max_rows: int | None = None) -> bool:
    return any(t.kind == "hub" for s in schedules if s is not None and not is_empty(s) for t in rows(s, max_rows)[0])


def _legends(lang: str, schedules: tuple[Schedule | None, ...], max_rows: int | None) -> list[str]:
    """The legend, and what the hub row is when one is drawn."""
    return [_legend(lang)] + ([hub_note(lang)] if hub_drawn(schedules, max_rows) else [])


def shared_scale(yours: Schedule | None, expected: Schedule | None) -> float | None:
    """The one time scale both pictures use (the longer run's length), or None when each keeps its own:
    a run longer than expected must look longer, unless one is over SHARED_RATIO times the other (the
    short one would be a sliver). The terminal and the HTML page follow this one rule."""
    ends = [s.end for s in (yours, expected) if s is not None and not is_empty(s)]
    return max(ends) if len(ends) == 2 and max(ends) <= SHARED_RATIO * min(ends) else None


def scale_note(scale: float | None, lang: str) -> str:
    return (pick(lang, "两张图用同一个时间刻度：", "Both pictures share one time scale:") if scale else
            pick(lang, "两张图各用自己的时间刻度：", "Each picture has its own time scale:"))


def render(schedule: Schedule, lang: str, *, width: int = 80, max_rows: int | None = None,
           title: str | None = None) -> list[str]:
    """The terminal picture as plain lines, each at most `width` (≥ 21) columns, wide characters counted as 2.
    An empty recording is one line saying so (after `title`, if given)."""
    lines = ([title] if title else []) + _picture(schedule, lang, width, max_rows)
    if not is_empty(schedule):
        lines += _legends(lang, (schedule,), max_rows)
    return [fit(line, width) for line in lines]


def heading(schedule: Schedule | None, lang: str, yours: bool) -> str:
    name = pick(lang, "你的运行", "your run") if yours else pick(lang, "期望（参考答案）", "expected (our solution)")
    if is_empty(schedule):
        return name
    return name + pick(lang, f" · 全长 {ms_text(schedule.end)}", f" · {ms_text(schedule.end)} in all")


def render_pair(yours: Schedule, expected: Schedule | None, lang: str, width: int = 80,
                max_rows: int | None = None) -> list[str]:
    """Your run above the expected one, one legend under both, on the time scale shared_scale decides."""
    scale = shared_scale(yours, expected)
    lines = [] if expected is None else [scale_note(scale, lang)]
    for schedule, mine in ((yours, True), (expected, False)):
        if schedule is not None:
            lines += ["", heading(schedule, lang, mine), *_picture(schedule, lang, width, max_rows, scale)]
    lines += ["", *_legends(lang, (yours, expected), max_rows)]
    return [fit(line, width) for line in lines]
