"""Answers that look alike (kata/judging/similar.py), calibrated on our own right answers.

The right answers in tests/variants/ are written in different styles: none may be flagged against
another nor against the reference (for 默写, 11, too), while a disguised copy of any of them (local
variables renamed, comments and blank lines changed, functions reordered) is.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from kit.disguise import disguise

from kata.course import manifest, record
from kata.course.manifest import ROOT
from kata.judging import similar
from kata.judging.similar import Answer

COURSE = manifest.load()
VARIANTS = ROOT / "tests" / "variants"


def files(path) -> dict[str, str]:
    chosen = sorted(path.glob("*.py")) if path.is_dir() else [path]
    return {f.name: f.read_text(encoding="utf-8") for f in chosen}


def right_answers(topic) -> dict[str, dict[str, str]]:
    return {v.name: files(v) for v in sorted((VARIANTS / topic.id).iterdir()) if v.name.startswith("good_")}


def ours(topic) -> tuple[Answer | None, Answer | None]:
    """The stub and the reference, as the report compares them."""
    return (Answer.of(record.sources(topic, ROOT / "exercises")),
            Answer.of(record.sources(topic, ROOT / "solutions")))


def find(topic, answers: dict[str, dict[str, str]], **kw) -> list[similar.Pair]:
    stub, reference = ours(topic)
    return similar.find(topic.id, {name: Answer.of(f) for name, f in answers.items()}, stub, reference, **kw)


@pytest.mark.parametrize("topic", COURSE.topics, ids=lambda t: t.id)
def test_right_answers_in_other_styles_are_not_flagged(topic):
    flagged = [(p.a, p.b, p.similarity) for p in find(topic, right_answers(topic))]
    assert flagged == [], f"honest answers flagged at {similar.THRESHOLD}: {flagged}"


@pytest.mark.parametrize("topic", COURSE.topics, ids=lambda t: t.id)
def test_a_disguised_copy_of_a_classmate_is_flagged(topic):
    name, original = next(iter(right_answers(topic).items()))
    copy = {f: disguise(text) for f, text in original.items()}
    flagged = [(p.a, p.b) for p in find(topic, {name: original, "copier": copy})]
    assert flagged == [("copier", name)]


@pytest.mark.parametrize("topic", COURSE.topics, ids=lambda t: t.id)
def test_a_disguised_copy_of_the_reference_is_flagged(topic):
    copy = {f: disguise(text) for f, text in record.sources(topic, ROOT / "solutions").items()}
    assert [(p.a, p.b) for p in find(topic, {"copier": copy})] == [("copier", similar.REFERENCE)]


def test_code_from_the_stub_does_not_count():
    topic = COURSE.select(["05"])[0]
    stub = record.sources(topic, ROOT / "exercises")[f"{topic.id}.py"]
    a = {"a.py": stub + "\n\ndef mine(v):\n    return [v * 2 for _ in range(3)]\n"}
    b = {"b.py": stub + "\n\ndef mine(v):\n    while v < 10:\n        v += 1\n    return v\n"}
    alike_with_the_stub = similar.find(topic.id, {"a": Answer.of(a), "b": Answer.of(b)}, None, None)
    assert alike_with_the_stub, "without the stub subtracted, two stubs look copied"
    assert find(topic, {"a": a, "b": b}) == []


def test_an_honest_class_is_compared_by_candidates_not_every_pair(monkeypatch):
    """300 different answers: the index leaves few pairs to compare, far from 300 * 299 / 2."""
    topic = COURSE.select(["01"])[0]
    answers = {f"s{i}": {"a.py": "def work(v):\n" + "".join(f"    v = v * {i + j} + {j * i % 7}\n"
                                                           for j in range(1, 8)) + "    return v\n"}
               for i in range(300)}
    compared = []
    monkeypatch.setattr(similar, "compare_files", lambda a, b: compared.append(1) or (0, (0, 0), ([], [])))
    find(topic, answers)
    assert len(compared) < 600


def test_similarity_is_the_same_in_every_process():
    """copydetect hashes with Python's salted hash(); ours does not, so --report repeats itself."""
    code = ("from kata.judging.similar import Answer, fingerprint; "
            "print(sorted(fingerprint(Answer.of({'a.py': 'x = 1 + 2 * 3\\n' * 9})).hashes)[:5])")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1
