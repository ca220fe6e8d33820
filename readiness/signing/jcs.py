"""Canonical JSON (RFC 8785, via the ``rfc8785`` package) and a strict parser for checking it.

What is signed is the exact canonical bytes. Before canonicalising, every string (keys too) is
NFC-normalised, because RFC 8785 does not normalise Unicode and two spellings of "é" would give
two different documents. Floats are refused outright: the result model uses integers and
strings only, and floats are where canonical forms diverge between implementations.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

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
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise VerifyError("the document is not UTF-8 text") from None
    if text.startswith("\ufeff"):
        raise VerifyError("the document starts with a byte-order mark")
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=_no_float,
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise VerifyError(f"the document is not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise VerifyError("the document is nested too deeply") from None


def parse_canonical(data: bytes) -> Any:
    """Parse strictly and require that ``data`` is exactly its own canonical form."""
    value = parse_strict(data)
    try:
        again = rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, RecursionError):
        raise VerifyError("the document cannot be put in canonical form") from None
    if again != data:
        raise VerifyError("the signed document is not in canonical form")
    if normalise_or_none(value) != value:
        raise VerifyError("the signed document has text that is not NFC-normalised")
    return value


def normalise_or_none(value: Any) -> Any:
    try:
        return normalise(value)
    except CanonicalError:
        return None
