"""Linux firewall facts, without root: which front-end (ufw, firewalld, nftables) is active."""

from __future__ import annotations

import re

from checks.firewall.model import (
    UFW_POLICIES,
    LinuxFacts,
    firewalld_protecting,
    ufw_protecting,
    ufw_running,
)
from checks.systemd import unit_state
from readiness.check import CheckContext

NFT_CONFS = ("/etc/nftables.conf", "/etc/sysconfig/nftables.conf")
UFW_DEFAULTS = "/etc/default/ufw"
FIREWALLD_CONF = "/etc/firewalld/firewalld.conf"
# firewall-cmd's exit code NOT_RUNNING (firewalld's errors.py); its message goes to stderr
# (FirewallCommand.print_and_exit writes to stderr for any exit code above 1).
FIREWALLD_NOT_RUNNING = 252
# `ufw status verbose`'s words for the incoming policy, as the values of /etc/default/ufw.
UFW_STATUS_POLICY = {"deny": "DROP", "reject": "REJECT", "allow": "ACCEPT"}


def _ufw_enabled(ctx: CheckContext) -> bool | None:
    conf = ctx.read_file("/etc/ufw/ufw.conf")
    if conf.text is None:
        return None if conf.error not in (None, "missing") else False
    for line in conf.text.splitlines():
        line = line.strip()
        if line.startswith("ENABLED="):
            value = line.split("=", 1)[1].strip().strip("'\"").lower()
            if value == "yes":
                return True
            if value == "no":
                return False
            return None
    return False  # ufw defaults to disabled when the key is absent


def _nftables_conf_has_rules(ctx: CheckContext) -> bool | None:
    """True when the boot ruleset drops or rejects something.

    Debian ships /etc/nftables.conf as an accept-everything skeleton (chains with no rules),
    so "non-empty" is not enough. A config that only includes other files cannot be judged
    from here (None).
    """
    for path in NFT_CONFS:
        conf = ctx.read_file(path)
        if conf.text is None:
            if conf.error == "missing":
                continue
            return None
        lines = [ln.split("#", 1)[0].strip() for ln in conf.text.splitlines()]
        lines = [ln for ln in lines if ln]
        if any(re.search(r"\b(drop|reject)\b", ln) for ln in lines):
            return True
        if any(ln.startswith("include") for ln in lines):
            return None
        return False
    return False


def parse_ufw_defaults(text: str) -> str | None:
    """DEFAULT_INPUT_POLICY from /etc/default/ufw (the last assignment wins, as the shell
    reads it), upper case; None when absent or not one of ufw's values."""
    value = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("DEFAULT_INPUT_POLICY="):
            value = line.split("=", 1)[1].strip().strip("'\"").upper()
    return value if value in UFW_POLICIES else None


def parse_ufw_status_verbose(text: str) -> str | None:
    """The incoming policy from `ufw status verbose` (English: the probe runs under C.UTF-8),
    only when it also says ufw is active; None otherwise."""
    lines = [ln.strip() for ln in text.splitlines()]
    if "Status: active" not in lines:
        return None
    found = {m.group(1) for ln in lines
             if (m := re.match(r"Default: (\w+) \(incoming\)", ln))}
    if len(found) != 1:
        return None
    return UFW_STATUS_POLICY.get(found.pop())


def _ufw_incoming(ctx: CheckContext) -> str | None:
    """ufw's default incoming policy.

    /etc/default/ufw is where ufw itself keeps it and is readable without root; `ufw status
    verbose` prints the same value but refuses to run without root, so it is asked only when
    the file gives no answer (it answers when Readiness runs as root).
    """
    conf = ctx.read_file(UFW_DEFAULTS)
    if conf.text is not None:
        policy = parse_ufw_defaults(conf.text)
        if policy is not None:
            return policy
    res = ctx.run(["ufw", "status", "verbose"], timeout=10)
    return parse_ufw_status_verbose(res.stdout) if res.ok else None


def _firewall_cmd_state(ctx: CheckContext) -> str | None:
    """firewall-cmd --state: "running" on stdout with exit 0, or "not running" on stderr
    with exit 252 (NOT_RUNNING). Both streams are read; anything else (a polkit refusal,
    RUNNING_BUT_FAILED) says nothing."""
    res = ctx.run(["firewall-cmd", "--state"], timeout=5)
    if not res.ran:
        return None
    out = (res.stdout.strip(), res.stderr.strip())
    if res.returncode == 0 and out == ("running", ""):
        return "active"
    if res.returncode == FIREWALLD_NOT_RUNNING and "not running" in out and "" in out:
        return "inactive"
    return None


def _zone_name(text: str) -> str | None:
    name = text.strip()
    return name if re.fullmatch(r"[A-Za-z0-9_+.-]{1,40}", name) else None


def _firewalld_default_zone(ctx: CheckContext) -> str | None:
    """The default zone from the running daemon, else DefaultZone= in firewalld.conf (the
    same value: setting the default zone changes both); None when neither says."""
    res = ctx.run(["firewall-cmd", "--get-default-zone"], timeout=5)
    if res.ok and (zone := _zone_name(res.stdout)) is not None:
        return zone
    conf = ctx.read_file(FIREWALLD_CONF)
    if conf.text is None:
        return None
    zone = None
    for line in conf.text.splitlines():
        line = line.strip()
        if line.startswith("DefaultZone="):
            zone = _zone_name(line.split("=", 1)[1])
    return zone


def gather(ctx: CheckContext) -> LinuxFacts:
    ufw = LinuxFacts(_ufw_enabled(ctx), unit_state(ctx, "ufw.service"))
    incoming = _ufw_incoming(ctx) if ufw_running(ufw) else None
    ufw = LinuxFacts(ufw.ufw_enabled, ufw.ufw_unit, ufw_incoming=incoming)
    if ufw_protecting(ufw):
        return ufw
    fwd = unit_state(ctx, "firewalld.service")
    if fwd is None:
        fwd = _firewall_cmd_state(ctx)
    zone = _firewalld_default_zone(ctx) if fwd == "active" else None
    fw = LinuxFacts(ufw.ufw_enabled, ufw.ufw_unit, fwd, ufw_incoming=incoming,
                    firewalld_zone=zone)
    if firewalld_protecting(fw):
        return fw
    nft_unit = unit_state(ctx, "nftables.service")
    nft_rules = _nftables_conf_has_rules(ctx) if nft_unit == "active" else None
    return LinuxFacts(ufw.ufw_enabled, ufw.ufw_unit, fwd, nft_unit, nft_rules, incoming, zone)
