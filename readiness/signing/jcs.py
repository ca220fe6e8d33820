"""Canonical JSON (RFC 8785, via the ``rfc8785`` package) and a strict parser for checking it.

What is signed is the exact canonical bytes. Before canonicalising, every string (keys too) is
NFC-normalised, because RFC 8785 does not normalise Unicode and two spellings of "é" would give
two different documents. Floats are refused outright: the result model uses integers and
strings only, and floats are where canonical forms diverge between implementations.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import orjson
import rfc8785

from readiness.signing.errors import SigningError, VerifyError


class CanonicalError(SigningError):
    """The value cannot be signed as canonical JSON (a float, a non-string key, ...)."""


def normalise(value: Any) -> Any:
    """Return ``value`` with every string NFC-normalised; refuse anything but JSON types
    without floats."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        raise CanonicalError(f"floats are not allowed in signed documents (got {value!r})")
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise CanonicalError(f"object keys must be strings (got {k!r})")
            nk = unicodedata.normalize("NFC", k)
            if nk in out:
                raise CanonicalError(f"two keys normalise to the same text: {nk!r}")
            out[nk] = normalise(v)
        return out
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    raise CanonicalError(f"cannot put a {type(value).__name__} in a signed document")


def canonical(value: Any) -> bytes:
    """The RFC 8785 bytes of ``value`` after NFC normalisation (floats refused)."""
    try:
        return rfc8785.dumps(normalise(value))
    except rfc8785.CanonicalizationError as exc:
        raise CanonicalError(f"cannot canonicalise: {exc}") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            # json.loads would silently keep the last one: {"status":"fail","status":"pass"}.
            raise VerifyError(f"the document repeats the key {k!r}, so it is ambiguous")
        out[k] = v
    return out


def _no_float(text: str) -> Any:
    raise VerifyError(f"the document contains a number with a fraction ({text}); not allowed")


def _no_constant(text: str) -> Any:
    raise VerifyError(f"the document contains {text}, which is not JSON")


def parse_strict(data: bytes) -> Any:
    """Parse UTF-8 JSON, refusing duplicate keys, floats, NaN/Infinity and a BOM."""
    return _parse(data, _no_duplicates)


def _parse(data: bytes, pairs_hook: Any) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise VerifyError("the document is not UTF-8 text") from None
    if text.startswith("\ufeff"):
        raise VerifyError("the document starts with a byte-order mark")
    try:
        return json.loads(
            text,
            object_pairs_hook=pairs_hook,
            parse_float=_no_float,
            parse_constant=_no_constant,
            parse_int=_safe_int,
        )
    except json.JSONDecodeError as exc:
        raise VerifyError(f"the document is not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise VerifyError("the document is nested too deeply") from None


_ASTRAL = re.compile(rb"[\xf0-\xff]")  # lead bytes of 4-byte UTF-8 (above U+FFFF) and junk
_MAX_INT = 2**53 - 1


def _safe_int(text: str) -> int:
    value = int(text)
    if not -_MAX_INT <= value <= _MAX_INT:
        raise VerifyError("the document has an integer outside the safe range (2^53)")
    return value


_ORJSON_CANONICAL = orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER
_DECLINED = object()


class _Declined(Exception):
    pass


def _decline(_text: str) -> Any:
    raise _Declined


def _parse_canonical_fast(data: bytes) -> Any:
    """The value of ``data`` when it is provably canonical, else ``_DECLINED`` (never an error:
    the exact path then decides, with its own messages).

    The same parser as the exact path (the standard library's C scanner; a number with a
    fraction or exponent, NaN or Infinity declines), without its per-integer Python hook, and
    orjson instead of the standard encoder for the re-encoding, which must give ``data`` back
    byte for byte. A repeated key (the parse keeps the last), whitespace, trailing data, an
    escape a canonical form never uses (``\\u0041``, ``\\/``), ``-0`` or leading zeros make the
    re-encoding differ; an integer beyond 2^53 - 1 or a lone surrogate makes orjson raise
    (OPT_STRICT_INTEGER; orjson refuses surrogates). Documents with characters above U+FFFF are
    declined: without them orjson's key order (UTF-8 bytes, so code points) is RFC 8785's
    UTF-16 order, and orjson escapes every BMP character exactly as the exact path's encoder
    does (tests/signing/test_jcs_fast.py checks all of them, and this function against the
    previous implementation).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _DECLINED
    if not text.isascii():
        if _ASTRAL.search(data) or not unicodedata.is_normalized("NFC", text):
            return _DECLINED
    try:
        value = json.loads(text, parse_float=_decline, parse_constant=_decline)
        again = orjson.dumps(value, option=_ORJSON_CANONICAL)
    except (_Declined, ValueError, RecursionError, orjson.JSONEncodeError):
        return _DECLINED
    return value if again == data else _DECLINED


def parse_canonical(data: bytes) -> Any:
    """Parse strictly and require that ``data`` is exactly its own canonical form."""
    value = _parse_canonical_fast(data)
    if value is _DECLINED:
        return _parse_canonical_exact(data)
    return value


def _parse_canonical_exact(data: bytes) -> Any:
    """Parse strictly and require that ``data`` is exactly its own canonical form (the
    reference path: every refusal, and every document the fast path declines, goes here)."""
    # No duplicate-key hook (a Python call per object, a third of the parse): a repeated key
    # leaves the parsed object one key short, so its canonical form cannot equal ``data`` and
    # the comparison below refuses it.
    value = _parse(data, None)
    text = data.decode("utf-8")
    # Checking the whole text is the same as checking each string: the text around strings is
    # ASCII punctuation, which no combining mark composes with, and the canonical-bytes check
    # below ensures strings appear unescaped.
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        raise VerifyError("the signed document has text that is not NFC-normalised")
    if not text.isascii() and _ASTRAL.search(data):
        # Keys could then sort differently by UTF-16 units than by code points: use the
        # reference canonicaliser.
        try:
            again = rfc8785.dumps(value)
        except (rfc8785.CanonicalizationError, RecursionError, UnicodeError):
            # UnicodeError: a lone surrogate (escaped) in a key, which rfc8785 cannot sort.
            raise VerifyError("the document cannot be put in canonical form") from None
    else:
        # Without characters above U+FFFF, code-point key order equals RFC 8785's UTF-16 order
        # and json's escaping equals RFC 8785's for strings and integers (floats were refused
        # above), so the C encoder gives the same bytes much faster. Tested against rfc8785.
        try:
            again = json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                               sort_keys=True).encode("utf-8")
        except (UnicodeEncodeError, RecursionError, ValueError):
            raise VerifyError("the document cannot be put in canonical form") from None
    if again != data:
        parse_strict(data)  # says which key repeats, when that is why
        raise VerifyError("the signed document is not in canonical form")
    return value
