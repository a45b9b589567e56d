"""Our solution's demonstrations as recordings: events and times, never code.

The instructors' repository draws "ours" (`--timeline`, and the picture under a failed order or
overlap check) by running solutions/ live. The student edition ships no solutions/: when it is
written (kata/edition.py), each demonstration is recorded from solutions/ into
kata/recorded/NN_slug.json, and the student's grader draws ours from there. These are the only
files two editions of one checkout may differ in (the times are measured afresh).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kata.manifest import ROOT

FOLDER = ROOT / "kata" / "recorded"
DIGITS = 6  # microseconds: the pictures resolve milliseconds


def path(topic_id: str) -> Path:
    return FOLDER / f"{topic_id}.json"


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def write(topic_id: str, parts: list[dict[str, Any]], folder: Path = FOLDER) -> None:
    """Keep each part's title, function and schedule (not what it printed, nor any failure)."""
    kept = [{"title": p["title"], "function": p.get("function", ""), "schedule": _rounded(p["schedule"])}
            for p in parts]
    lines = ",\n".join(json.dumps(p, ensure_ascii=False, sort_keys=True) for p in kept)  # a part a line
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{topic_id}.json").write_text(f'{{"topic": "{topic_id}", "parts": [\n{lines}\n]}}\n',
                                            encoding="utf-8")


def parts(topic_id: str) -> list[dict[str, Any]] | None:
    """The recorded parts of a topic's demonstration, or None where none was recorded."""
    try:
        doc = json.loads(path(topic_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = doc.get("parts") if isinstance(doc, dict) else None
    return found if isinstance(found, list) else None


def schedule(topic_id: str, function: str, part: int | None = None) -> dict[str, Any] | None:
    """A recorded schedule for a failed check's picture: the demonstration's `part`-th part, or
    else the part that ran `function` (the probe's name: 05's run_blocking, 07's asynchronous)."""
    found = parts(topic_id) or []
    if part is not None:
        chosen = found[part] if len(found) > part else None
    else:
        chosen = next((p for p in found if isinstance(p, dict) and p.get("function") == function), None)
    return chosen.get("schedule") if isinstance(chosen, dict) else None
