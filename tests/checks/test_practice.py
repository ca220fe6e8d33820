"""Practice-arrangement attestations: decided only from the practitioner's answer."""

from __future__ import annotations

from typing import Any

import pytest

from checks.practice import CHECKS
from readiness.model import Status
from tests.helpers import make_snapshot, run_check

IDS = [c.id for c in CHECKS]
SNAP = make_snapshot()


@pytest.mark.parametrize("check_id", IDS)
def test_unanswered_is_unknown(check_id: str) -> None:
    r = run_check(check_id, SNAP)
    assert r.status is Status.UNKNOWN and "Not answered" in r.summary
    assert r.attested
    assert r.evidence[0].kind == "attestation" and r.evidence[0].error == "not answered"


@pytest.mark.parametrize("check_id", IDS)
def test_yes_passes_and_says_it_was_stated(check_id: str) -> None:
    r = run_check(check_id, SNAP, attestations={check_id: {"answer": "yes",
                                                           "answered_at": "2026-11-20"}})
    assert r.status is Status.PASS
    assert "You stated" in r.summary
    assert r.observed["attested"] is True
    assert "attested" in r.method
    assert r.remediation == ()


@pytest.mark.parametrize("check_id", IDS)
def test_no_fails_or_warns_with_steps(check_id: str) -> None:
    r = run_check(check_id, SNAP, attestations={check_id: {"answer": "no"}})
    assert r.status in (Status.FAIL, Status.WARN)
    assert r.remediation, "a 'no' comes with steps"


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ({"answer": "not_applicable", "reason": "I only work by text chat"},
         Status.NOT_APPLICABLE),
        ({"answer": "not_applicable"}, Status.UNKNOWN),
        ({"answer": "not_applicable", "reason": "   "}, Status.UNKNOWN),
        ({"answer": "YES"}, Status.UNKNOWN),
        ({"answer": 1}, Status.UNKNOWN),
        ({}, Status.UNKNOWN),
        ({"answer": None}, Status.UNKNOWN),
    ],
)
def test_other_answers(answer: dict[str, Any], status: Status) -> None:
    r = run_check("headphones", SNAP, attestations={"headphones": answer})
    assert r.status is status


def test_private_space_no_is_a_fail_headphones_no_is_a_warning() -> None:
    assert run_check("private_space", SNAP,
                     attestations={"private_space": {"answer": "no"}}).status is Status.FAIL
    assert run_check("headphones", SNAP,
                     attestations={"headphones": {"answer": "no"}}).status is Status.WARN
