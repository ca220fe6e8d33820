"""Signing and verification speed (issues 4 and 10).

Targets: verifying distinct bundles at >= 5,000 per second on one core, reported beside a raw
P-256 verify of the same messages measured in the same run (the floor no verifier can beat); a
folder of 500 signed PDFs in <= 3 s (estimated from the median time of one PDF); signing a
checklist (statement, DSSE, SSHSIG, PDF render and PAdES signature, history) in under 2
seconds, not counting the passphrase's scrypt, which is slow on purpose and reported on its own.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from bench.common import Measurement
from readiness.catalogue import Catalogue
from readiness.model import CheckKind, CheckResult, Evidence, RunReport, Status

N_BUNDLES = 1000
ROUNDS = 5


class _MemoryKeyring(KeyringBackend):
    """The OS keychain stand-in (bench/ does not import the test suite)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


def _report(n_checks: int = 20) -> RunReport:
    """A hand-made report about the size of a real run (20 checks with evidence)."""
    results = tuple(
        CheckResult(
            check_id=f"check_{i}", kind=CheckKind.MACHINE if i % 4 else CheckKind.ATTESTATION,
            title=f"Check number {i} is in a safe state", status=Status.PASS,
            summary="The thing was found in the safe state it should be in.",
            evidence=(Evidence("command", f"tool --query {i}", returncode=0,
                               excerpt="Status: active\n" * 5),),
            observed={"state": "on", "count": i}, expected="on", method=f"tool --query {i}",
        )
        for i in range(n_checks)
    )
    return RunReport("2026-11-21T15:00:00Z", "0.1.0", "bench", {"system": "Linux",
                     "release": "6.1", "version": "#1", "machine": "x86_64"}, results)


def _distinct_bundles(bundle: bytes, n: int) -> list[bytes]:
    """``n`` bundles, each a different statement (report id) signed by the same key, so no
    cache of any layer can answer for another."""
    from readiness.signing import dsse, jcs, keys
    from readiness.signing.bundle import Bundle, parse_bundle
    from readiness.signing.pubkey import sign_bytes

    first = parse_bundle(bundle)
    statement = jcs.parse_canonical(first.envelope.payload)
    private = keys.load_key().private
    keyid = first.envelope.signatures[0].keyid
    out = []
    for i in range(n):
        statement["predicate"]["reportId"] = f"bench-{i:06d}"
        env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, jcs.canonical(statement),
                        [(keyid, lambda m: sign_bytes(private, m))])
        out.append(Bundle(env, first.key_hint).dumps().encode())
    return out


def _rate(n: int, fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t0)


def _verify_rates(bundles: list[bytes], trusted: list[Any]) -> tuple[float, float]:
    """(bundles/s, raw P-256 verifies/s), interleaved round by round, medians."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    from readiness.signing import dsse
    from readiness.signing.bundle import parse_bundle
    from readiness.signing.verify import check_bundle

    envs = [parse_bundle(b).envelope for b in bundles]
    raw = [(dsse.pae(e.payload_type, e.payload), e.signatures[0].sig) for e in envs]
    key = trusted[0].key.key
    algorithm = ec.ECDSA(hashes.SHA256())

    def all_bundles() -> None:
        for b in bundles:
            check_bundle(b, trusted, [])

    def all_raw() -> None:
        for message, sig in raw:
            key.verify(sig, message, algorithm)

    full: list[float] = []
    floor: list[float] = []
    for _ in range(ROUNDS):
        full.append(_rate(len(bundles), all_bundles))
        floor.append(_rate(len(raw), all_raw))
    return statistics.median(full), statistics.median(floor)


def _measure(tmp: str) -> list[Measurement]:
    from readiness.signing import checklist, keys, signers
    from readiness.signing.verify import verify_file

    keys.init_key("Bench Practitioner", "BACP 0")
    cat = Catalogue("bench", "0" * 64, (), ())
    report = _report()
    checklist.sign_report(report, Path(tmp) / "warm", catalogue=cat)  # imports, fonts
    times = []
    for i in range(5):
        t0 = time.perf_counter()
        signed = checklist.sign_report(report, Path(tmp) / f"s{i}", catalogue=cat)
        times.append(time.perf_counter() - t0)
    sign_s = statistics.median(times)
    out = [Measurement("sign one checklist (keychain key, PDF included)", sign_s, "s",
                       "< 2 s", sign_s < 2.0)]
    t0 = time.perf_counter()
    keys._derive("a passphrase for the bench", keys._new_kdf(), "bench")
    out.append(Measurement("scrypt n=2^17 passphrase unlock (slow on purpose)",
                           time.perf_counter() - t0, "s", "informational", True))
    trusted = signers.list_signers()
    bundles = _distinct_bundles(signed.bundle_path.read_bytes(), N_BUNDLES)
    rate, floor = _verify_rates(bundles, trusted)
    out.append(Measurement("raw P-256 verify of the same messages (reference)", floor,
                           "verifies/s", "reference", True))
    out.append(Measurement(
        f"verify distinct bundles ({len(bundles[0])} bytes each, one core; "
        f"{rate / floor:.2f}x of raw verify)", rate, "bundles/s", ">= 5000/s", rate >= 5000))
    pdf_times = []
    for _ in range(10):
        t0 = time.perf_counter()
        verify_file(signed.pdf_path, trusted)
        pdf_times.append(time.perf_counter() - t0)
    folder_s = statistics.median(pdf_times) * 500
    out.append(Measurement("verify a folder of 500 signed PDFs (500 x median of one)",
                           folder_s, "s", "<= 3 s", folder_s <= 3.0))
    return out


@contextmanager
def isolated_home() -> Iterator[str]:
    """A throw-away READINESS_HOME and an in-memory keychain, both put back afterwards."""
    before_home = os.environ.get("READINESS_HOME")
    before_ring = keyring.get_keyring()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READINESS_HOME"] = tmp
        keyring.set_keyring(_MemoryKeyring())
        try:
            yield tmp
        finally:
            keyring.set_keyring(before_ring)
            if before_home is None:
                os.environ.pop("READINESS_HOME", None)
            else:
                os.environ["READINESS_HOME"] = before_home


def run() -> list[Measurement]:
    with isolated_home() as tmp:
        return _measure(tmp)

if __name__ == "__main__":
    for m in run():
        print(m.line())
