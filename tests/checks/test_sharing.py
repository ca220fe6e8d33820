"""Sharing services off: the parsers (Windows rules, macOS AirDrop and Internet Sharing) and
the verdicts as tables."""

from __future__ import annotations

import json
from typing import Any

import pytest

from checks.sharing import decide as rules
from checks.sharing import facts_macos as mac
from checks.sharing import facts_windows as win
from checks.sharing.model import (
    FPS_GROUP,
    NETDIS_GROUP,
    FirewallRule,
    LinuxFacts,
    Listening,
    MacFacts,
    WindowsFacts,
)
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

ALL = frozenset({"Domain", "Private", "Public"})


def fw(name: str, group: str, enabled: bool, profiles: frozenset[str],
       inbound_allow: bool = True) -> FirewallRule:
    return FirewallRule(name, group, enabled, inbound_allow, profiles)


FPS_OFF = fw("FPS-SMB-In-TCP", FPS_GROUP, False, frozenset({"Private", "Public"}))
PING_ON = fw("FPS-ICMP4-ERQ-In", FPS_GROUP, True, ALL)
ND_PRIVATE = fw("NETDIS-LLMNR-In-UDP", NETDIS_GROUP, True, frozenset({"Private"}))
QUIET = (FPS_OFF, PING_ON, ND_PRIVATE)


def windows(rules_: tuple[FirewallRule, ...] | None = QUIET, nearby: Any = None,
            nearby_error: str | None = "missing") -> WindowsFacts:
    return WindowsFacts(rules_, "" if rules_ is not None else "PowerShell timed out", nearby,
                        nearby_error)


@pytest.mark.parametrize(("facts", "status", "words"), [
    (windows(), Status.PASS, ""),
    (windows(nearby=0, nearby_error=None), Status.PASS, ""),
    (windows(nearby=1, nearby_error=None), Status.PASS, ""),
    (windows(nearby=2, nearby_error=None), Status.WARN, "Nearby sharing with everyone"),
    (windows((fw("FPS-SMB-In-TCP", FPS_GROUP, True, frozenset({"Private"})), ND_PRIVATE)),
     Status.WARN, "file and printer sharing (allowed in by the firewall on private networks)"),
    (windows((fw("FPS-SMB-In-TCP", FPS_GROUP, True, ALL), ND_PRIVATE)),
     Status.WARN, "private and public networks"),
    # The Domain profile applies only on an organisation's network.
    (windows((fw("FPS-SMB-In-TCP", FPS_GROUP, True, frozenset({"Domain"})), ND_PRIVATE)),
     Status.PASS, ""),
    # A rule that blocks, or lets traffic out, shares nothing.
    (windows((fw("FPS-SMB-In-TCP", FPS_GROUP, True, ALL, inbound_allow=False), ND_PRIVATE)),
     Status.PASS, ""),
    (windows((FPS_OFF, fw("NETDIS-X", NETDIS_GROUP, True, frozenset({"Public"})))),
     Status.WARN, "network discovery on public networks"),
    (windows(None), Status.UNKNOWN, "sharing firewall rules could not be read"),
    (windows((FPS_OFF, PING_ON)), Status.UNKNOWN, "built-in sharing firewall rules"),
    (windows((ND_PRIVATE,)), Status.UNKNOWN, "built-in sharing firewall rules"),
    (windows(nearby=None, nearby_error="permission denied"), Status.UNKNOWN, "Nearby sharing"),
    (windows(nearby=7, nearby_error=None), Status.UNKNOWN, "unexpected value 7"),
    (windows(nearby=True, nearby_error=None), Status.UNKNOWN, "Nearby sharing"),
    (windows(nearby="2", nearby_error=None), Status.UNKNOWN, "Nearby sharing"),
    # A finding stands even when something else could not be read.
    (windows(None, nearby=2, nearby_error=None), Status.WARN, "could not be checked"),
])
def test_windows_table(facts: WindowsFacts, status: Status, words: str) -> None:
    out = rules.decide_windows(facts)
    assert out.status is status, out.summary
    assert words in out.summary


NONE_LISTENING = Listening((("127.0.0.1", 631), ("::1", 631), ("*", 50168)))


def mac_facts(listening: Listening = NONE_LISTENING, nat: bool | None = False,
              airdrop: str | None = "") -> MacFacts:
    return MacFacts(listening, nat, "" if nat is not None else "unreadable", airdrop,
                    "" if airdrop is not None else "defaults failed")


@pytest.mark.parametrize(("facts", "status", "words"), [
    (mac_facts(), Status.PASS, ""),
    (mac_facts(airdrop="Off"), Status.PASS, ""),
    (mac_facts(airdrop="Contacts Only"), Status.PASS, ""),
    (mac_facts(airdrop="Everyone"), Status.WARN, "AirDrop open to everyone"),
    (mac_facts(nat=True), Status.WARN, "Internet Sharing"),
    (mac_facts(Listening((("*", 445),))), Status.WARN, "File Sharing (SMB)"),
    (mac_facts(Listening((("*", 631),))), Status.WARN, "Printer Sharing"),
    (mac_facts(Listening((("192.168.1.20", 3689),))), Status.WARN, "Media Sharing"),
    (mac_facts(Listening((("*", 7000), ("*", 5000)))), Status.WARN, "AirPlay Receiver"),
    (mac_facts(Listening(None, "netstat timed out")), Status.UNKNOWN, "netstat timed out"),
    (mac_facts(nat=None), Status.UNKNOWN, "unreadable"),
    (mac_facts(airdrop=None), Status.UNKNOWN, "defaults failed"),
])
def test_macos_table(facts: MacFacts, status: Status, words: str) -> None:
    out = rules.decide_macos(facts)
    assert out.status is status, out.summary
    assert words in out.summary


