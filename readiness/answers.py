"""The one validator of each attestation answer, used by ``readiness attest`` and the GUI forms.

An answer is checked here before it is saved, so both ways of answering accept and refuse the
same things and store the same record. Answers are statements, never client data: free text
that looks like a phone number, an email or a web address is refused. (The checks still judge
what is stored, since the profile file can be edited by hand.)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from checks import backup_channel, practice

REASON_MAX = 300
DESCRIPTION_MAX = backup_channel.DESCRIPTION_MAX
ANSWERS = practice.ANSWERS
CHANNELS = tuple(backup_channel.CHANNELS)
BACKUP_CHANNEL_ID = backup_channel.BACKUP_CHANNEL.id
PRACTICE_IDS = tuple(c.id for c in practice.CHECKS)
EARLIEST = date(2000, 1, 1)
# Recorded as "last tried" when the channel has not been tried yet: stating so is better than a
# date that would attest a test which never happened.
NEVER_TRIED = backup_channel.NEVER_TRIED


class AnswerError(ValueError):
    """The answer cannot be saved; the message says what to change."""


def clean_text(value: str, what: str, limit: int) -> str:
    """``value`` with its white space collapsed, or an AnswerError saying why not."""
    if any(ord(ch) < 32 for ch in value if ch not in "\t\n\r"):
        raise AnswerError(f"{what} contains control characters")
    text = " ".join(value.split())
    if not text:
        raise AnswerError(f"{what} is empty")
    if len(text) > limit:
        raise AnswerError(f"{what} is too long ({len(text)} characters; at most {limit})")
    if (why := backup_channel.identifying_detail(text)) is not None:
        raise AnswerError(f"{what} seems to contain {why}. Describe it in words only: "
                          "Readiness never stores contact details or client information")
    return text


def practice_answer(answer: str, reason: str | None = None) -> dict[str, Any]:
    """A yes / no / not_applicable answer; not_applicable needs a reason."""
    if answer not in ANSWERS:
        raise AnswerError(f"the answer {answer!r} is not one of {', '.join(ANSWERS)}")
    record: dict[str, Any] = {"answer": answer}
    if reason is not None and reason.strip():
        record["reason"] = clean_text(reason, "the reason", REASON_MAX)
    if answer == "not_applicable" and "reason" not in record:
        raise AnswerError("not applicable needs a reason saying why it does not apply to you")
    return record


def last_tried_date(value: str | date, today: date | None = None) -> date:
    if isinstance(value, date):
        tried = value
    else:
        try:
            tried = date.fromisoformat(value)
        except ValueError:
            raise AnswerError(f"the date it was last tried ({value!r}) is not a date like "
                              "2026-11-01") from None
    today = today or date.today()
    if tried > today:
        raise AnswerError(f"the date it was last tried ({tried.isoformat()}) is in the future")
    if tried < EARLIEST:
        raise AnswerError(f"the date it was last tried ({tried.isoformat()}) is too far in "
                          "the past")
    return tried


def backup_answer(*, channel: str, description: str, clients_told: bool,
                  last_tried: str | date | None, same_connection: bool | None = None,
                  today: date | None = None) -> dict[str, Any]:
    """The backup channel record. ``same_connection`` None means "not sure": it is left out,
    so the check applies its cautious default rather than assuming an independent line;
    ``last_tried`` None (or "never") records that it has not been tried yet."""
    if channel not in CHANNELS:
        raise AnswerError(f"the channel {channel!r} is not one of {', '.join(CHANNELS)}")
    record: dict[str, Any] = {
        "channel": channel,
        "description": clean_text(description, "the description", DESCRIPTION_MAX),
        "clients_told": bool(clients_told),
        "last_tried": (NEVER_TRIED if last_tried is None or last_tried == NEVER_TRIED
                       else last_tried_date(last_tried, today).isoformat()),
    }
    if same_connection is not None:
        record["same_connection"] = bool(same_connection)
    return record
