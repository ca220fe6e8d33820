"""macOS firewall facts: socketfilterfw's global state, else system_profiler's."""

from __future__ import annotations

import json
import re

from checks.firewall.model import MacFacts
from readiness.check import CheckContext

SOCKETFILTERFW = "/usr/libexec/ApplicationFirewall/socketfilterfw"
SP_FIREWALL = {
    "spfirewall_globalstate_allow_all": 0,
    "spfirewall_globalstate_limit_connections": 1,
    "spfirewall_globalstate_block_all": 2,
}


def parse_socketfilterfw(text: str) -> int | None:
    """0 off, 1 on, 2 on and blocking all incoming; None when not recognised."""
    m = re.search(r"\(State = (\d+)\)", text)
    if m:
        state = int(m.group(1))
        return state if state in (0, 1, 2) else None
    line = text.strip()
    if line == "Firewall is enabled.":
        return 1
    if line == "Firewall is disabled.":
        return 0
    if line.startswith("Firewall is blocking all non-essential incoming connections"):
        return 2
    return None


def parse_sp_firewall(text: str) -> int | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    items = data.get("SPFirewallDataType") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    states = {SP_FIREWALL.get(i.get("spfirewall_globalstate", ""), -1)
              for i in items if isinstance(i, dict) and "spfirewall_globalstate" in i}
    if len(states) != 1 or -1 in states:
        return None
    return states.pop()


def gather(ctx: CheckContext) -> MacFacts:
    res = ctx.run([SOCKETFILTERFW, "--getglobalstate"], timeout=5)
    state = parse_socketfilterfw(res.stdout) if res.ok else None
    # Each reason names its program: the sentence puts nothing in front of it.
    first_problem = res.problem() or "socketfilterfw's answer was not recognised"
    if state is not None:
        return MacFacts(state, socketfilterfw_problem=first_problem)
    res = ctx.run(["system_profiler", "SPFirewallDataType", "-json"], timeout=20)
    state = parse_sp_firewall(res.stdout) if res.ok else None
    return MacFacts(state, True, first_problem, res.problem()
                    or "system_profiler's firewall report was not recognised")
