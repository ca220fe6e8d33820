"""Firewall on (GPiA 047 §4 electronic intrusion; Cyber Essentials: firewalls).

Linux, without root: the ruleset itself cannot be read, so we look for an *active* front-end
(ufw enabled in its config and its unit active, firewalld active, or nftables.service active
with a non-empty config). A loaded kernel module or someone else's chains (Docker, Tailscale)
are not a firewall protecting this computer.
"""

from __future__ import annotations

from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome, Scalar, Status

LINUX_NOTE = "the rules themselves cannot be read without administrator rights"


def _unit_state(ctx: CheckContext, unit: str) -> str | None:
    """``active``/``inactive``/… from systemctl, or None when systemctl could not say."""
    res = ctx.run(["systemctl", "is-active", unit], timeout=5)
    if not res.ran:
        return None
    # is-active prints one token; exit 0 only for "active". Anything else we do not know.
    token = res.stdout.strip().splitlines()[0].strip() if res.stdout.strip() else ""
    known = {"active", "inactive", "failed", "activating", "deactivating", "unknown",
             "reloading", "maintenance"}
    if token not in known:
        return None
    if token == "active" and res.returncode != 0:
        return None
    return token


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
    conf = ctx.read_file("/etc/nftables.conf")
    if conf.text is None:
        return None if conf.error not in (None, "missing") else False
    meaningful = [
        ln for ln in conf.text.splitlines()
        if ln.strip() and not ln.strip().startswith("#") and not ln.strip().startswith("flush")
    ]
    return any("chain" in ln for ln in meaningful)


def linux(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    undetermined: list[str] = []

    ufw_conf = _ufw_enabled(ctx)
    ufw_unit = _unit_state(ctx, "ufw.service")
    observed["ufw_enabled_in_config"] = ufw_conf
    observed["ufw_unit"] = ufw_unit
    if ufw_conf and ufw_unit == "active":
        return Outcome(
            Status.PASS,
            f"The ufw firewall is enabled and running ({LINUX_NOTE}).",
            observed,
            expected="an active firewall front-end (ufw, firewalld or nftables)",
            method="ufw.conf ENABLED=yes and systemctl is-active ufw",
        )
    if ufw_conf is None or (ufw_conf and ufw_unit is None):
        undetermined.append("ufw")

    fwd = _unit_state(ctx, "firewalld.service")
    observed["firewalld_unit"] = fwd
    if fwd == "active":
        return Outcome(
            Status.PASS,
            f"The firewalld firewall is running ({LINUX_NOTE}).",
            observed,
            expected="an active firewall front-end (ufw, firewalld or nftables)",
            method="systemctl is-active firewalld",
        )
    if fwd is None:
        undetermined.append("firewalld")

    nft_unit = _unit_state(ctx, "nftables.service")
    nft_rules = _nftables_conf_has_rules(ctx) if nft_unit == "active" else None
    observed["nftables_unit"] = nft_unit
    observed["nftables_conf_has_rules"] = nft_rules
    if nft_unit == "active" and nft_rules:
        return Outcome(
            Status.PASS,
            f"The nftables firewall service is running with a configured ruleset ({LINUX_NOTE}).",
            observed,
            expected="an active firewall front-end (ufw, firewalld or nftables)",
            method="systemctl is-active nftables and a non-empty /etc/nftables.conf",
        )
    if nft_unit is None or (nft_unit == "active" and nft_rules is None):
        undetermined.append("nftables")

    if undetermined:
        return Outcome(
            Status.UNKNOWN,
            "Could not tell whether a firewall is running: "
            + ", ".join(undetermined)
            + " could not be checked.",
            observed,
            expected="an active firewall front-end (ufw, firewalld or nftables)",
            method="ufw, firewalld and nftables service state",
        )
    return Outcome(
        Status.FAIL,
        "No firewall is switched on: ufw, firewalld and nftables are all off or absent.",
        observed,
        expected="an active firewall front-end (ufw, firewalld or nftables)",
        method="ufw, firewalld and nftables service state",
    )


FIREWALL = PlatformCheck("firewall_on", linux=linux, budget_s=15.0)
