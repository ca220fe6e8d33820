"""The facts the firewall verdicts are made from, and what they expect."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PROFILES = ("Domain", "Private", "Public")

WINDOWS_EXPECTED = "Windows Firewall on for the Domain, Private and Public profiles (or another " \
    "firewall that Security Center reports as on)"
MACOS_EXPECTED = "the macOS firewall on (State 1, or State 2: block all incoming connections)"
LINUX_EXPECTED = "an active firewall front-end (ufw, firewalld or nftables)"
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


def ufw_running(f: LinuxFacts) -> bool:
    return bool(f.ufw_enabled) and f.ufw_unit == "active"
