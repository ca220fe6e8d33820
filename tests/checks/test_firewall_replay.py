"""The firewall check end to end, one case per row: cases that once were handmade replay
fixtures. Each decision is also a row of the decide table (test_firewall_decide.py); these
rows keep the gathering behind it covered (which probe is asked, and how its answer is read).
Real outputs and the handmade passing cases (fault injection replays them) stay fixtures under
tests/fixtures/snapshots/firewall_on."""

from __future__ import annotations

from typing import Any

import pytest

from checks import powershell
from checks.firewall import facts_macos as mac
from checks.firewall import facts_windows as win
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

UFW_CONF = "/etc/ufw/ufw.conf"
UFW_DEFAULTS = "/etc/default/ufw"


def unit(name: str, state: str) -> dict[str, Any]:
    """systemctl is-active's one-word answer (exit 0 only for "active")."""
    return cmd(["systemctl", "is-active", f"{name}.service"], f"{state}\n",
               0 if state == "active" else 3)


def timed_out(argv: list[str]) -> dict[str, Any]:
    return {**cmd(argv), "returncode": None, "timed_out": True}


def ufw_conf(enabled: str) -> str:
    return f"# /etc/ufw/ufw.conf\n#\n\nENABLED={enabled}\n\nLOGLEVEL=low\n"


LINUX: list[tuple[str, list[dict[str, Any]], dict[str, str], Status, str]] = [
    # ufw not installed (no config), firewalld and nftables inactive.
    ("all_inactive", [unit("ufw", "inactive"), unit("firewalld", "inactive"),
                      unit("nftables", "inactive")], {}, Status.FAIL, "all off or absent"),
    # systemctl timed out for firewalld, so firewall-cmd --state is asked: its "not running"
    # is on stderr with exit 252 (NOT_RUNNING) and reads as off.
    ("firewall_cmd_not_running_on_stderr",
     [unit("ufw", "inactive"), timed_out(["systemctl", "is-active", "firewalld.service"]),
      cmd(["firewall-cmd", "--state"], "", 252, "not running\n"), unit("nftables", "inactive")],
     {}, Status.FAIL, "all off or absent"),
    # firewalld running (Fedora's default) with its shipped default zone.
    ("firewalld_active", [unit("firewalld", "active"),
                          cmd(["firewall-cmd", "--get-default-zone"], "public\n")],
     {}, Status.PASS, "default zone 'public'"),
    # firewalld running but its default zone is 'trusted' (target ACCEPT).
    ("firewalld_default_zone_trusted",
     [unit("firewalld", "active"), cmd(["firewall-cmd", "--get-default-zone"], "trusted\n"),
      unit("nftables", "inactive")], {}, Status.FAIL, "'trusted'"),
    # ufw enabled and running, but /etc/default/ufw lets every incoming connection in.
    ("ufw_default_input_accept",
     [unit("ufw", "active"), unit("firewalld", "inactive"), unit("nftables", "inactive")],
     {UFW_CONF: ufw_conf("yes"), UFW_DEFAULTS: 'DEFAULT_INPUT_POLICY="ACCEPT"\n'},
     Status.FAIL, "default incoming policy is ACCEPT"),
    # The ufw unit is 'active' while ufw itself is disabled (pavois PR#134): not a firewall.
    ("ufw_unit_active_but_disabled",
     [unit("ufw", "active"), unit("firewalld", "inactive"), unit("nftables", "inactive")],
     {UFW_CONF: ufw_conf("no")}, Status.FAIL, "all off or absent"),
]


@pytest.mark.parametrize(("commands", "files", "status", "words"),
                         [row[1:] for row in LINUX], ids=[row[0] for row in LINUX])
def test_linux(commands: list[dict[str, Any]], files: dict[str, str], status: Status,
               words: str) -> None:
    result = run_check("firewall_on", make_snapshot("linux", commands=commands, files=files))
    assert result.status is status, result.summary
    assert words in result.summary


