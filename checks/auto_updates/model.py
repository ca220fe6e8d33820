"""The facts the automatic-updates verdicts are made from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checks.answer import Answer
from readiness.probe.types import FileRead

EXPECTED = "updates (at least security updates) installed automatically"

# A registry DWORD as read: the number, None when absent, or why it could not be read.
Dword = int | str | None


@dataclass(frozen=True)
class WindowsFacts:
    """Service start types, then the policy; each asked only while the earlier left it open."""

    wuauserv: Dword
    usosvc: Dword = None  # asked when Windows Update starts automatically or on demand
    no_auto_update: Dword = None  # the policy, asked when neither service is disabled
    au_options: Dword = None


@dataclass(frozen=True)
class MacFacts:
    """Software Update's preferences and, when there are any, the managed ones."""

    settings: Mapping[str, Any] | str  # the system plist, or why it could not be read
    managed: Mapping[str, Any] | None = None  # managed preferences; None when there are none
    managed_unreadable: str | None = None  # the managed file exists but could not be read
    managed_unknown: str | None = None  # whether there is a managed file could not be told


@dataclass(frozen=True)
class AptFacts:
    dump: Answer  # apt-config dump
    tool: FileRead | None = None  # /usr/bin/unattended-upgrade, once the settings say on
    timer: str | None = None  # apt-daily-upgrade.timer's state, once the tool is there


@dataclass(frozen=True)
class DnfFacts:
    install_timer: str | None  # dnf-automatic-install.timer's state
    timer: str | None  # dnf-automatic.timer's state
    conf: str | None = None  # the first readable automatic.conf, when only the plain timer runs


@dataclass(frozen=True)
class GnomeFacts:
    allow: Answer  # gsettings get org.gnome.software allow-updates
    download: Answer | None = None  # ... download-updates, unless gsettings is missing
    running: bool | None = None  # gnome-software running; asked when both are on, None: unread


@dataclass(frozen=True)
class LinuxFacts:
    """The update tools of this distribution's family, asked in order until one is on.

    None: not asked (another family's tool, or an earlier tool already installs updates).
    """

    apt: AptFacts | None = None
    dnf: DnfFacts | None = None
    gnome: GnomeFacts | None = None
