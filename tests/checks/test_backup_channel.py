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
