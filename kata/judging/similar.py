"""Answers that look alike: pairs of submissions, and submissions near our reference solution.

Token fingerprints, as MOSS, JPlag and Dolos compare code, with the maintained library
copydetect: each file is tokenised (pygments) with every name, string and comment normalised
away, its k-grams hashed and winnowed; its functions are put in name order first (winnowing alone
loses the passages across a moved function's edges). So renamed variables, changed comments,
whitespace and reordered functions change nothing. What every student is given (the stub) is subtracted as
boilerplate; so is what we wrote (the reference) when two students are compared, since a copy of
the reference is reported against the reference itself; and a passage that more than a tenth of
the class wrote (at least 10 submissions, MOSS's `-m`) is no evidence that two of them copied.

Each answer is tokenised and fingerprinted once, when the batch keeps its record (the slow part);
`--report` reads the fingerprints back. An index from fingerprint to answers gives the pairs
worth comparing, so a class of 500 is not 125,000 comparisons.

The similarity of two files is the share of their tokens (both together) in passages found in
the other. THRESHOLD is calibrated on the right answers in tests/variants/ written in different
styles (tests/grader/test_similar.py): none of them reaches it against another or against the
reference, while a renamed copy scores about 1.
"""

from __future__ import annotations

import ast
import base64
import itertools
import logging
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from copydetect import CodeFingerprint, compare_files
from copydetect.utils import filter_code, get_token_coverage, winnow

K, WINDOW = 25, 6  # copydetect's defaults: passages of 25 normalised characters, one fingerprint in every 6
THRESHOLD = 0.9  # right answers in other styles reach at most 0.84 (13's good_plain and good_taskgroup); copies 1.0
COMMON_SHARE, COMMON_MIN = 0.1, 10
CANDIDATE = 0.6  # share of the larger answer's fingerprints two answers must have in common to be compared
REFERENCE = "reference"
logging.getLogger("copydetect").setLevel(logging.ERROR)


def _kgram_hashes(tokens: str, k: int) -> np.ndarray:
    """A hash of every k characters of `tokens`, the same in every process (so it can be kept in a
    record). copydetect's own uses Python's hash(), salted afresh in each process."""
    codes = np.frombuffer(tokens.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - k + 1
    if n <= 0:
        return np.array([], dtype=np.int64)
    hashes = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        hashes = hashes * np.uint64(1_000_003) + codes[j:j + n]  # wraps around 2**64, as meant
    return hashes.view(np.int64)


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


def in_name_order(source: str) -> str:
    """The module with its top-level functions and classes last, in name order, everything else first
    as it was: moving functions around changes nothing. Unparsable code is left as it is."""
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError):
        return source
    lines = source.splitlines(keepends=True)
    rest, named, at = [], [], 0
    for node in body:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
        end = node.end_lineno or node.lineno
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            rest.append("".join(lines[at:start]))
            named.append((node.name, "".join(lines[start:end]).rstrip() + "\n\n\n"))
        else:
            rest.append("".join(lines[at:end]))
        at = end
    rest.append("".join(lines[at:]))
    return "".join(rest).rstrip() + "\n\n\n" + "".join(text for _, text in sorted(named, key=lambda n: n[0]))


def document(files: dict[str, str]) -> str:
    """A topic's submission as one text to compare: its files in name order (默写 has two), each with
    its functions in name order."""
    if len(files) == 1:
        return in_name_order(next(iter(files.values())))
    return "".join(f"# ── {name} ──\n{in_name_order(text).rstrip()}\n\n" for name, text in sorted(files.items()))


def _packed(array: np.ndarray) -> str:
    return base64.b64encode(array.astype(np.int64).tobytes()).decode("ascii")


