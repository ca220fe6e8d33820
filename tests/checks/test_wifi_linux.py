"""Linux readers of the Wi-Fi check: nmcli's terse listing and wpa_cli's status."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.wifi import facts_linux
from checks.wifi.model import Security


@pytest.mark.parametrize(
    ("security", "expect"),
    [
        ("", Security.OPEN),
        ("WEP", Security.WEP),
        ("WPA1", Security.WPA1),
        ("WPA1 WPA2", Security.WPA2),
        ("WPA2 802.1X", Security.WPA2),
        ("WPA2 WPA3", Security.WPA3),
        ("WPA3", Security.WPA3),
        ("OWE", Security.OWE),
        ("WPA1 802.1X", Security.WPA1),
        ("802.1X", Security.UNKNOWN),
        ("WPA4", Security.UNKNOWN),
        ("--", Security.UNKNOWN),  # the tabular placeholder never appears in terse output
    ],
)
def test_nmcli_security_tokens(security: str, expect: Security) -> None:
    assert facts_linux.classify_nmcli(security) is expect


def test_nmcli_terse_escaping() -> None:
    assert facts_linux.split_terse("*:Flat\\:3\\\\B:WPA2 WPA3") == ["*", "Flat:3\\B", "WPA2 WPA3"]
    assert facts_linux.split_terse(" ::") == [" ", "", ""]


def test_nmcli_listing_with_other_fields_is_rejected() -> None:
    # A real terse listing with a field more than we ask for (a newer release's BAND column)
    # is rejected, not misread.
    from tests.helpers import real_output

    text = real_output("linux/nmcli-dev-wifi-list/01-terse-none-active.txt")
    reading = facts_linux.read_nmcli(text)
    assert reading.problem is not None and not reading.answered


def _nm(in_use: str, ssid: str, security: str) -> str:
    return f"{in_use}:AA\\:BB\\:CC\\:DD\\:EE\\:FF:{ssid}:Infra:6:130 Mbit/s:87:▂▄▆█:{security}\n"


def test_nmcli_open_network_in_use_is_open() -> None:
    reading = facts_linux.read_nmcli(_nm(" ", "Home", "WPA2") + _nm("*", "Free WiFi", ""))
    assert reading.in_use and [link.security for link in reading.links] == [Security.OPEN]


@pytest.mark.parametrize(
    ("listing", "expect"),
    [
        (_nm("*", "Home", "WPA2"), [Security.WPA2]),
        (_nm(" ", "Home", "WPA2") + "\n" + _nm(" ", "Cafe", ""), []),  # nothing in use
        (_nm("*", "Flat\\:3\\\\B", "WPA2 WPA3"), [Security.WPA3]),  # escaped name
        (_nm("*", "Old", "WPA1"), [Security.WPA1]),
        (_nm("*", "Cafe", "OWE"), [Security.OWE]),
        (_nm("*", "Legacy", "WEP"), [Security.WEP]),
    ],
)
def test_nmcli_listing(listing: str, expect: list[Security]) -> None:
    reading = facts_linux.read_nmcli(listing)
    assert reading.answered and [link.security for link in reading.links] == expect
    assert reading.in_use is bool(expect)


def test_nmcli_three_field_listing_is_rejected() -> None:
    # the shorter layout an older version of this check asked for
    assert not facts_linux.read_nmcli("*:Home:WPA2\n").answered


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_nmcli_ssid_cannot_fake_security(ssid: str) -> None:
    escaped = ssid.replace("\\", "\\\\").replace(":", "\\:").replace("\n", " ")
    reading = facts_linux.read_nmcli(_nm("*", escaped, ""))
    if reading.answered:
        assert [link.security for link in reading.links] == [Security.OPEN]


@pytest.mark.parametrize(
    ("status", "expect"),
    [
        ("key_mgmt=WPA2-PSK\npairwise_cipher=CCMP\n", Security.WPA2),
        ("key_mgmt=WPA-PSK\npairwise_cipher=TKIP\n", Security.WPA1),
        ("key_mgmt=WPA2-PSK\npairwise_cipher=TKIP\n", Security.WPA1),
        ("key_mgmt=SAE\npairwise_cipher=CCMP\n", Security.WPA3),
        ("key_mgmt=NONE\npairwise_cipher=NONE\n", Security.OPEN),
        ("key_mgmt=OWE\npairwise_cipher=CCMP\n", Security.OWE),
        ("key_mgmt=WPA2-PSK\npairwise_cipher=NONE\n", Security.UNKNOWN),
        ("key_mgmt=SOMETHING-NEW\npairwise_cipher=CCMP\n", Security.UNKNOWN),
    ],
)
def test_wpa_cli_methods(status: str, expect: Security) -> None:
    reading = facts_linux.read_wpa_cli("Selected interface 'wlan0'\nwpa_state=COMPLETED\n" + status)
    assert reading.in_use and reading.links[0].security is expect


def test_wpa_cli_open_with_wep_cipher_is_wep() -> None:
    reading = facts_linux.read_wpa_cli(
        "wpa_state=COMPLETED\nkey_mgmt=NONE\npairwise_cipher=WEP-104\n")
    assert reading.links[0].security is Security.WEP
