"""One command line, parsed: what every verb is given, and the exit codes verbs return."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from kata.course import manifest
from kata.judging.session import Session
from kata.show import i18n
from kata.show.terminal import Terminal

EXIT_PASS, EXIT_FAIL, EXIT_BROKEN = 0, 1, 2


@dataclass
class Call:
    """One command line, parsed: what a verb is given."""

    args: argparse.Namespace
    course: manifest.Course
    topics: list[manifest.Topic]
    target: Path = Path()
    sandboxed: bool = False
    term: Terminal | None = None

    @property
    def lang(self) -> str:
        return self.args.lang or i18n.detect()

    def session(self) -> Session:
        return Session(self.args.timeout, self.args.jobs, sandboxed=self.sandboxed)