ANY_V4 = "0.0.0.0"  # noqa: S104 - a listening address read, not bound


@pytest.mark.parametrize(("sockets", "status", "words"), [
    (((ANY_V4, 22), ("127.0.0.1", 631)), Status.PASS, ""),
    (((ANY_V4, 2049),), Status.WARN, "NFS file sharing"),
    ((("*", 8200),), Status.WARN, "MiniDLNA"),
    ((("[::]", 548),), Status.WARN, "netatalk"),
    (((ANY_V4, 5000),), Status.PASS, ""),  # too many unrelated programs use 5000
])
def test_linux_table(sockets: tuple[tuple[str, int], ...], status: Status, words: str) -> None:
    out = rules.decide_linux(LinuxFacts(Listening(sockets)))
    assert out.status is status, out.summary
    assert words in out.summary


def test_profiles_parse() -> None:
    assert win.parse_profiles("Any") == ALL
    assert win.parse_profiles("Private, Public") == frozenset({"Private", "Public"})
    assert win.parse_profiles("Domain") == frozenset({"Domain"})
    for odd in ("", "Privé", "Private Public", "NotApplicable"):
        assert win.parse_profiles(odd) is None


def rule_json(**over: str) -> dict[str, str]:
    return {"name": "FPS-SMB-In-TCP", "group": FPS_GROUP, "enabled": "True",
            "direction": "Inbound", "action": "Allow", "profile": "Private", **over}


def test_rules_parse() -> None:
    got = win.parse_rules("\ufeff" + json.dumps([rule_json(), rule_json(enabled="False")]))
    assert got is not None and [r.enabled for r in got] == [True, False]
    outbound = win.parse_rules(json.dumps(rule_json(direction="Outbound")))
    assert outbound is not None and outbound[0].inbound_allow is False
    assert win.parse_rules("[]") == []
    for odd in ("", "garbage", json.dumps([rule_json(enabled="Yes")]),
                json.dumps([rule_json(profile="Everywhere")]), json.dumps([{"name": 1}]),
                json.dumps([rule_json(action="Permit")]), json.dumps(["x"])):
        assert win.parse_rules(odd) is None, odd


@pytest.mark.parametrize(("stdout", "stderr", "rc", "mode"), [
    ("Everyone\n", "", 0, "Everyone"),
    ("Contacts Only\n", "", 0, "Contacts Only"),
    ("Off\n", "", 0, "Off"),
    ("", "2026-12-02 10:00:00.000 defaults[123:456] \nThe domain/default pair of "
     "(com.apple.sharingd, DiscoverableMode) does not exist\n", 1, ""),
    ("Everybody\n", "", 0, None),
    ("", "", 1, None),
    ("", "Permission denied", 1, None),
])
def test_airdrop_parse(stdout: str, stderr: str, rc: int, mode: str | None) -> None:
    assert mac.parse_airdrop(stdout, stderr, rc) == mode


@pytest.mark.parametrize(("data", "on"), [
    ({"NAT": {"Enabled": 1, "NatPortMapDisabled": False}}, True),
    ({"NAT": {"Enabled": 0}}, False),
    ({"NAT": {"Enabled": True}}, True),
    ({"NAT": {"Enabled": 2}}, None),
    ({"NAT": {}}, None),
    ({}, None),
])
def test_nat_enabled(data: dict[str, Any], on: bool | None) -> None:
    assert mac.nat_enabled(data) is on


NAT_ON = """<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>NAT</key><dict><key>Enabled</key><integer>1</integer>
</dict></dict></plist>"""
NETSTAT_QUIET = ("Active Internet connections (including servers)\n"
                 "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n"
                 "tcp4       0      0  127.0.0.1.631          *.*                    LISTEN\n")


def test_internet_sharing_read_through_plutil() -> None:
    snap = make_snapshot("macos", commands=[
        cmd(mac.NETSTAT, NETSTAT_QUIET), cmd(mac.AIRDROP, "Contacts Only\n"),
        cmd(["plutil", "-convert", "xml1", "-o", "-", mac.NAT_PLIST], NAT_ON)],
        dirs={mac.SYSCONFIG: ["com.apple.nat.plist", "preferences.plist"]})
    result = run_check("sharing_off", snap)
    assert result.status is Status.WARN
    assert "Internet Sharing" in result.summary


def test_a_listing_without_the_usual_files_is_not_trusted() -> None:
    snap = make_snapshot("macos", commands=[
        cmd(mac.NETSTAT, NETSTAT_QUIET), cmd(mac.AIRDROP, "Contacts Only\n")],
        dirs={mac.SYSCONFIG: ["x.plist"]})
    result = run_check("sharing_off", snap)
    assert result.status is Status.UNKNOWN
    assert "usual files" in result.summary
