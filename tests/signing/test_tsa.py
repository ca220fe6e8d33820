"""Trusted time against a local test TSA on 127.0.0.1 (never the internet): good tokens,
HTTP errors, garbage, a wrong root, clock skew, and the offline queue."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from readiness.signing import checklist, keys, tsa
from readiness.signing.bundle import parse_bundle
from readiness.signing.errors import TimestampError, VerifyError
from readiness.signing.verify import verify_paths
from readiness.store import History
from tests.keychain import MemoryKeyring
from tests.signing.conftest import LocalTSA
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


def test_good_token_verifies_and_only_a_hash_is_sent(local_tsa: LocalTSA) -> None:
    message = b"the DSSE signature bytes"
    token = tsa.request_token(message, local_tsa.url, roots=[local_tsa.root])
    assert abs(token.gen_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert "Readiness Test TSA" in token.tsa_name
    assert message not in local_tsa.requests[0]  # only a hash leaves the machine
    assert tsa.verify_token(token.der, message, [local_tsa.root]).gen_time == token.gen_time
    with pytest.raises(VerifyError):
        tsa.verify_token(token.der, b"another message", [local_tsa.root])


@pytest.mark.parametrize(("mode", "match"), [
    ("http500", "HTTP 500"),
    ("garbage", "not a timestamp"),
    ("wrong", "does not check out"),
])
def test_bad_services_are_refused(local_tsa: LocalTSA, mode: str, match: str) -> None:
    local_tsa.mode[0] = mode
    with pytest.raises(TimestampError, match=match):
        tsa.request_token(b"x", local_tsa.url, roots=[local_tsa.root])


def test_unreachable_service() -> None:
    with pytest.raises(TimestampError, match="could not reach"):
        tsa.request_token(b"x", "http://127.0.0.1:9/tsr", roots=[], timeout=2)


def test_stored_token_checked_against_pinned_roots_only(local_tsa: LocalTSA) -> None:
    token = tsa.request_token(b"m", local_tsa.url, roots=[local_tsa.root])
    # The shipped roots (DigiCert, Sectigo) do not vouch for the test TSA.
    with pytest.raises(VerifyError):
        tsa.verify_token(token.der, b"m")
    der = bytearray(token.der)
    der[len(der) // 2] ^= 0x01
    with pytest.raises(VerifyError):
        tsa.verify_token(bytes(der), b"m", [local_tsa.root])


def test_skew_warning() -> None:
    now = dt.datetime(2026, 11, 21, 15, 0, tzinfo=dt.UTC)
    assert tsa.skew_warning(now + dt.timedelta(minutes=4), now) is None
    ahead = tsa.skew_warning(now - dt.timedelta(minutes=20), now)
    assert ahead is not None and "20 minutes ahead of" in ahead
    behind = tsa.skew_warning(now + dt.timedelta(minutes=7), now)
    assert behind is not None and "behind" in behind


def _trust_test_root(local_tsa: LocalTSA, home: Path) -> None:
    d = home / "config" / "tsa-roots"
    d.mkdir(parents=True, exist_ok=True)
    (d / "test-root.pem").write_bytes(local_tsa.root.public_bytes(serialization.Encoding.PEM))


def test_signing_with_trusted_time(memory_keyring: MemoryKeyring, local_tsa: LocalTSA,
                                   tmp_path: Path, readiness_home: Path) -> None:
    _trust_test_root(local_tsa, readiness_home)
    keys.init_key("Jane Doe")
    s = checklist.sign_report(handmade_report(), tmp_path, timestamp=True,
                              tsa_urls=[local_tsa.url], catalogue=HANDMADE_CATALOGUE)
    assert s.timestamped and not s.timestamp_queued and not s.warnings
    # One request for the bundle token, then the PDF signature's own timestamp (pyHanko also
    # makes a first request to size the signature).
    assert len(local_tsa.requests) >= 2
    for v in verify_paths([tmp_path]):
        assert v.ok, v.problems
        assert v.time_source == "tsa"
    # Without the test root the token does not count: the time falls back to the claim.
    (readiness_home / "config" / "tsa-roots" / "test-root.pem").unlink()
    (v,) = verify_paths([s.bundle_path])
    assert v.ok and v.time_source == "signer"
    assert any("timestamp" in w for w in v.warnings)


def test_clock_skew_is_reported(memory_keyring: MemoryKeyring, local_tsa: LocalTSA,
                                tmp_path: Path) -> None:
    keys.init_key("Jane Doe")
    local_tsa.fixed_time[0] = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    s = checklist.sign_report(handmade_report(), tmp_path, timestamp=True,
                              tsa_urls=[local_tsa.url], tsa_roots=[local_tsa.root],
                              catalogue=HANDMADE_CATALOGUE)
    assert s.timestamped
    assert any("ahead of" in w for w in s.warnings)


def test_offline_signing_queues_then_timestamps_later(
    memory_keyring: MemoryKeyring, local_tsa: LocalTSA, tmp_path: Path, readiness_home: Path
) -> None:
    keys.init_key("Jane Doe")
    local_tsa.mode[0] = "http500"
    s = checklist.sign_report(handmade_report(), tmp_path, timestamp=True,
                              tsa_urls=[local_tsa.url], tsa_roots=[local_tsa.root],
                              catalogue=HANDMADE_CATALOGUE)
    assert not s.timestamped and s.timestamp_queued
    assert any("added later" in w for w in s.warnings)
    assert [e.report_id for e in History().queued()] == [s.report_id]
    before_pdf = s.pdf_path.read_bytes()
    # Still offline: nothing changes, nothing is lost.
    (o,) = checklist.timestamp_pending(tsa_urls=[local_tsa.url], tsa_roots=[local_tsa.root])
    assert not o.done
    local_tsa.mode[0] = "ok"
    (o,) = checklist.timestamp_pending(tsa_urls=[local_tsa.url], tsa_roots=[local_tsa.root])
    assert o.done, o.message
    assert History().queued() == []
    bundle = parse_bundle(s.bundle_path.read_bytes())
    assert len(bundle.timestamps) == 1
    after_pdf = s.pdf_path.read_bytes()
    assert after_pdf.startswith(before_pdf)  # an incremental document timestamp
    _trust_test_root(local_tsa, readiness_home)
    for v in verify_paths([tmp_path]):
        assert v.ok, (v.path, v.problems)
        assert v.time_source == "tsa", v.path


def test_bundle_with_a_timestamp_from_an_untrusted_tsa(
    memory_keyring: MemoryKeyring, local_tsa: LocalTSA, tmp_path: Path
) -> None:
    keys.init_key("Jane Doe")
    local_tsa.mode[0] = "wrong"
    with pytest.raises(TimestampError):
        tsa.request_token(b"x", local_tsa.url, roots=[local_tsa.root])
    s = checklist.sign_report(handmade_report(), tmp_path, timestamp=True,
                              tsa_urls=[local_tsa.url], tsa_roots=[local_tsa.root],
                              catalogue=HANDMADE_CATALOGUE)
    assert s.timestamp_queued  # a token we cannot trust is not kept
    doc = json.loads(s.bundle_path.read_text())
    assert doc["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"] == []


def test_pdf_timestamp_needs_a_pinned_root(memory_keyring: MemoryKeyring, local_tsa: LocalTSA,
                                           tmp_path: Path) -> None:
    """With no pinned root for the TSA, neither the bundle token nor the PDF's own timestamp
    counts as trusted time (no fallback to the system's certificate store)."""
    from readiness.signing import signers
    from readiness.signing.verify import verify_file

    keys.init_key("Jane Doe")
    s = checklist.sign_report(handmade_report(), tmp_path, timestamp=True,
                              tsa_urls=[local_tsa.url], tsa_roots=[local_tsa.root],
                              catalogue=HANDMADE_CATALOGUE)
    trusted = signers.list_signers()
    roots: list[x509.Certificate] | None  # none given, and none at all
    for roots in ([], None):
        v = verify_file(s.pdf_path, trusted, roots)
        assert v.ok and v.time_source == "signer", v.problems
    v = verify_file(s.pdf_path, trusted, [local_tsa.root])
    assert v.ok and v.time_source == "tsa"
