"""What counts as identifying detail in a backup-channel description."""

from __future__ import annotations

import pytest

from checks.backup_channel import identifying_detail


@pytest.mark.parametrize("text", [
    "call 07700 900123", "+44 (0)20 7946 0958", "me@example.org", "https://meet.example/abc",
    "www.example.com/room", "text 07700900123",
])
def test_contact_details_are_recognised(text: str) -> None:
    assert identifying_detail(text) is not None


@pytest.mark.parametrize("text", [
    "my work mobile", "text from the practice phone", "second platform: the messaging app on "
    "my phone, over 4G", "call the client back within 5 minutes", "landline in room 2",
])
def test_plain_descriptions_pass(text: str) -> None:
    assert identifying_detail(text) is None


def test_not_tried_yet_is_stated_and_warns_never_passes() -> None:
    from datetime import date

    from readiness import answers
    from readiness.model import Status
    from tests.helpers import make_snapshot, run_check

    record = answers.backup_answer(channel="sms", description="my work mobile",
                                   clients_told=True, last_tried=None)
    assert record["last_tried"] == "never"
    assert answers.backup_answer(channel="sms", description="my work mobile",
                                 clients_told=True, last_tried="never") == record
    result = run_check("backup_channel", make_snapshot("linux"), today=date(2026, 12, 2),
                       attestations={"backup_channel": record})
    assert result.status is Status.WARN
    assert "not tried it yet" in result.summary
    assert result.observed["last_tried"] == "never"
    assert "days_since_tried" not in result.observed