def _unpacked(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Answer:
    """A submission as it is compared: its text, copydetect's normalised tokens of it, and its
    winnowed fingerprints (hashes, and where each starts in the tokens)."""

    text: str
    tokens: str
    hashes: np.ndarray
    places: np.ndarray

    @classmethod
    def of(cls, files: dict[str, str]) -> Answer | None:
        text = document(files)
        return cls.tokenised(text, filter_code(text, "answer.py", "python")[0]) if text.strip() else None

    @classmethod
    def tokenised(cls, text: str, tokens: str) -> Answer:
        every = _kgram_hashes(tokens, K)
        if len(every) < WINDOW:
            return cls(text, tokens, every, np.arange(len(every), dtype=np.int64))
        hashes, places = winnow(every, WINDOW, remove_duplicates=False)
        return cls(text, tokens, hashes, places.astype(np.int64))

    def to_json(self) -> dict[str, Any]:
        """The text compressed (most of a record's size), tokens and fingerprints as they are."""
        return {"text_z": base64.b64encode(zlib.compress(self.text.encode("utf-8"))).decode("ascii"),
                "tokens": self.tokens, "k": K, "window": WINDOW,
                "hashes": _packed(self.hashes), "places": _packed(self.places)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Answer:
        text = zlib.decompress(base64.b64decode(raw["text_z"])).decode("utf-8")
        if (raw.get("k"), raw.get("window")) != (K, WINDOW):  # kept with other settings: fingerprint again
            return cls.tokenised(text, raw["tokens"])
        return cls(text, raw["tokens"], _unpacked(raw["hashes"]), _unpacked(raw["places"]))


def fingerprint(answer: Answer, boilerplate: np.ndarray | None = None) -> CodeFingerprint:
    """copydetect's fingerprint of an answer, from the fingerprints the answer keeps (its __init__
    would tokenise and hash again), less those in `boilerplate`, as copydetect subtracts them."""
    keep = ~np.isin(answer.hashes, boilerplate) if boilerplate is not None else slice(None)
    hash_idx: dict[int, list[int]] = defaultdict(list)
    for h, place in zip(answer.hashes[keep].tolist(), answer.places[keep].tolist(), strict=True):
        hash_idx[h].append(place)
    fp = object.__new__(CodeFingerprint)
    fp.filename, fp.raw_code, fp.filtered_code, fp.offsets = "answer.py", answer.text, answer.tokens, np.array([])
    fp.k, fp.hashes, fp.hash_idx = K, set(hash_idx), dict(hash_idx)
    fp.token_coverage = get_token_coverage(fp.hash_idx, K, len(answer.tokens))
    return fp


def _in_text(fp: CodeFingerprint) -> CodeFingerprint:
    """`fp` with the offsets that place its shared passages in its text (tokenised again: flagged ones only)."""
    if not len(fp.offsets):
        fp.offsets = filter_code(fp.raw_code, "answer.py", "python")[1]
    return fp


def _drop(fp: CodeFingerprint, hashes: set[int]) -> None:
    """Forget these fingerprints of `fp` (passages too common to count)."""
    gone = fp.hashes & hashes
    if gone:
        fp.hashes = fp.hashes - gone
        for h in gone:
            del fp.hash_idx[h]
        fp.token_coverage = get_token_coverage(fp.hash_idx, fp.k, len(fp.filtered_code))


def _compare(topic: str, a: str, b: str, fa: CodeFingerprint, fb: CodeFingerprint, threshold: float) -> Pair | None:
    """The pair, when at or above `threshold`, with its shared passages placed in both texts."""
    total = fa.token_coverage + fb.token_coverage
    if not fa.hashes & fb.hashes or not total:
        return None
    _, (sa, sb), _ = compare_files(fa, fb)
    similarity = round(float(sa * fa.token_coverage + sb * fb.token_coverage) / total, 3)
    if similarity < threshold:
        return None
    _, _, (slices_a, slices_b) = compare_files(_in_text(fa), _in_text(fb))
    return Pair(topic, a, b, similarity, tuple((int(s), int(e)) for s, e in zip(*slices_a, strict=True)),
                tuple((int(s), int(e)) for s, e in zip(*slices_b, strict=True)))


def _candidates(fa: CodeFingerprint, fb: CodeFingerprint, shared: int) -> bool:
    """Worth comparing: most of the larger one's fingerprints are the other's too."""
    return shared >= CANDIDATE * max(len(fa.hashes), len(fb.hashes))


def find(topic: str, answers: dict[str, Answer], stub: Answer | None, reference: Answer | None,
         threshold: float = THRESHOLD) -> list[Pair]:
    """Copies of `reference`, then pairs of `answers` (by student), at or above `threshold`."""
    stub_hashes = stub.hashes if stub else None
    prints = {name: fingerprint(answer, stub_hashes) for name, answer in answers.items()}
    found, ours = [], set()
    if reference:
        ref = fingerprint(reference, stub_hashes)
        ours = set(ref.hashes)
        found = [p for name, fp in prints.items() if _candidates(fp, ref, len(fp.hashes & ours))
                 and (p := _compare(topic, name, REFERENCE, fp, ref, threshold))]
    index: dict[int, list[str]] = defaultdict(list)
    for name, fp in prints.items():
        for h in fp.hashes - ours:
            index[h].append(name)
    limit = max(COMMON_MIN, COMMON_SHARE * len(prints))
    common, shared = set(), Counter()
    for h, owners in index.items():
        if len(owners) > limit:
            common.add(h)
        elif len(owners) > 1:
            shared.update(itertools.combinations(sorted(owners), 2))
    dropped = common | ours
    for fp in prints.values():
        _drop(fp, dropped)
    for (a, b), n in shared.items():
        if _candidates(prints[a], prints[b], n) and (pair := _compare(topic, a, b, prints[a], prints[b], threshold)):
            found.append(pair)
    return sorted(found, key=lambda p: (-p.similarity, p.a, p.b))
