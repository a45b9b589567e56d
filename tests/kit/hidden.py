"""Hidden parameters: drawn afresh for every run, so that no output can be written down in advance.

Drawn from the operating system's randomness, never seeded, within ranges each check chooses so
that its margins hold for every draw: a given answer gets the same score on every regrade.
"""

from __future__ import annotations

import random
import string

_draw = random.SystemRandom()


def integer(low: int, high: int) -> int:
    """An integer from low to high, both included."""
    return _draw.randint(low, high)


def number(low: float, high: float, digits: int = 3) -> float:
    """A number from low to high, rounded to `digits` decimals."""
    return round(_draw.uniform(low, high), digits)


def word(length: int = 6) -> str:
    """Lower-case ASCII letters: safe in any message, and never a word a stub could guess."""
    return "".join(_draw.choice(string.ascii_lowercase) for _ in range(length))


def integers(count: int, low: int, high: int) -> list[int]:
    return [integer(low, high) for _ in range(count)]
