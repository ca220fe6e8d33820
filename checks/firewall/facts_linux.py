"""Linux firewall facts, without root: which front-end (ufw, firewalld, nftables) is active."""

from __future__ import annotations

import re

from checks.firewall.model import LinuxFacts, ufw_running
from checks.systemd import unit_state
from readiness.check import CheckContext

NFT_CONFS = ("/etc/nftables.conf", "/etc/sysconfig/nftables.conf")


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


def _firewall_cmd_state(ctx: CheckContext) -> str | None:
    res = ctx.run(["firewall-cmd", "--state"], timeout=5)
    if not res.ran:
        return None
    out = res.stdout.strip()
    if out == "running" and res.returncode == 0:
        return "active"
    if out == "not running" and res.returncode != 0:
        return "inactive"
    return None


def gather(ctx: CheckContext) -> LinuxFacts:
    ufw = LinuxFacts(_ufw_enabled(ctx), unit_state(ctx, "ufw.service"))
    if ufw_running(ufw):
        return ufw
    fwd = unit_state(ctx, "firewalld.service")
    if fwd is None:
        fwd = _firewall_cmd_state(ctx)
    if fwd == "active":
        return LinuxFacts(ufw.ufw_enabled, ufw.ufw_unit, fwd)
    nft_unit = unit_state(ctx, "nftables.service")
    nft_rules = _nftables_conf_has_rules(ctx) if nft_unit == "active" else None
    return LinuxFacts(ufw.ufw_enabled, ufw.ufw_unit, fwd, nft_unit, nft_rules)
