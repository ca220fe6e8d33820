"""The facts the firewall verdicts are made from, and what they expect."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PROFILES = ("Domain", "Private", "Public")

WINDOWS_EXPECTED = "Windows Firewall on for the Private and Public profiles, and for the " \
    "Domain profile on a domain-joined computer (or another firewall that Security Center " \
    "reports as on)"
MACOS_EXPECTED = "the macOS firewall on (State 1, or State 2: block all incoming connections)"
LINUX_EXPECTED = "an active firewall front-end (ufw, firewalld or nftables) that does not let " \
    "every incoming connection in (ufw's default incoming policy DROP or REJECT; firewalld's " \
    "default zone not 'trusted')"
# ufw's DEFAULT_INPUT_POLICY values (/etc/default/ufw as shipped by ufw): the first two block
# unsolicited connections, the ACCEPT ones let everything in.
UFW_PROTECTING = frozenset({"DROP", "REJECT"})
UFW_POLICIES = UFW_PROTECTING | {"ACCEPT", "ACCEPT_NO_TRACK"}
# firewalld's zone whose target is ACCEPT: every packet not otherwise matched is let in.
FIREWALLD_OPEN_ZONES = frozenset({"trusted"})
LINUX_NOTE = "the rules themselves cannot be read without administrator rights"


@dataclass(frozen=True)
class WindowsFacts:
    """The three profiles' state and, only when one is off, Security Center's firewalls."""

    profiles: Mapping[str, bool] | None  # {profile: on}; None when neither source could say
    from_registry: bool = False  # PowerShell gave no answer, so the registry was asked
    powershell_problem: str = ""
    registry_problem: str = ""
    products: tuple[tuple[str, bool], ...] | None = None  # (name, on); None: unread or not asked
    products_problem: str = ""  # why Security Center gave no answer, when it was asked
    # Win32_ComputerSystem.PartOfDomain, asked only when the Domain profile is off (it applies
    # only on a domain-joined computer); None: not asked, or unreadable (domain_problem says).
    domain_joined: bool | None = None
    domain_problem: str = ""


@dataclass(frozen=True)
class MacFacts:
    """The Application Firewall's global state: 0 off, 1 on, 2 on and blocking all incoming."""

    state: int | None
    from_profiler: bool = False  # socketfilterfw gave no answer, so system_profiler was asked
    socketfilterfw_problem: str = ""
    profiler_problem: str = ""


@dataclass(frozen=True)
class LinuxFacts:
    """Each front-end's state, asked in order until one is found running.

    Unit states are systemctl's words, None when it could not say. A later front-end is asked
    only when the earlier ones did not settle a pass (``decide`` walks the same order).
    """

    ufw_enabled: bool | None  # ENABLED= in ufw.conf (False when absent); None: unreadable
    ufw_unit: str | None
    firewalld: str | None = None  # the unit's state, else firewall-cmd --state's
    nftables_unit: str | None = None
    nftables_rules: bool | None = None  # asked only when the unit is active; None: cannot tell
    # Asked only when ufw runs: DEFAULT_INPUT_POLICY (/etc/default/ufw, else `ufw status
    # verbose`), upper case as in the file; None: unreadable.
    ufw_incoming: str | None = None
    # Asked only when firewalld runs: its default zone; None: unreadable.
    firewalld_zone: str | None = None


def ufw_running(f: LinuxFacts) -> bool:
    return bool(f.ufw_enabled) and f.ufw_unit == "active"


def ufw_protecting(f: LinuxFacts) -> bool:
    return ufw_running(f) and f.ufw_incoming in UFW_PROTECTING


def firewalld_protecting(f: LinuxFacts) -> bool:
    return (f.firewalld == "active" and f.firewalld_zone is not None
            and f.firewalld_zone not in FIREWALLD_OPEN_ZONES)
