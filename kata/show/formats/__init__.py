"""Result files, one plug-in per format: each turns the graded topics (kata/course/model.py) into its
document. Formats read the model and the shared wording (kata/show/plaintext.py), never each other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kata.course.model import TopicRun
from kata.show.formats import classroom, exercism, gradescope, junit

Writer = Callable[[Path, list[TopicRun], float], None]

# command-line option -> writer; `--json` is Gradescope's results.json
WRITERS: dict[str, Writer] = {"json": gradescope.write, "exercism": exercism.write,
                              "junit": junit.write, "classroom": classroom.write}


def write_all(files: dict[str, Path | None], runs: list[TopicRun], seconds: float) -> None:
    """Write every format asked for (`files` maps an option name to its path, or None)."""
    for name, path in files.items():
        if path is not None:
            WRITERS[name](path, runs, seconds)
