"""The --html page as a person sees it, in a real Chromium (Debian's /usr/bin/chromium, driven by
Playwright): the same time-scale rule as the terminal, running spans that stay visible however
narrow the window, and a legend that says what the `hub` row is.

Without a browser these tests skip, saying why; under CI (env CI set) a missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_timeline import asynchronous, join_in_a_loop

from kata.schedule import Schedule
from kata.show.timeline import render_pair
from kata.show.timeline_page import to_html

CHROMIUM = "/usr/bin/chromium"
MIN_RUN_PX = 3  # a running span narrower than this is lost on a projector


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must have it (apt-get install chromium; pip install -e '.[dev]')")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        _missing(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, tmp_path):
    """Open a page of ours, from a file as a student would, in a window `width` pixels wide; every
    page opened must show no console error and fetch nothing but itself."""
    opened, problems, requests = [], [], []

    def open_(html: str, width: int = 1280):
        path = tmp_path / "timeline.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.set_default_timeout(5000)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url) if r.url != path.as_uri() else None)
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        opened.append(page)
        return page

    yield open_
    for page in opened:
        page.close()
    assert problems == [] and requests == [], "the page logged an error or fetched something"


def right_edges(page) -> list[float]:
    """For each picture, where its last drawn span ends, as a share of the picture's time axis."""
    return page.evaluate("""() => [...document.querySelectorAll('svg.tl')].map(svg => {
        const axis = svg.querySelector('path.axis').getBoundingClientRect();
        const right = Math.max(...[...svg.querySelectorAll('rect.run, rect.wait')]
                                  .map(r => r.getBoundingClientRect().right));
        return (right - axis.left) / axis.width;
    })""")


def test_the_page_draws_both_runs_on_one_scale_as_the_terminal_does(open_page):
    yours, ours = join_in_a_loop(), asynchronous()  # 1012 ms beside 212 ms: the staircase and the column
    assert render_pair(yours, ours, "en")[0] == "Both pictures share one time scale:"
    page = open_page(to_html([("asynchronous", yours, ours)], "en", "07"))
    assert "Both pictures share one time scale" in page.inner_text("body")
    mine, theirs = right_edges(page)
    assert mine == pytest.approx(1.0, abs=0.02)
    assert theirs == pytest.approx(0.212 / 1.012, abs=0.03)


def test_the_page_gives_each_its_own_scale_when_the_terminal_does(open_page):
    tiny = Schedule.from_json({"end": 0.001, "tracks": [{"id": "main", "name": "main", "kind": "main",
                                                         "spans": [[0.0, 0.001, "run"]]}]})
    assert render_pair(tiny, join_in_a_loop(), "en")[0] == "Each picture has its own time scale:"
    page = open_page(to_html([("asynchronous", tiny, join_in_a_loop())], "en", "07"))
    assert "Each picture has its own time scale" in page.inner_text("body")
    assert right_edges(page) == [pytest.approx(1.0, abs=0.02)] * 2


@pytest.mark.parametrize("width", [1280, 800, 360])
def test_every_running_span_is_visible_at_any_window_width(open_page, width):
    page = open_page(to_html([("asynchronous", join_in_a_loop(), asynchronous())], "en", "07"), width)
    widths = page.evaluate("() => [...document.querySelectorAll('rect.run')]"
                           ".map(r => r.getBoundingClientRect().width)")
    assert widths and min(widths) >= MIN_RUN_PX, sorted(widths)[:5]


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["hub", "gevent", "timers", "sockets", "switches"]),
    ("zh", ["hub", "gevent", "定时器", "socket", "切换"])])
def test_the_legend_says_what_the_hub_row_is(open_page, lang, words):
    page = open_page(to_html([("asynchronous", asynchronous(), None)], lang, "07"))
    legend = page.inner_text(".legend")
    assert all(word in legend for word in words), legend
