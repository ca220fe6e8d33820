"""Hand-made inputs for the signing tests (handmade: not recorded from a real machine).

Signing is about the envelope, not the checks, so a small fixed report and a two-line
catalogue keep these tests independent of the check catalogue other work is changing."""

from __future__ import annotations

from readiness.catalogue import Catalogue
from readiness.model import (
    CheckKind,
    CheckResult,
    Evidence,
    Reference,
    RunReport,
    Status,
)

HANDMADE_CATALOGUE = Catalogue(
    version="handmade-1",
    digest="0" * 64,
    entries=(),
    frameworks=(),
)


def handmade_report(*, failing: bool = False, replayed: str | None = None) -> RunReport:
    results = (
        CheckResult(
            check_id="firewall_on",
            kind=CheckKind.MACHINE,
            title="The firewall is on",
            status=Status.FAIL if failing else Status.PASS,
            summary="ufw reports the firewall active." if not failing else "ufw is inactive.",
            evidence=(Evidence("command", "ufw status", returncode=0,
                               excerpt="Status: active"),),
            observed={"ufw_active": not failing, "rules": 3},
            expected="an active firewall",
            method="ufw status",
            references=(Reference("GPiA 047", "9", "Security", "automated"),),
            duration_ms=12,
        ),
        CheckResult(
            check_id="disk_encryption",
            kind=CheckKind.MACHINE,
            title="The disk is encrypted",
            status=Status.UNKNOWN,
            summary="lsblk is not installed, so encryption could not be checked.",
            observed={"lsblk": "not installed"},
            method="lsblk -J",
        ),
        CheckResult(
            check_id="private_space",
            kind=CheckKind.ATTESTATION,
            title="You work from a private space",
            status=Status.PASS,
            summary="You stated that this is in place.",
            observed={"answer": "yes", "attested": True, "answered_at": "2026-11-20"},
            expected="yes",
            method="practitioner's statement (attested, not verified by this computer)",
            references=(Reference("GPiA 047", "5", "Environment", "attested"),),
        ),
    )
    return RunReport(
        generated_at="2026-11-21T15:00:00Z",
        tool_version="0.1.0",
        catalogue_version="handmade-1",
        platform={"system": "Linux", "release": "6.1.0", "version": "#1 SMP Debian",
                  "machine": "x86_64"},
        results=results,
        replayed_from=replayed,
    )
