"""The verifier's fast paths accept exactly what the slow ones did (never more)."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.signing import dsse, jcs
from readiness.signing.errors import VerifyError
from readiness.signing.verify_result import parse_time


def _slow_b64(text: str) -> bytes | None:
    raw = text.encode("ascii")
    raw = raw.replace(b"-", b"+").replace(b"_", b"/")
    raw += b"=" * (-len(raw) % 4)
    try:
        return base64.b64decode(raw, validate=True)
    except ValueError:
        return None


@given(st.binary(max_size=64))
def test_padded_base64_decodes_as_before(data: bytes) -> None:
    text = base64.b64encode(data).decode()
    assert dsse.b64decode(text) == data == _slow_b64(text)
    assert dsse.b64decode(text.rstrip("=")) == data


@given(st.text(alphabet="ABCxyz019+/-_=\n .", max_size=24))
def test_odd_base64_is_decoded_or_refused_as_before(text: str) -> None:
    try:
        got: bytes | None = dsse.b64decode(text)
    except VerifyError:
        got = None
    if got is not None:
        assert _slow_b64(text) == got


def test_repeated_keys_are_named_by_the_canonical_parser() -> None:
    with pytest.raises(VerifyError, match="repeats the key"):
        jcs.parse_canonical(b'{"a":1,"a":1}')
    with pytest.raises(VerifyError, match="canonical"):
        jcs.parse_canonical(b'{"a":1,"b":{"c":1}} ')


@pytest.mark.parametrize(("text", "ok"), [
    ("2026-11-21T15:00:00Z", True), ("2026-1-21T15:00:00Z", False),
    ("2026-11-21T15:00:00", False), ("2026-02-30T15:00:00Z", False),
    ("2026-11-21T24:00:00Z", False), ("2026-11-21T15:00:00Z TSA", False),
    ("２０２６-11-21T15:00:00Z", False), (20261121, False),
])
def test_times_have_one_strict_form(text: object, ok: bool) -> None:
    got = parse_time(text)
    assert (got is not None) == ok
    if got is not None:
        assert got == dt.datetime(2026, 11, 21, 15, tzinfo=dt.UTC)
