"""parse_canonical's orjson fast path accepts exactly what the previous implementation did,
with equal values (and, since every refusal goes through the exact path, the same errors).

The previous implementation is kept here, verbatim, as the oracle."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import orjson
import pytest
import rfc8785
from hypothesis import example, given, settings
from hypothesis import strategies as st

from readiness.signing import jcs
from readiness.signing.errors import VerifyError


def _old_parse_canonical(data: bytes) -> Any:
    """parse_canonical as it was before the orjson fast path (the oracle)."""
    value = jcs._parse(data, None)
    text = data.decode("utf-8")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        raise VerifyError("the signed document has text that is not NFC-normalised")
    if not text.isascii() and jcs._ASTRAL.search(data):
        try:
            again = rfc8785.dumps(value)
        except (rfc8785.CanonicalizationError, RecursionError):
            raise VerifyError("the document cannot be put in canonical form") from None
    else:
        try:
            again = json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                               sort_keys=True).encode("utf-8")
        except (UnicodeEncodeError, RecursionError, ValueError):
            raise VerifyError("the document cannot be put in canonical form") from None
    if again != data:
        jcs.parse_strict(data)
        raise VerifyError("the signed document is not in canonical form")
    return value


def _outcome(fn: Any, data: bytes) -> tuple[str, Any]:
    try:
        return "ok", fn(data)
    except VerifyError as exc:
        return "refused", str(exc)
    except UnicodeError:
        # The old path let rfc8785's UnicodeEncodeError out for a lone surrogate escaped in a
        # document with astral characters; it refused, but not with a VerifyError (now it does).
        return "refused", "the document cannot be put in canonical form"


def _same(data: bytes) -> tuple[str, Any]:
    new = _outcome(jcs.parse_canonical, data)
    old = _outcome(_old_parse_canonical, data)
    assert new == old, data
    if new[0] == "ok":
        assert json.dumps(new[1], sort_keys=True) == json.dumps(old[1], sort_keys=True)
    return new


def test_orjson_escapes_every_bmp_character_as_the_exact_path() -> None:
    for c in range(0x10000):
        if 0xD800 <= c < 0xE000:
            with pytest.raises(orjson.JSONEncodeError):
                orjson.dumps(chr(c))
            continue
        s = chr(c)
        expected = json.dumps(s, ensure_ascii=False).encode("utf-8")
        assert orjson.dumps(s) == expected == rfc8785.dumps(s), hex(c)
        key = {s: 1, "\u0000": 2, "\uffff": 3}
        assert orjson.dumps(key, option=jcs._ORJSON_CANONICAL) == rfc8785.dumps(key), hex(c)


@given(st.integers(-(2**64), 2**64))
def test_orjson_integers_are_the_exact_paths(n: int) -> None:
    if abs(n) <= 2**53 - 1:
        assert orjson.dumps(n, option=jcs._ORJSON_CANONICAL) == str(n).encode()
    else:
        with pytest.raises(orjson.JSONEncodeError):
            orjson.dumps(n, option=jcs._ORJSON_CANONICAL)


_chars = st.sampled_from(
    [*"ab/AZ~ ", '"', "\\", "\x00", "\x08", "\t", "\n", "\x0c", "\r", "\x1f", "\x7f",
     "é", "e\u0301", "\u0301", "\u2028", "\uff61", "\ufeff", "\uffff",
     "\U0001f600", "\U00010000", "\ud800", "ﬁ", "Å"]
) | st.characters()
_text = st.lists(_chars, max_size=8).map("".join)
_ints = st.integers(-(2**53) + 1, 2**53 - 1) | st.integers(-(2**70), 2**70) | st.sampled_from(
    [0, -1, 2**53 - 1, 2**53, -(2**53) + 1, -(2**53), 2**63, 2**64])
_values = st.recursive(
    st.none() | st.booleans() | _ints | _text,
    lambda c: st.lists(c, max_size=4) | st.dictionaries(_text, c, max_size=5),
    max_leaves=30,
)


def _encodings(value: Any) -> list[bytes]:
    out = []
    try:
        out.append(rfc8785.dumps(value))
    except (rfc8785.CanonicalizationError, UnicodeError):
        pass
    for ensure_ascii in (False, True):
        out.append(json.dumps(value, ensure_ascii=ensure_ascii, separators=(",", ":"),
                              sort_keys=True).encode("utf-8", "surrogatepass"))
    out.append(json.dumps(value).encode("utf-8", "surrogatepass"))
    return out


@settings(max_examples=1500, deadline=None)
@given(_values)
@example({"\uff61": 1, "\U0001f600": 2})
@example({"a": "\x1f\"\\/\u2028"})
@example([2**53 - 1, -(2**53) + 1])
def test_generated_values_are_accepted_exactly_as_before(value: Any) -> None:
    for data in _encodings(value):
        _same(data)
    try:
        canonical = jcs.canonical(value)
    except (jcs.CanonicalError, UnicodeError):
        return
    if _same(canonical)[0] == "ok" and not jcs._ASTRAL.search(canonical):
        # The fast path really is taken for a canonical document without astral characters.
        assert jcs._parse_canonical_fast(canonical) is not jcs._DECLINED


_mutations = [
    lambda b, i: b[:i] + b" " + b[i:],
    lambda b, i: b[:i] + b"\n" + b[i:],
    lambda b, i: b[:i] + b[i + 1:],
    lambda b, i: b[:i] + b[i:i + 1] * 2 + b[i + 1:],
    lambda b, i: b[:i] + b"0" + b[i:],
    lambda b, i: b[:i] + b"-" + b[i:],
    lambda b, i: b[:i] + b".0" + b[i:],
    lambda b, i: b[:i] + b"e0" + b[i:],
    lambda b, i: b[:i] + b"E+1" + b[i:],
    lambda b, i: b[:i] + b"\\u0041" + b[i:],
    lambda b, i: b[:i] + b"\\/" + b[i:],
    lambda b, i: b[:i] + b"\\ud800" + b[i:],
    lambda b, i: b[:i] + b"\xed\xa0\x80" + b[i:],
    lambda b, i: b[:i] + b"\xff" + b[i:],
    lambda b, i: b[:i] + "\U0001f600".encode() + b[i:],
    lambda b, i: b[:i] + "\u0301".encode() + b[i:],
    lambda b, i: b[:i] + b"NaN" + b[i:],
    lambda b, i: b[:i] + b"Infinity" + b[i:],
    lambda b, i: b[:i] + b"9007199254740992" + b[i:],
    lambda b, i: b[:i] + b'"a":1,' + b[i:],
    lambda b, i: b[:i] + b',"a":1' + b[i:],
    lambda b, i: b"\xef\xbb\xbf" + b,
    lambda b, i: b + b" ",
    lambda b, i: b + b"{}",
    lambda b, i: b[:i] + b[i:].replace(b"\\n", b"\\u000a", 1),
    lambda b, i: b[:i] + b[i:].replace(b"\\u001f", b"\\u001F", 1),
    lambda b, i: b[:i] + b[i:].replace(b"1", b"1.0", 1),
    lambda b, i: b[:i] + b[i:].replace(b"1", b"01", 1),
    lambda b, i: b[:i] + b[i:].replace(b"1", b"1e0", 1),
    lambda b, i: b[:i] + b[i:].replace(b"0", b"-0", 1),
    lambda b, i: b[:i] + b[i:].replace(b"e", b"\\u0065", 1),
]


@settings(max_examples=3000, deadline=None)
@given(_values, st.lists(st.tuples(st.integers(0, len(_mutations) - 1), st.integers(0, 10**6)),
                         min_size=1, max_size=3))
def test_mutated_documents_are_refused_or_accepted_exactly_as_before(
    value: Any, edits: list[tuple[int, int]]
) -> None:
    try:
        data = jcs.canonical(value)
    except (jcs.CanonicalError, UnicodeError):
        data = json.dumps(value, separators=(",", ":")).encode("utf-8", "surrogatepass")
    for which, at in edits:
        data = _mutations[which](data, at % (len(data) + 1))
    _same(data)


def _with_duplicate(data: bytes) -> bytes:
    return data.replace(b"{", b'{"k":1,', 1).replace(b"{", b'{"k":2,', 1) if b"{" in data \
        else data


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(_text, _values, min_size=1, max_size=5))
def test_duplicate_keys_are_refused_as_before(value: dict[str, Any]) -> None:
    try:
        data = jcs.canonical(value)
    except (jcs.CanonicalError, UnicodeError):
        return
    first = next(iter(sorted(value)))
    tail = data[1:]
    dup = b"{" + json.dumps(first, ensure_ascii=False).encode("utf-8", "surrogatepass") \
        + b":null," + tail
    assert _same(dup)[0] == "refused"
    assert _same(_with_duplicate(b'{"a":{}}'))[0] == "refused"


@pytest.mark.parametrize("data", [
    b"", b" ", b"{}", b"[]", b"0", b"-0", b"1", b"01", b"1.0", b"1e3", b"-1E3", b"true", b"null",
    b'"a"', b'"\\u0041"', b'"\\/"', b'"\\ud800"', b'"\\ud83d\\ude00"', "\"\U0001f600\"".encode(),
    b'{"a":1,"a":1}', b'{"a":1,"a":2}', b'{"b":1,"a":2}', b'{"a":2}', b'{"a": 2}', b"[1,2]",
    b"\xef\xbb\xbf{}", b"{} ", b"{}{}", b"NaN", b"[Infinity]", b"[-Infinity]",
    b"9007199254740991", b"9007199254740992", b"-9007199254740991", b"-9007199254740992",
    b"18446744073709551616", b"[1e999]", b'"\x1f"', b'"\\u001f"', b'"\\u001F"', b'"\\n"',
    b'"\\u000a"', b'"\x7f"', b'"\\u007f"', "\"\u2028\"".encode(), b'"\xed\xa0\x80"', b'"\xff"',
    '{"\uff61":1,"\U0001f600":2}'.encode(), '{"\U0001f600":2,"\uff61":1}'.encode(),
    '"e\u0301"'.encode(), '"\u00e9"'.encode(), b"[" * 5000 + b"]" * 5000,
    b"[" * 100_000 + b"]" * 100_000, b'{"a":[1,"x",null]}', b"[true,false,null]",
])
def test_edge_cases_are_decided_as_before(data: bytes) -> None:
    _same(data)
