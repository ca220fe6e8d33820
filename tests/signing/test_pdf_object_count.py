"""The PDF object count that refuses a PDF with far too many objects (verify_pdf) finds exactly
what the earlier pattern found, only faster on long runs of digits."""

from __future__ import annotations

import random
import re

from readiness.signing import verify_pdf

_BEFORE = re.compile(rb"\d+\s+\d+\s+obj\b")


def test_the_same_matches_as_before() -> None:
    rng = random.Random(14)
    alphabet = b"0123456789 \t\n\r\x0b\x0cobjx_<>/"
    cases = [b"1 0 obj", b"12 34 56 obj", b"1 0 objx", b"1 0 obj_", b"0" * 5000 + b" 0 obj",
             b"1 0 obj2 0 obj", b"1 0 obj 2 0 obj", b"x1 0 obj", b"a12 0 obj"]
    cases += [bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
              for _ in range(50_000)]
    for data in cases:
        assert verify_pdf._OBJ.findall(data) == _BEFORE.findall(data), data
