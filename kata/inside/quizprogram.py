"""`python -m kata.inside.quizprogram PROGRAM OUT`: run a quiz's program, recording who ran when.

Runs inside the program's own process, started by kata/course/quizdata.py. The program runs as
`__main__`, as it would on its own; `greenlet.settrace` (kata/inside/probe.py `Recording`) notes every
switch from outside the program, greenlets named after the program's functions. At the end, even
when the program raised, the schedule goes to OUT as JSON. Recording prints nothing.
"""

from __future__ import annotations

import json
import os
import runpy
import sys

import greenlet

from kata.inside.probe import Recording, clock


def main(program: str, out: str) -> None:
    recording = Recording(os.path.join(os.path.dirname(os.path.abspath(program)), ""))
    greenlet.settrace(recording.on_switch)
    recording.current()  # the program's own top level is "main", first seen
    sys.argv = [program]
    try:
        runpy.run_path(program, run_name="__main__")
    finally:
        greenlet.settrace(None)
        recording.stop = clock() - recording.start
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(recording.schedule().to_json(), fh)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
