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
NEVER_TRIED = "never"  # "last tried": not tried yet (a stated fact, never a made-up date)

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


def _channel(answer: Mapping[str, Any], observed: dict[str, Scalar],
             problems: list[str]) -> str | None:
    channel = answer.get("channel")
    if channel not in CHANNELS:
        problems.append(f"the channel {channel!r} is not one of {', '.join(CHANNELS)}")
        return None
    observed["channel"] = str(channel)
    return str(channel)


def _description(answer: Mapping[str, Any], observed: dict[str, Scalar],
                 problems: list[str]) -> None:
    description = str(answer.get("description", "")).strip()
    if not description:
        problems.append("there is no description")
    elif (why := identifying_detail(description)) is not None:
        # Keep it out of the report: it should never have been stored.
        problems.append(f"the description seems to contain {why}; describe it in words instead")
    else:
        observed["description"] = description[:DESCRIPTION_MAX]


def _told(answer: Mapping[str, Any], observed: dict[str, Scalar],
          problems: list[str]) -> bool | None:
    told = _yes_no(answer.get("clients_told"))
    if told is None:
        problems.append("whether clients have been told is not recorded as yes or no")
    else:
        observed["clients_told"] = told
    return told


def _same_connection(answer: Mapping[str, Any], observed: dict[str, Scalar],
                     problems: list[str]) -> bool | None:
    """Whether the channel shares the session's connection; None when not stated."""
    raw = answer.get("same_connection")
    if raw in (None, ""):
        return None
    same = _yes_no(raw)
    if same is None:
        problems.append("'same connection' is not recorded as yes or no")
    else:
        observed["same_connection"] = same
    return same


def _last_tried(answer: Mapping[str, Any], today: date, observed: dict[str, Scalar],
                problems: list[str]) -> date | str | None:
    raw = answer.get("last_tried")
    if raw in (None, ""):
        problems.append("the date it was last tried is missing")
        return None
    if raw == NEVER_TRIED:
        observed["last_tried"] = NEVER_TRIED
        return NEVER_TRIED
    try:
        last = date.fromisoformat(str(raw))
    except ValueError:
        problems.append(f"the date it was last tried ({raw!r}) is not a date")
        return None
    observed["last_tried"] = last.isoformat()
    if last > today:
        problems.append("the date it was last tried is in the future")
        return None
    return last


def _judge(channel: str, told: bool, same: bool | None, last: date | str, today: date,
           observed: dict[str, Scalar]) -> Outcome:
    """The verdict on a complete record (``last`` a date, or NEVER_TRIED)."""
    age = (today - last).days if isinstance(last, date) else None
    if age is not None:
        observed["days_since_tried"] = age
    # Email and a second platform share the session's internet link unless stated otherwise.
    shares_connection = same if same is not None else channel in INTERNET_CHANNELS
    warnings: list[str] = []
    if shares_connection:
        warnings.append("it relies on the same internet connection as your sessions, so it "
                        "fails when they do; add a phone or text option (or record that it "
                        "runs over mobile data)")
    if age is None:
        warnings.append("you have not tried it yet; try it once before relying on it")
    elif age > MAX_AGE_DAYS:
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


def decide(ctx: CheckContext, answer: Mapping[str, Any] | None) -> Outcome:
    if answer is None:
        return Outcome(Status.FAIL,
                       "No backup way for clients to reach you is recorded: if the session "
                       "platform fails, they have no agreed way to get back in touch.",
                       expected=EXPECTED, method=METHOD)
    observed: dict[str, Scalar] = {"attested": True}
    if answered_at := answer.get("answered_at"):
        observed["answered_at"] = str(answered_at)
    problems: list[str] = []
    # Each field is read in turn, noting what is wrong with it, so one summary names it all.
    channel = _channel(answer, observed, problems)
    _description(answer, observed, problems)
    told = _told(answer, observed, problems)
    same = _same_connection(answer, observed, problems)
    last = _last_tried(answer, ctx.date, observed, problems)
    if problems:
        return Outcome(Status.UNKNOWN,
                       "Your backup channel record is incomplete: " + "; ".join(problems) + ".",
                       observed, EXPECTED, METHOD)
    if channel is None or told is None or last is None:  # each reported above
        return Outcome(Status.UNKNOWN, "Your backup channel record is incomplete.",
                       observed, EXPECTED, METHOD)
    return _judge(channel, told, same, last, ctx.date, observed)


BACKUP_CHANNEL = AttestationCheck("backup_channel", decide)
