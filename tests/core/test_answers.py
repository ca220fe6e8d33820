"""The one validator of attestation answers (the CLI and the GUI forms both call it)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from readiness import answers

TODAY = date(2026, 11, 10)
GOOD: dict[str, Any] = {"channel": "phone", "description": "  my   work mobile ",
                        "clients_told": True, "last_tried": "2026-11-01"}


def test_a_good_backup_channel_is_cleaned_and_not_sure_is_left_out() -> None:
    assert answers.backup_answer(**GOOD, today=TODAY) == {
        "channel": "phone", "description": "my work mobile", "clients_told": True,
        "last_tried": "2026-11-01"}
    assert answers.backup_answer(**GOOD, same_connection=False, today=TODAY)[
        "same_connection"] is False


@pytest.mark.parametrize(("change", "message"), [
    ({"channel": "pigeon"}, "not one of"),
    ({"description": "call 07700 900123"}, "phone number"),
    ({"description": "me@example.org"}, "email address"),
    ({"description": "see www.example.org"}, "web address"),
    ({"description": "   "}, "empty"),
    ({"description": "x" * 201}, "too long"),
    ({"description": "work\x00mobile"}, "control characters"),
    ({"last_tried": "01/11/2026"}, "not a date"),
    ({"last_tried": "2026-12-01"}, "in the future"),
    ({"last_tried": "1999-12-31"}, "too far in the past"),
])
def test_a_bad_backup_channel_is_refused(change: dict[str, str], message: str) -> None:
    with pytest.raises(answers.AnswerError, match=message):
        answers.backup_answer(**{**GOOD, **change}, today=TODAY)


def test_practice_answers() -> None:
    assert answers.practice_answer("yes") == {"answer": "yes"}
    assert answers.practice_answer("not_applicable", " I work  alone ") == {
        "answer": "not_applicable", "reason": "I work alone"}
    with pytest.raises(answers.AnswerError, match="needs a reason"):
        answers.practice_answer("not_applicable", "  ")
    with pytest.raises(answers.AnswerError, match="phone number"):
        answers.practice_answer("not_applicable", "ring 07700 900123")
    with pytest.raises(answers.AnswerError, match="not one of"):
        answers.practice_answer("maybe")
