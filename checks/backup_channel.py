"""A backup way for clients to reach the practitioner if the session platform fails
(GPiA 047 §3: alternative means of communicating promptly when the main one fails).

Attested, never probed. The record holds the channel type, a short description in words (no
phone numbers or addresses: no client data, and the practitioner's own number is not needed
either), whether clients have been told, when it was last tried, and whether it depends on the
same internet connection as the session.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from readiness.check import AttestationCheck, CheckContext
from readiness.model import Outcome, Scalar, Status

CHANNELS = {
    "phone": "a phone call",
    "sms": "a text message",
    "email": "email",
    "second_platform": "a second video or messaging platform",
}
# Channels that normally travel over the same internet connection as the session.
INTERNET_CHANNELS = ("email", "second_platform")
MAX_AGE_DAYS = 90
DESCRIPTION_MAX = 200

EXPECTED = ("a backup channel recorded that does not rely on the session's internet connection, "
            f"that clients know about, and that was tried in the last {MAX_AGE_DAYS} days")
METHOD = "practitioner's statement (attested, not verified by this computer)"

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
# Seven or more digits, allowing the separators people type inside numbers.
_NUMBER = re.compile(r"(?:\+?\d[\s\-().]{0,3}){7,}")


def identifying_detail(text: str) -> str | None:
    """Why ``text`` looks like it carries contact details, or None when it reads as words."""
    if _EMAIL.search(text):
        return "an email address"
    if _URL.search(text):
        return "a web address"
    if _NUMBER.search(text):
        return "a phone number or other long number"
    return None


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
        return value.strip().lower() == "yes"
    return None


def decide(ctx: CheckContext, answer: Mapping[str, Any] | None) -> Outcome:
    if answer is None:
        return Outcome(Status.FAIL,
                       "No backup way for clients to reach you is recorded: if the session "
                       "platform fails, they have no agreed way to get back in touch.",
                       expected=EXPECTED, method=METHOD)
    observed: dict[str, Scalar] = {"attested": True}
    channel = answer.get("channel")
    description = str(answer.get("description", "")).strip()
    told = _yes_no(answer.get("clients_told"))
    same_raw = answer.get("same_connection")
    same = None if same_raw in (None, "") else _yes_no(same_raw)
    last_raw = answer.get("last_tried")
    if answered_at := answer.get("answered_at"):
        observed["answered_at"] = str(answered_at)

    problems: list[str] = []
    if channel not in CHANNELS:
        problems.append(f"the channel {channel!r} is not one of {', '.join(CHANNELS)}")
    else:
        observed["channel"] = str(channel)
    if not description:
        problems.append("there is no description")
    elif (why := identifying_detail(description)) is not None:
        # Keep it out of the report: it should never have been stored.
        problems.append(f"the description seems to contain {why}; describe it in words instead")
    else:
        observed["description"] = description[:DESCRIPTION_MAX]
    if told is None:
        problems.append("whether clients have been told is not recorded as yes or no")
    else:
        observed["clients_told"] = told
    if same_raw not in (None, "") and same is None:
        problems.append("'same connection' is not recorded as yes or no")
    elif same is not None:
        observed["same_connection"] = same
    last: date | None = None
    try:
        last = date.fromisoformat(str(last_raw)) if last_raw not in (None, "") else None
    except ValueError:
        problems.append(f"the date it was last tried ({last_raw!r}) is not a date")
    today = ctx.date
    if last is None and not any("last tried" in p for p in problems):
        problems.append("the date it was last tried is missing")
    elif last is not None:
        observed["last_tried"] = last.isoformat()
        if last > today:
            problems.append("the date it was last tried is in the future")
            last = None
    if problems:
        return Outcome(Status.UNKNOWN,
                       "Your backup channel record is incomplete: " + "; ".join(problems) + ".",
                       observed, EXPECTED, METHOD)
    if last is None or told is None or not isinstance(channel, str):  # reported above
        return Outcome(Status.UNKNOWN, "Your backup channel record is incomplete.",
                       observed, EXPECTED, METHOD)
    age = (today - last).days
    observed["days_since_tried"] = age

    # Email and a second platform share the session's internet link unless stated otherwise.
    shares_connection = same if same is not None else channel in INTERNET_CHANNELS
    warnings: list[str] = []
    if shares_connection:
        warnings.append("it relies on the same internet connection as your sessions, so it "
                        "fails when they do; add a phone or text option (or record that it "
                        "runs over mobile data)")
    if age > MAX_AGE_DAYS:
        warnings.append(f"it was last tried {age} days ago; try it again")
    if not told:
        warnings.append("your clients have not been told about it yet")
    label = CHANNELS[channel]
    if warnings:
        return Outcome(Status.WARN,
                       f"You stated a backup channel ({label}), but " + "; ".join(warnings) + ".",
                       observed, EXPECTED, METHOD)
    return Outcome(Status.PASS,
                   f"You stated that clients can reach you by {label} if the session platform "
                   f"fails, that they know this, and that you tried it {age} days ago.",
                   observed, EXPECTED, METHOD)


BACKUP_CHANNEL = AttestationCheck("backup_channel", decide)