def profiles(domain: str, private: str, public: str) -> dict[str, Any]:
    """Get-NetFirewallProfile's Format-Table Name, Enabled, laid out as Windows prints it."""
    rows = [f"{n:<7} {v:>7}" for n, v in
            (("Domain", domain), ("Private", private), ("Public", public))]
    text = "\r\n".join(["", "Name    Enabled", "----    -------", *rows, "", ""])
    return cmd(powershell.command(win.PROFILES_SCRIPT), text)


def products(json_text: str) -> dict[str, Any]:
    return cmd(powershell.command(win.PRODUCTS_SCRIPT), json_text + "\r\n")


def domain(stdout: str, returncode: int = 0, stderr: str = "") -> dict[str, Any]:
    return cmd(powershell.command(win.DOMAIN_SCRIPT), stdout, returncode, stderr)


def dword(value: int) -> dict[str, Any]:
    return {"type": "REG_DWORD", "value": value}


LOCAL_ON = {f"{win.REG_LOCAL}\\{key}\\EnableFirewall": dword(1)
            for key in ("DomainProfile", "StandardProfile", "PublicProfile")}

WINDOWS: list[tuple[str, list[dict[str, Any]], dict[str, Any], Status, str]] = [
    # A third-party firewall is registered but Security Center reports it off (0x040000).
    ("all_off_third_party_off",
     [profiles("False", "False", "False"),
      products('[{"displayName":"ESET Firewall","productState":262144}]')],
     {}, Status.FAIL, "no other firewall is switched on"),
    # Domain profile off on a domain-joined computer (PartOfDomain True): it counts.
    ("domain_off_joined", [profiles("False", "True", "True"), domain("True\r\n"),
                           products("[]")], {}, Status.WARN, "Domain profile"),
    # Domain profile off and membership unreadable: never a pass by assumption.
    ("domain_off_membership_unreadable",
     [profiles("False", "True", "True"), domain("", 1, "Get-CimInstance : Access denied \r\n"),
      products("[]")], {}, Status.UNKNOWN, "could not be read"),
    # PowerShell timed out; the registry shows the firewall service disabled (Start = 4), so
    # no profile can be on whatever EnableFirewall says.
    ("powershell_timeout_service_disabled",
     [timed_out(powershell.command(win.PROFILES_SCRIPT)), products("[]")],
     {win.REG_SERVICE: dword(4), **LOCAL_ON}, Status.FAIL, "off for every network profile"),
    # PowerShell unavailable: a Group Policy value (0) overrides the local Public setting (1).
    ("registry_policy_turns_public_off", [],
     {win.REG_SERVICE: dword(2), **LOCAL_ON,
      f"{win.REG_POLICY}\\PublicProfile\\EnableFirewall": dword(0)},
     Status.WARN, "off for the Public profile"),
]


@pytest.mark.parametrize(("commands", "registry", "status", "words"),
                         [row[1:] for row in WINDOWS], ids=[row[0] for row in WINDOWS])
def test_windows(commands: list[dict[str, Any]], registry: dict[str, Any], status: Status,
                 words: str) -> None:
    snap = make_snapshot("windows", commands=commands, registry=registry)
    result = run_check("firewall_on", snap)
    assert result.status is status, result.summary
    assert words in result.summary


def test_macos_managed_refusal_falls_back_to_system_profiler() -> None:
    """On a managed Mac socketfilterfw refuses; system_profiler says 'allow all incoming'."""
    profiler = ('{\n  "SPFirewallDataType": [\n    {\n      "_name": "spfirewall_settings",\n'
                '      "spfirewall_globalstate": "spfirewall_globalstate_allow_all",\n'
                '      "spfirewall_loggingenabled": "No",\n'
                '      "spfirewall_stealthenabled": "Yes"\n    }\n  ]\n}\n')
    snap = make_snapshot("macos", commands=[
        cmd([mac.SOCKETFILTERFW, "--getglobalstate"], "Firewall settings cannot be modified "
            "from command line on managed Mac computers.\n"),
        cmd(["system_profiler", "SPFirewallDataType", "-json"], profiler)])
    result = run_check("firewall_on", snap)
    assert result.status is Status.FAIL, result.summary
    assert result.method.startswith("system_profiler")
