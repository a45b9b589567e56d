"""Answers that look alike: pairs of submissions, and submissions near our reference solution.

Token fingerprints, as MOSS, JPlag and Dolos compare code, with the maintained library
copydetect: each file is tokenised (pygments) with every name, string and comment normalised
away, its k-grams hashed and winnowed. So renamed variables, changed comments, whitespace and
reordered functions change nothing. What every student is given (the stub) is subtracted as
boilerplate; so is what we wrote (the reference) when two students are compared, since a copy of
the reference is reported against the reference itself; and a passage that more than a tenth of
the class wrote (at least 10 submissions, MOSS's `-m`) is no evidence that two of them copied.

Each file is fingerprinted once; an index from fingerprint to submissions gives the pairs worth
comparing, so a class of 500 is not 125,000 comparisons.

The similarity of two files is the share of their tokens (both together) in passages found in
the other. THRESHOLD is calibrated on the right answers in tests/variants/ written in different
styles (tests/grader/test_similar.py): none of them reaches it against another or against the
reference, while a renamed copy scores about 1.
"""

from __future__ import annotations

import io
import itertools
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from copydetect import CodeFingerprint, compare_files
from copydetect.utils import get_token_coverage

K, WINDOW = 25, 6  # copydetect's defaults: passages of 25 normalised characters, one kept in every 6
THRESHOLD = 0.9
COMMON_SHARE, COMMON_MIN = 0.1, 10
REFERENCE = "reference"
logging.getLogger("copydetect").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Pair:
    topic: str
    a: str
    b: str  # REFERENCE for our solution
    similarity: float
    marks_a: tuple[tuple[int, int], ...]  # shared passages, as character ranges of a's text
    marks_b: tuple[tuple[int, int], ...]

    def shared_lines(self, text_a: str) -> int:
        """How many of a's lines lie in a shared passage."""
        lines = set()
        for start, end in self.marks_a:
            first = text_a.count("\n", 0, start)
            lines.update(range(first, first + text_a.count("\n", start, end) + 1))
        return len(lines)


def document(files: dict[str, str]) -> str:
    """A topic's submission as one text: its files in name order (默写 has two)."""
    if len(files) == 1:
        return next(iter(files.values()))
    return "".join(f"# ── {name} ──\n{text.rstrip()}\n\n" for name, text in sorted(files.items()))


def fingerprint(text: str, boilerplate: np.ndarray | None = None) -> CodeFingerprint:
    return CodeFingerprint("answer.py", K, WINDOW, boilerplate=boilerplate, fp=io.StringIO(text))


def _drop(fp: CodeFingerprint, hashes: set[int]) -> None:
    """Forget these fingerprints of `fp` (passages too common to count)."""
    gone = fp.hashes & hashes
    if gone:
        fp.hashes = fp.hashes - gone
        for h in gone:
            del fp.hash_idx[h]
        fp.token_coverage = get_token_coverage(fp.hash_idx, fp.k, len(fp.filtered_code))


def _compare(topic: str, a: str, b: str, fa: CodeFingerprint, fb: CodeFingerprint) -> Pair | None:
    total = fa.token_coverage + fb.token_coverage
    if not fa.hashes & fb.hashes or not total:
        return None
    _, (sa, sb), (slices_a, slices_b) = compare_files(fa, fb)
    similarity = float(sa * fa.token_coverage + sb * fb.token_coverage) / total
    return Pair(topic, a, b, round(similarity, 3),
                tuple((int(s), int(e)) for s, e in zip(*slices_a, strict=True)),
                tuple((int(s), int(e)) for s, e in zip(*slices_b, strict=True)))


def find(topic: str, answers: dict[str, str], stub: str, reference: str | None,
         threshold: float = THRESHOLD) -> list[Pair]:
    """Copies of `reference`, then pairs of `answers` (student -> text), at or above `threshold`."""
    stub_hashes = np.array(sorted(fingerprint(stub).hashes), dtype=np.int64) if stub.strip() else None
    prints = {name: fingerprint(text, stub_hashes) for name, text in answers.items() if text.strip()}
    found, ours = [], set()
    if reference:
        ref = fingerprint(reference, stub_hashes)
        ours = set(ref.hashes)
        found = [p for name, fp in prints.items()
                 if (p := _compare(topic, name, REFERENCE, fp, ref)) and p.similarity >= threshold]
    index: dict[int, list[str]] = defaultdict(list)
    for name, fp in prints.items():
        for h in fp.hashes - ours:
            index[h].append(name)
    limit = max(COMMON_MIN, COMMON_SHARE * len(prints))
    common = {h for h, owners in index.items() if len(owners) > limit}
    shared: Counter[tuple[str, str]] = Counter()
    for h, owners in index.items():
        if h not in common:
            shared.update(itertools.combinations(sorted(owners), 2))
    for fp in prints.values():
        _drop(fp, common | ours)
    for (a, b), n in shared.items():  # compared only when enough of their fingerprints agree
        if n >= threshold / 2 * min(len(prints[a].hashes), len(prints[b].hashes)):
            pair = _compare(topic, a, b, prints[a], prints[b])
            if pair and pair.similarity >= threshold:
                found.append(pair)
    return sorted(found, key=lambda p: (-p.similarity, p.a, p.b))
