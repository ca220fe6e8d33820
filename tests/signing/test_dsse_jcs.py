"""DSSE against the official test vectors, and the canonical-JSON rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from readiness.signing import dsse, jcs
from readiness.signing.errors import VerifyError

VECTORS = json.loads(
    (Path(__file__).parent / "fixtures" / "dsse-testvectors.json").read_text(encoding="utf-8")
)


class Ed25519Verifier:
    def __init__(self, name: str, public_hex: str) -> None:
        self.name = name
        self._key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


def _outcome(vector: dict[str, Any]) -> str:
    verifiers = [Ed25519Verifier(n, VECTORS["keys"][n]["public"]) for n in vector["trustedKeys"]]
    try:
        env = dsse.Envelope.from_json(vector["envelope"])
        dsse.verify(env, verifiers, accepted_types=vector["supportedPayloadTypes"],
                    threshold=vector["threshold"])
    except VerifyError:
        return "reject"
    return "accept"


def test_there_are_nine_vectors() -> None:
    assert len(VECTORS["vectors"]) == 9


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["id"])
def test_official_vector(vector: dict[str, Any]) -> None:
    assert _outcome(vector) == vector["expect"]
    if vector["expect"] == "accept":
        env = dsse.Envelope.from_json(vector["envelope"])
        assert dsse.pae(env.payload_type, env.payload).hex() == vector["pae"]


def test_base64_rejects_junk() -> None:
    with pytest.raises(VerifyError):
        dsse.b64decode("ab$d")
    with pytest.raises(VerifyError):
        dsse.b64decode("é")
    assert dsse.b64decode("-_-_Pj8") == dsse.b64decode("+/+/Pj8=")


# --- RFC 8785 golden cases ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"b": 1, "a": 2}, b'{"a":2,"b":1}'),
        # Keys sort by UTF-16 code units: U+1F600 (surrogates D83D..) before U+FF61.
        ({"\uff61": 1, "\U0001f600": 2}, '{"\U0001f600":2,"\uff61":1}'.encode()),
        ({"k": "line\nbreak\t\"q\"\\"}, b'{"k":"line\\nbreak\\t\\"q\\"\\\\"}'),
        ({"k": "\u0001\u001f\u007f"}, b'{"k":"\\u0001\\u001f\x7f"}'),
        ({"k": "</script>"}, b'{"k":"</script>"}'),
        ([True, False, None, 0, -1, 2**53 - 1], b"[true,false,null,0,-1,9007199254740991]"),
        ({"nested": {"z": [], "a": {}}}, b'{"nested":{"a":{},"z":[]}}'),
    ],
)
def test_jcs_golden(value: Any, expected: bytes) -> None:
    assert jcs.canonical(value) == expected


def test_jcs_normalises_to_nfc() -> None:
    decomposed = "Zoe\u0308 Cafe\u0301"
    assert jcs.canonical({"name": decomposed}) == '{"name":"Zoë Café"}'.encode()
    assert jcs.canonical({"e\u0301": 1}) == '{"é":1}'.encode()


@pytest.mark.parametrize("bad", [1.5, float("nan"), float("inf"), -0.0, 2**53, {1: "x"}, b"x"])
def test_jcs_refuses_floats_big_ints_and_odd_types(bad: Any) -> None:
    with pytest.raises(jcs.CanonicalError):
        jcs.canonical({"v": bad})


def test_strict_parser_rejects_duplicates_floats_and_noncanonical() -> None:
    with pytest.raises(VerifyError, match="repeats the key"):
        jcs.parse_strict(b'{"status":"fail","status":"pass"}')
    with pytest.raises(VerifyError, match="fraction"):
        jcs.parse_strict(b'{"v":1.0}')
    with pytest.raises(VerifyError):
        jcs.parse_strict(b'{"v":NaN}')
    with pytest.raises(VerifyError, match="byte-order"):
        jcs.parse_strict(b'\xef\xbb\xbf{}')
    with pytest.raises(VerifyError, match="canonical"):
        jcs.parse_canonical(b'{"b":1,"a":2}')
    with pytest.raises(VerifyError, match="canonical"):
        jcs.parse_canonical(b'{"a": 2}')
    with pytest.raises(VerifyError, match="NFC"):
        jcs.parse_canonical('{"a":"e\u0301"}'.encode())
    with pytest.raises(VerifyError, match="nested"):
        jcs.parse_strict(b"[" * 100_000 + b"]" * 100_000)
    value = {"a": [1, "x", None]}
    assert jcs.parse_canonical(jcs.canonical(value)) == value


# The verifier's fast canonical check must agree with the reference canonicaliser.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=12),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=6), c, max_size=4),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(_values)
def test_fast_canonical_check_agrees_with_rfc8785(value: Any) -> None:
    import unicodedata

    import rfc8785

    try:
        reference = rfc8785.dumps(value)
    except rfc8785.CanonicalizationError:
        return  # e.g. lone surrogates: nothing canonical to compare
    text = reference.decode("utf-8")
    if unicodedata.is_normalized("NFC", text):
        assert jcs.parse_canonical(reference) == value
    else:
        with pytest.raises(VerifyError):
            jcs.parse_canonical(reference)
    python_sorted = json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                               sort_keys=True).encode("utf-8", "surrogatepass")
    if python_sorted != reference:
        with pytest.raises(VerifyError):
            jcs.parse_canonical(python_sorted)


def test_astral_keys_sort_by_utf16() -> None:
    value = {"\uff61": 1, "\U0001f600": 2}
    good = jcs.canonical(value)
    assert jcs.parse_canonical(good) == value
    wrong_order = '{"\uff61":1,"\U0001f600":2}'.encode()
    with pytest.raises(VerifyError, match="canonical"):
        jcs.parse_canonical(wrong_order)
    with pytest.raises(VerifyError, match="safe range"):
        jcs.parse_strict(b'{"n":9007199254740993}')
