"""Parsers of the firewall check: Windows profile and Security Center JSON, macOS states."""

from __future__ import annotations

import json

import pytest

from checks.firewall import facts_macos as mac
from checks.firewall import facts_windows as win
from checks.firewall.model import PROFILES
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, real_output, run_check


def _profiles(**states: str) -> str:
    return json.dumps([{"Name": n, "Enabled": states.get(n, "True")} for n in PROFILES])


def test_profiles_all_three_needed() -> None:
    assert win.parse_profiles_json(_profiles()) == {"Domain": True, "Private": True,
                                                         "Public": True}
    assert win.parse_profiles_json(_profiles(Public="False"))["Public"] is False  # type: ignore[index]
    two = json.dumps([{"Name": "Domain", "Enabled": "True"}, {"Name": "Public", "Enabled": "True"}])
    assert win.parse_profiles_json(two) is None


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
    assert win.parse_profiles_json(text) is None


@pytest.mark.parametrize(
    ("state", "on"),
    [(266256, True), (266240, True), (397312, True), (262144, False), (393472, False)],
)
def test_security_center_product_state(state: int, on: bool) -> None:
    text = json.dumps({"displayName": "Example Firewall", "productState": state})
    assert win.parse_products_json(text) == [("Example Firewall", on)]


def test_security_center_none_registered() -> None:
    assert win.parse_products_json("[]") == []
    assert win.parse_products_json("") is None
    assert win.parse_products_json('[{"displayName": "X", "productState": "on"}]') is None


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
    assert mac.parse_socketfilterfw(text) == state


def test_system_profiler_firewall_json() -> None:
    def sp(state: str) -> str:
        return json.dumps({"SPFirewallDataType": [{"_name": "spfirewall_settings",
                                                   "spfirewall_globalstate": state}]})

    assert mac.parse_sp_firewall(sp("spfirewall_globalstate_limit_connections")) == 1
    assert mac.parse_sp_firewall(sp("spfirewall_globalstate_block_all")) == 2
    assert mac.parse_sp_firewall(sp("spfirewall_globalstate_allow_all")) == 0
    assert mac.parse_sp_firewall(sp("spfirewall_globalstate_off")) is None
    # The old text form (macOS 10.6, real) is not JSON: unknown rather than a guess.
    assert mac.parse_sp_firewall(
        real_output("macos/system-profiler-spfirewall/01-limit-incoming.txt")) is None


def test_inactive_with_exit_code_zero_is_not_trusted() -> None:
    """systemctl is-active exits 0 only for "active": "inactive" with 0 is off-script, so the
    firewalld state is unknown rather than off (the shared strict reader)."""
    snap = make_snapshot("linux", commands=[
        cmd(["systemctl", "is-active", "ufw.service"], "inactive\n", 3),
        cmd(["systemctl", "is-active", "firewalld.service"], "inactive\n", 0),
        cmd(["systemctl", "is-active", "nftables.service"], "inactive\n", 3),
    ])
    result = run_check("firewall_on", snap)
    assert result.status is Status.UNKNOWN, result.summary
    assert "firewalld" in result.summary
