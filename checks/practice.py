"""Practice arrangements the practitioner attests to (GPiA 047 §4–§8, §11, §12).

No machine can see whether a room is private or an insurer covers online work, so these are
decided only from what the practitioner recorded, and every summary says "you stated".
An answer is ``yes``, ``no`` or ``not_applicable`` (which needs a reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checks.headphones import AttestedWithMachineCheck
from readiness.check import AttestationCheck, CheckContext
from readiness.model import Outcome, Status

ANSWERS = ("yes", "no", "not_applicable")


def decide_yes_no(
    ctx: CheckContext, answer: Mapping[str, Any] | None, *, no_status: Status = Status.FAIL
) -> Outcome:
    method = "practitioner's statement (attested, not verified by this computer)"
    if answer is None:
        return Outcome(
            Status.UNKNOWN,
            "Not answered yet: record your answer to include it in the checklist.",
            method=method,
        )
    value = answer.get("answer")
    reason = str(answer.get("reason", "")).strip()
    observed: dict[str, str | int | bool | None] = {"answer": str(value), "attested": True}
    if answered_at := answer.get("answered_at"):
        observed["answered_at"] = str(answered_at)
    if reason:
        observed["reason"] = reason
    if value == "yes":
        return Outcome(Status.PASS, "You stated that this is in place.", observed,
                       expected="yes", method=method)
    if value == "no":
        return Outcome(no_status, "You stated that this is not in place yet.", observed,
                       expected="yes", method=method)
    if value == "not_applicable":
        if not reason:
            return Outcome(
                Status.UNKNOWN,
                "You marked this as not applicable but gave no reason; add one.",
                observed,
                expected="yes",
                method=method,
            )
        return Outcome(Status.NOT_APPLICABLE, f"You stated this does not apply: {reason}",
                       observed, expected="yes", method=method)
    return Outcome(
        Status.UNKNOWN,
        "The recorded answer is not one of yes, no or not applicable.",
        observed,
        expected="yes",
        method=method,
    )


def _fail_if_no(ctx: CheckContext, answer: Mapping[str, Any] | None) -> Outcome:
    return decide_yes_no(ctx, answer, no_status=Status.FAIL)


def _warn_if_no(ctx: CheckContext, answer: Mapping[str, Any] | None) -> Outcome:
    return decide_yes_no(ctx, answer, no_status=Status.WARN)


PRIVATE_SPACE = AttestationCheck("private_space", _fail_if_no)
# Answered like the others; a pass also when this computer sees headphones in use now.
HEADPHONES = AttestedWithMachineCheck("headphones", _warn_if_no)
PLATFORM_STANDARDS = AttestationCheck("platform_standards", _fail_if_no)
BREACH_RESPONSE = AttestationCheck("breach_response", _warn_if_no)
EMERGENCY_ARRANGEMENTS = AttestationCheck("emergency_arrangements", _fail_if_no)
ICO_REGISTRATION = AttestationCheck("ico_registration", _fail_if_no)
CLIENT_LOCATION = AttestationCheck("client_location", _warn_if_no)
INSURANCE_ONLINE = AttestationCheck("insurance_online", _fail_if_no)
ONLINE_SUPERVISION = AttestationCheck("online_supervision", _warn_if_no)

CHECKS = (
    PRIVATE_SPACE,
    HEADPHONES,
    PLATFORM_STANDARDS,
    BREACH_RESPONSE,
    EMERGENCY_ARRANGEMENTS,
    ICO_REGISTRATION,
    CLIENT_LOCATION,
    INSURANCE_ONLINE,
    ONLINE_SUPERVISION,
)
