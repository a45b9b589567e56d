"""A schedule (kata/schedule.py) drawn as inline SVG, and the self-contained HTML page of a
demonstration (`--timeline --html`); the class report (kata/show/report.py) draws its pictures here
too. The pictures follow the terminal's rules (kata/show/timeline.py). Pure but for reading the
page's style sheet (kata/templates/timeline.css)."""

from __future__ import annotations

import html
from pathlib import Path

from kata.schedule import Schedule
from kata.show import timeline
from kata.show.i18n import pick

_CSS = Path(__file__).resolve().parents[1] / "templates" / "timeline.css"  # the page's style, inlined
_SVG_W, _NAME_W, _ROW_H = 960, 160, 22
_MIN_RUN = 4.5  # a running span's least width in the picture's units: 3 px or more, as the page never
# draws the picture narrower than 720 px of its 960 (timeline.css's min-width; a narrow window scrolls it)


def svg(schedule: Schedule | None, lang: str, scale: float | None = None) -> str:
    """One picture as inline SVG, 0 to `scale` across (else to the schedule's end); _CSS's classes style
    it (the class report's page, kata/templates/report.css, has the same rules)."""
    if timeline.is_empty(schedule):
        return f"<p>{html.escape(timeline.nothing_recorded(lang))}</p>"
    end, span_w = scale or schedule.end, _SVG_W - _NAME_W - 20

    def x(t: float) -> float:
        return round(_NAME_W + t / end * span_w, 2)

    into = timeline.switched_into(schedule)
    parts, y = [], 6
    for track in timeline.rows(schedule, None)[0]:
        name = html.escape(timeline.fit(track.name, 22))
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
        label = html.escape(timeline.peak_note(c, lang))
        parts.append(f'<text x="{_NAME_W}" y="{y + 12}">{label}</text>'
                     f'<path class="count" d="{"".join(path)}L{x(schedule.end)},{base}Z"/>')
        y += 58
    parts.append(f'<path class="axis" d="M{_NAME_W},{y + 4}H{_NAME_W + span_w}"/>')
    for q, anchor in ((0, "start"), (0.25, "middle"), (0.5, "middle"), (0.75, "middle"), (1, "end")):
        parts.append(f'<path class="axis" d="M{x(end * q)},{y}V{y + 8}"/>'
                     f'<text x="{x(end * q)}" y="{y + 22}" text-anchor="{anchor}">{timeline.ms_text(end * q)}</text>')
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
    if timeline.hub_drawn(tuple(s for _, *pair in parts for s in pair)):
        legend += f"<br>{html.escape(timeline.hub_note(lang))}"
    body = []
    for heading, yours, expected in parts:
        scale = timeline.shared_scale(yours, expected)
        body.append(f"<h2>{html.escape(heading)}</h2>")
        if expected is not None:
            body.append(f"<p>{html.escape(timeline.scale_note(scale, lang))}</p>")
        body += [f"<h3>{html.escape(timeline.heading(yours, lang, True))}</h3>", svg(yours, lang, scale)]
        if expected is not None:
            body += [f"<h3>{html.escape(timeline.heading(expected, lang, False))}</h3>", svg(expected, lang, scale)]
    css = _CSS.read_text(encoding="utf-8").rstrip()
    return (f'<!DOCTYPE html>\n<html lang="{pick(lang, "zh", "en")}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{css}</style></head>\n<body><h1>{html.escape(title)}</h1>"
            f'<p class="legend">{legend}</p>\n' + "\n".join(body) + "\n</body></html>\n")
