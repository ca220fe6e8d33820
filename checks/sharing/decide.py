"""The sharing verdicts: pure, from each OS's facts to an ``Outcome``.

Anything found switched on warns, naming each; never a failure, since the practitioner may
share on purpose (a printer at home). Anything that could not be read makes a clean result
unknown.
"""

from __future__ import annotations

from checks.remote_access.listening import services_from_ports
from checks.sharing.model import (
    AIRDROP_EVERYONE,
    EXPECTED,
    FPS_GROUP,
    FPS_NOT_SHARING_PREFIX,
    LINUX_PORTS,
    MACOS_PORTS,
    NEARBY_EVERYONE,
    NEARBY_VALUES,
    NETDIS_GROUP,
    FirewallRule,
    LinuxFacts,
    Listening,
    MacFacts,
    WindowsFacts,
)
from readiness.model import Outcome, Scalar, Status
from readiness.probe.types import plain_reason

WINDOWS_METHOD = ("Windows Firewall rules of the File and Printer Sharing and Network Discovery "
                  "groups (enforced policy), and the Nearby sharing setting")
MACOS_METHOD = ("listening network services (netstat), the Internet Sharing settings "
                "(com.apple.nat) and the AirDrop setting (com.apple.sharingd)")
LINUX_METHOD = "listening network services (ss)"
# Profiles whose rules matter: the Domain profile applies only on an organisation's network.
HOME_PROFILES = ("Private", "Public")


def verdict(found: list[str], problems: list[str], observed: dict[str, Scalar],
            method: str) -> Outcome:
    if found:
        observed["sharing_found"] = "; ".join(found)
    if problems:
        observed["could_not_check"] = "; ".join(problems)
    if found:
        tail = (" Some things could not be checked: " + "; ".join(problems) + "."
                if problems else "")
        return Outcome(Status.WARN, "Sharing is switched on: " + "; ".join(found) + ". If you "
                       "do not need it, switch it off, at least for your sessions." + tail,
                       observed, EXPECTED, method)
    if problems:
        return Outcome(Status.UNKNOWN, "Could not tell whether sharing is switched off: "
                       + "; ".join(problems) + ".", observed, EXPECTED, method)
    return Outcome(Status.PASS, "No file, printer, media or network sharing is switched on.",
                   observed, EXPECTED, method)


def _ports(heard: Listening, table: dict[int, str], problems: list[str],
           observed: dict[str, Scalar]) -> list[str]:
    if heard.sockets is None:
        problems.append(f"listening network services could not be listed ({heard.problem})")
        return []
    observed["listening_sockets"] = len(heard.sockets)
    return services_from_ports(heard.sockets, table)


def _open_profiles(rules: tuple[FirewallRule, ...], profiles: tuple[str, ...]) -> list[str]:
    on = {p for r in rules if r.enabled and r.inbound_allow for p in r.profiles}
    return [p for p in profiles if p in on]


def _firewall(facts: WindowsFacts, found: list[str], problems: list[str]) -> None:
    if facts.rules is None:
        problems.append(f"the sharing firewall rules could not be read ({facts.rules_problem})")
        return
    fps = tuple(r for r in facts.rules if r.group == FPS_GROUP
                and not r.name.startswith(FPS_NOT_SHARING_PREFIX))
    netdis = tuple(r for r in facts.rules if r.group == NETDIS_GROUP)
    if not fps or not netdis:
        problems.append("Windows' built-in sharing firewall rules were not found")
        return
    sharing = _open_profiles(fps, HOME_PROFILES)
    if sharing:
        found.append("file and printer sharing (allowed in by the firewall on "
                     + " and ".join(p.lower() for p in sharing) + " networks)")
    if _open_profiles(netdis, ("Public",)):
        found.append("network discovery on public networks")


def _nearby(facts: WindowsFacts, found: list[str], problems: list[str],
            observed: dict[str, Scalar]) -> None:
    if facts.nearby_error == "missing":
        observed["nearby_sharing"] = "not set (off)"
        return
    value = facts.nearby
    if facts.nearby_error is not None or isinstance(value, bool) or value not in NEARBY_VALUES:
        why = (plain_reason(facts.nearby_error, "the setting") if facts.nearby_error is not None
               else f"unexpected value {value!r}")
        problems.append(f"the Nearby sharing setting could not be read ({why})")
        return
    observed["nearby_sharing"] = NEARBY_VALUES[value]
    if value == NEARBY_EVERYONE:
        found.append("Nearby sharing with everyone nearby")


def decide_windows(facts: WindowsFacts) -> Outcome:
    found: list[str] = []
    problems: list[str] = []
    observed: dict[str, Scalar] = {}
    _firewall(facts, found, problems)
    _nearby(facts, found, problems, observed)
    return verdict(found, problems, observed, WINDOWS_METHOD)


def decide_macos(facts: MacFacts) -> Outcome:
    problems: list[str] = []
    observed: dict[str, Scalar] = {}
    found = _ports(facts.listening, MACOS_PORTS, problems, observed)
    if facts.internet_sharing is None:
        problems.append(facts.internet_sharing_problem or "Internet Sharing is unknown")
    elif facts.internet_sharing:
        found.append("Internet Sharing")
    if facts.airdrop is None:
        problems.append(facts.airdrop_problem or "the AirDrop setting is unknown")
    else:
        observed["airdrop"] = facts.airdrop or "not set (Contacts Only)"
        if facts.airdrop == AIRDROP_EVERYONE:
            found.append("AirDrop open to everyone")
    return verdict(found, problems, observed, MACOS_METHOD)


def decide_linux(facts: LinuxFacts) -> Outcome:
    problems: list[str] = []
    observed: dict[str, Scalar] = {}
    found = _ports(facts.listening, LINUX_PORTS, problems, observed)
    return verdict(found, problems, observed, LINUX_METHOD)
