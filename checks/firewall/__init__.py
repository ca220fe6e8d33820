"""Firewall on (GPiA 047 §4 electronic intrusion; Cyber Essentials: firewalls).

Windows: the effective (ActiveStore) state of the Domain, Private and Public profiles, falling
back to the registry; a third-party firewall that Security Center reports as on also counts.
Some profiles off -> warn, naming them. The Domain profile applies only on a domain-joined
computer: when it alone is off, Win32_ComputerSystem.PartOfDomain decides (not joined -> pass;
joined -> warn; unreadable -> unknown, never a pass by assumption).

macOS: the Application Firewall's global state. State 1 (on) and State 2 ("block all incoming")
are both on; peers that grep for "enabled" misread State 2 as off.

Linux, without root: the ruleset itself cannot be read, so we look for an *active* front-end
(ufw enabled in its config and its unit active, firewalld active, or nftables.service active
with a non-empty config). A front-end that lets everything in is not protecting: ufw whose
default incoming policy (/etc/default/ufw, readable without root; else `ufw status verbose`,
which needs root) is ACCEPT, or firewalld whose default zone is `trusted`. `firewall-cmd
--state` says "not running" on stderr with exit 252; both streams are read. A loaded kernel
module or someone else's chains (Docker, Tailscale) are not a firewall protecting this computer.

Each OS's gatherer (``facts_windows``, ``facts_macos``, ``facts_linux``) returns frozen facts;
``decide`` holds the pure verdicts.
"""

from __future__ import annotations

from checks.firewall import decide as rules
from checks.firewall import facts_linux, facts_macos, facts_windows
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["FIREWALL"]


def windows(ctx: CheckContext) -> Outcome:
    return rules.decide_windows(facts_windows.gather(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return rules.decide_macos(facts_macos.gather(ctx))


def linux(ctx: CheckContext) -> Outcome:
    return rules.decide_linux(facts_linux.gather(ctx))


FIREWALL = PlatformCheck("firewall_on", windows=windows, macos=macos, linux=linux, budget_s=25.0)
