"""macOS sharing facts, all readable as an ordinary user:

- listening TCP sockets (``netstat -a -n -p tcp``, the remote-access check's command): the
  Sharing services in ``model.MACOS_PORTS`` listen beyond the loopback only while switched on;
- Internet Sharing: ``NAT`` > ``Enabled`` in /Library/Preferences/SystemConfiguration/
  com.apple.nat.plist (1 on; 0 off; the file is absent until Internet Sharing is first set up,
  so its absence from the folder's listing means off);
- AirDrop: ``defaults read com.apple.sharingd DiscoverableMode`` ("Off", "Contacts Only" or
  "Everyone"; absent until changed, when ``defaults`` says the pair "does not exist").
"""

from __future__ import annotations

from typing import Any

from checks.plist import read_plist
from checks.remote_access.listening import parse_netstat_listen
from checks.sharing.model import AIRDROP_MODES, Listening, MacFacts
from readiness.check import CheckContext

NETSTAT = ["netstat", "-a", "-n", "-p", "tcp"]
SYSCONFIG = "/Library/Preferences/SystemConfiguration"
NAT_PLIST = f"{SYSCONFIG}/com.apple.nat.plist"
SYSCONFIG_ALWAYS = "preferences.plist"
AIRDROP = ["defaults", "read", "com.apple.sharingd", "DiscoverableMode"]
AIRDROP_UNSET = "The domain/default pair of (com.apple.sharingd, DiscoverableMode) does not exist"


def listening(ctx: CheckContext) -> Listening:
    res = ctx.run(NETSTAT, timeout=10)
    parsed = parse_netstat_listen(res.stdout) if res.ok else None
    if parsed is None:
        return Listening(None, res.problem() or "its output was not recognised")
    return Listening(tuple(parsed))


def nat_enabled(data: dict[str, Any]) -> bool | None:
    """NAT > Enabled as on (True) or off (False); None when absent or not 0/1."""
    nat = data.get("NAT")
    value = nat.get("Enabled") if isinstance(nat, dict) else None
    if isinstance(value, bool):
        return value
    return {0: False, 1: True}.get(value) if isinstance(value, int) else None


def internet_sharing(ctx: CheckContext) -> tuple[bool | None, str]:
    folder = ctx.list_dir(SYSCONFIG)
    if folder.names is None:
        return None, f"{SYSCONFIG} could not be listed ({folder.reason})"
    # The folder always holds the network configuration (preferences.plist); a listing without
    # it was not the real folder, and an absent com.apple.nat.plist there would prove nothing.
    if SYSCONFIG_ALWAYS not in folder.names:
        return None, f"{SYSCONFIG} did not list its usual files"
    if "com.apple.nat.plist" not in folder.names:
        return False, ""
    data = read_plist(ctx, NAT_PLIST)
    if isinstance(data, str):
        return None, f"the Internet Sharing settings could not be read ({data})"
    on = nat_enabled(data)
    return on, "" if on is not None else "the Internet Sharing settings were not recognised"


def parse_airdrop(stdout: str, stderr: str, returncode: int | None) -> str | None:
    """The mode; "" when never changed (the default, Contacts Only); None if not recognised."""
    if returncode == 0:
        mode = stdout.strip()
        return mode if mode in AIRDROP_MODES else None
    if returncode == 1 and AIRDROP_UNSET in stderr and not stdout.strip():
        return ""
    return None


def airdrop(ctx: CheckContext) -> tuple[str | None, str]:
    res = ctx.run(AIRDROP, timeout=5)
    mode = parse_airdrop(res.stdout, res.stderr, res.returncode) if res.ran else None
    if mode is None:
        return None, f"the AirDrop setting could not be read " \
            f"({res.problem() or 'its answer was not recognised'})"
    return mode, ""


def gather(ctx: CheckContext) -> MacFacts:
    heard = listening(ctx)
    nat, nat_problem = internet_sharing(ctx)
    mode, mode_problem = airdrop(ctx)
    return MacFacts(heard, nat, nat_problem, mode, mode_problem)
