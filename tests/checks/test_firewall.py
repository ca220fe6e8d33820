"""Parsers of the firewall check: Windows profile and Security Center JSON, macOS states."""

from __future__ import annotations

import json

import pytest

from checks.firewall import facts_linux as lin
from checks.firewall import facts_macos as mac
from checks.firewall import facts_windows as win
from checks.firewall.model import PROFILES
from readiness.check import CheckContext
from readiness.model import Status
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.replay import ReplayHost
from tests.helpers import cmd, make_snapshot, real_output, run_check


def _row(name: str, value: str) -> str:
    # Format-Table pads Name to its widest value (Private) and right-aligns Enabled.
    return f"{name:<7} {value:>7}"


def _profiles(**states: str) -> str:
    rows = [_row(n, states.get(n, "True")) for n in PROFILES]
    return "\r\n".join(["", "Name    Enabled", "----    -------", *rows, "", ""])


def test_profiles_all_three_needed() -> None:
    assert win.parse_profiles_table(_profiles()) == {"Domain": True, "Private": True,
                                                     "Public": True}
    assert win.parse_profiles_table(_profiles(Public="False"))["Public"] is False  # type: ignore[index]
    two = "\n".join(["Name    Enabled", "----    -------", _row("Domain", "True"),
                     _row("Public", "True")])
    assert win.parse_profiles_table(two) is None


def test_profiles_real_format_table_output() -> None:
    """`Get-NetFirewallProfile | ft Name,Enabled` as printed on a real Windows machine."""
    text = real_output("windows/get-netfirewallprofile-ft/01-all-on.txt")
    assert win.parse_profiles_table(text) == {"Domain": True, "Private": True, "Public": True}


@pytest.mark.parametrize(
    "text",
    [
        _profiles(Public="NotConfigured"),
        _profiles(Public="1"),  # an enum as a number: not what Format-Table prints
        "\n".join(["Name    Enabled", "----    -------", *[_row("Domain", "True")] * 3]),
        _profiles().replace("Name    Enabled", "Nom     Activé"),  # headers are never localised
        _profiles() + "Extra      True\r\n",
        json.dumps([{"Name": n, "Enabled": "True"} for n in PROFILES]),
        "",
        "Get-NetFirewallProfile : Access denied",
    ],
)
def test_profiles_off_script_is_none(text: str) -> None:
    assert win.parse_profiles_table(text) is None


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


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ('DEFAULT_INPUT_POLICY="DROP"\n', "DROP"),
        ('DEFAULT_INPUT_POLICY="ACCEPT"\nDEFAULT_OUTPUT_POLICY="ACCEPT"\n', "ACCEPT"),
        ("DEFAULT_INPUT_POLICY=reject\n", "REJECT"),
        ('DEFAULT_INPUT_POLICY="DROP"\nDEFAULT_INPUT_POLICY="ACCEPT"\n', "ACCEPT"),  # last wins
        ('DEFAULT_INPUT_POLICY="ACCEPT_NO_TRACK"\n', "ACCEPT_NO_TRACK"),
        ('# DEFAULT_INPUT_POLICY="DROP"\n', None),
        ('DEFAULT_INPUT_POLICY="MAYBE"\n', None),
        ("", None),
    ],
)
def test_ufw_defaults(text: str, policy: str | None) -> None:
    assert lin.parse_ufw_defaults(text) == policy


def test_ufw_status_verbose_real_outputs() -> None:
    allow = real_output("linux/ufw-status-verbose/02-active-default-allow-in.txt")
    deny = real_output("linux/ufw-status-verbose/03-active-no-rules.txt")
    assert lin.parse_ufw_status_verbose(allow) == "ACCEPT"
    assert lin.parse_ufw_status_verbose(deny) == "DROP"
    assert lin.parse_ufw_status_verbose(deny.replace("Status: active", "Status: inactive")) \
        is None
    assert lin.parse_ufw_status_verbose("ERROR: You need to be root to run this script\n") \
        is None


@pytest.mark.parametrize(
    ("rc", "out", "err", "state"),
    [
        (0, "running\n", "", "active"),
        (252, "", "not running\n", "inactive"),  # the message goes to stderr (exit code > 1)
        (252, "not running\n", "", "inactive"),
        (1, "", "not running\n", None),
        (253, "", "Authorization failed.\n    Make sure polkit agent is running or run the "
         "application as superuser.\n", None),
        (251, "", "failed\n", None),
    ],
)
def test_firewall_cmd_state_reads_both_streams(rc: int, out: str, err: str,
                                               state: str | None) -> None:
    snap = make_snapshot("linux", commands=[cmd(["firewall-cmd", "--state"], out, rc, err)])
    ctx = CheckContext(ReplayHost(snapshot_mod.parse(snap)))
    assert lin._firewall_cmd_state(ctx) == state


@pytest.mark.parametrize(
    ("text", "joined"),
    [("True\r\n", True), ("False\r\n", False), ("", None), ("Wahr\r\n", None)],
)
def test_part_of_domain(text: str, joined: bool | None) -> None:
    assert win.parse_part_of_domain(text) is joined
