"""Signing and verification speed (issue 4).

Targets: verifying bundles at >= 1,000 per second on one core (a supervisor checking a folder of
many supervisees' checklists); signing a checklist (statement, DSSE, SSHSIG, PDF render and
PAdES signature, history) in under 2 seconds, not counting the passphrase's scrypt, which is
slow on purpose and reported on its own.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import keyring

from bench.common import Measurement
from readiness.catalogue import Catalogue
from readiness.model import CheckKind, CheckResult, Evidence, RunReport, Status
from tests.keychain import MemoryKeyring  # the test suite's in-memory keychain


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


def run() -> list[Measurement]:
    from readiness.signing import checklist, keys, signers
    from readiness.signing.verify import check_bundle, verify_file

    before_home = os.environ.get("READINESS_HOME")
    before_ring = keyring.get_keyring()
    out: list[Measurement] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READINESS_HOME"] = tmp
        keyring.set_keyring(MemoryKeyring())
        try:
            keys.init_key("Bench Practitioner", "BACP 0")
            cat = Catalogue("bench", "0" * 64, (), ())
            report = _report()
            checklist.sign_report(report, Path(tmp) / "warm", catalogue=cat)  # imports, fonts
            times = []
            for i in range(5):
                t0 = time.perf_counter()
                signed = checklist.sign_report(report, Path(tmp) / f"s{i}", catalogue=cat)
                times.append(time.perf_counter() - t0)
            sign_s = sorted(times)[len(times) // 2]
            out.append(Measurement("sign one checklist (keychain key, PDF included)", sign_s,
                                   "s", "< 2 s", sign_s < 2.0))
            t0 = time.perf_counter()
            keys._derive("a passphrase for the bench", keys._new_kdf(), "bench")
            out.append(Measurement("scrypt n=2^17 passphrase unlock (slow on purpose)",
                                   time.perf_counter() - t0, "s", "informational", True))
            data = signed.bundle_path.read_bytes()
            trusted = signers.list_signers()
            n = 2000
            t0 = time.perf_counter()
            for _ in range(n):
                check_bundle(data, trusted)
            rate = n / (time.perf_counter() - t0)
            out.append(Measurement(f"verify bundles ({len(data)} bytes each, one core)", rate,
                                   "bundles/s", ">= 1000/s", rate >= 1000))
            t0 = time.perf_counter()
            for _ in range(10):
                verify_file(signed.pdf_path, trusted)
            pdf_s = (time.perf_counter() - t0) / 10
            out.append(Measurement("verify one signed PDF (pyHanko)", pdf_s, "s",
                                   "informational", True))
        finally:
            keyring.set_keyring(before_ring)
            if before_home is None:
                os.environ.pop("READINESS_HOME", None)
            else:
                os.environ["READINESS_HOME"] = before_home
    return out


if __name__ == "__main__":
    for m in run():
        print(m.line())
