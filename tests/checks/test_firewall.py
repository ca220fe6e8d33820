"""Parsers of the firewall check: Windows profile and Security Center JSON, macOS states."""

from __future__ import annotations

import json

import pytest

from checks import firewall
from tests.helpers import real_output


def _profiles(**states: str) -> str:
    return json.dumps([{"Name": n, "Enabled": states.get(n, "True")} for n in firewall.PROFILES])


def test_profiles_all_three_needed() -> None:
    assert firewall.parse_profiles_json(_profiles()) == {"Domain": True, "Private": True,
                                                         "Public": True}
    assert firewall.parse_profiles_json(_profiles(Public="False"))["Public"] is False  # type: ignore[index]
    two = json.dumps([{"Name": "Domain", "Enabled": "True"}, {"Name": "Public", "Enabled": "True"}])
    assert firewall.parse_profiles_json(two) is None


@pytest.mark.parametrize(
    "text",
    [
        _profiles(Public="NotConfigured"),
        _profiles(Public="1"),  # an enum serialised as a number: not what our script prints
        json.dumps([{"Name": "Domain", "Enabled": "True"}] * 3),
        '{"Name": "Domain"}',
        "",
        "Get-NetFirewallProfile : Access denied",
    ],
)
def test_profiles_off_script_is_none(text: str) -> None:
    assert firewall.parse_profiles_json(text) is None


@pytest.mark.parametrize(
    ("state", "on"),
    [(266256, True), (266240, True), (397312, True), (262144, False), (393472, False)],
)
def test_security_center_product_state(state: int, on: bool) -> None:
    text = json.dumps({"displayName": "Example Firewall", "productState": state})
    assert firewall.parse_products_json(text) == [("Example Firewall", on)]


def test_security_center_none_registered() -> None:
    assert firewall.parse_products_json("[]") == []
    assert firewall.parse_products_json("") is None
    assert firewall.parse_products_json('[{"displayName": "X", "productState": "on"}]') is None


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Firewall is enabled. (State = 1)\n", 1),
        ("Firewall is disabled. (State = 0)\n", 0),
        ("Firewall is enabled. (State = 2)\n", 2),
        ("Firewall is blocking all non-essential incoming connections. (State = 2)\n", 2),
        ("Firewall is enabled.\n", 1),
        ("Firewall settings cannot be modified from command line on managed Mac computers.\n",
         None),
        ("Firewall is enabled. (State = 7)\n", None),
        ("", None),
    ],
)
def test_socketfilterfw(text: str, state: int | None) -> None:
    assert firewall.parse_socketfilterfw(text) == state


def test_system_profiler_firewall_json() -> None:
    def sp(state: str) -> str:
        return json.dumps({"SPFirewallDataType": [{"_name": "spfirewall_settings",
                                                   "spfirewall_globalstate": state}]})

    assert firewall.parse_sp_firewall(sp("spfirewall_globalstate_limit_connections")) == 1
    assert firewall.parse_sp_firewall(sp("spfirewall_globalstate_block_all")) == 2
    assert firewall.parse_sp_firewall(sp("spfirewall_globalstate_allow_all")) == 0
    assert firewall.parse_sp_firewall(sp("spfirewall_globalstate_off")) is None
    # The old text form (macOS 10.6, real) is not JSON: unknown rather than a guess.
    assert firewall.parse_sp_firewall(
        real_output("macos/system-profiler-spfirewall/01-limit-incoming.txt")) is None
