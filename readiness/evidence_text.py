"""What a check found, in words: readable labels and values for its observed facts, and one
plain line for each thing it ran or read. Core (no Qt): the app's "Show the evidence" and the
signed PDF's evidence appendix both use it, so both say the same thing.

Frozen for signed drawings: checklist layout 2 prints these words, and the verifier redraws a
signed checklist with the code it has. Changing a label, a value's wording or the fallback
changes the drawing of checklists already signed (they would fail verification), so such a
change needs a new checklist layout that keeps this wording for layout 2
(tests/signing/test_pdf_plain_frozen.py pins it). Nothing here reads the machine's language
settings: month names and numbers are fixed English, whatever the locale.

Raw text from the computer (a command's output, a file's lines, a path) is shown as it is,
never reworded: it is the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readiness.words import plural

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_TIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]00:00)")


def long_date(text: str) -> str:
    """``2026-07-11`` as ``11 July 2026``; anything else as it is."""
    m = _DATE.fullmatch(text)
    if m is None or not 1 <= int(m[2]) <= 12:
        return text
    return f"{int(m[3])} {MONTHS[int(m[2]) - 1]} {m[1]}"


def utc_time(stamp: str) -> str:
    """``2026-11-21T15:00:00Z`` as ``21 November 2026, 15:00 UTC``; anything else as it is.

    Always UTC, labelled: a signed checklist is redrawn on the verifier's machine, in its own
    time zone, and the statement records UTC only, so UTC is the one time that draws the same
    everywhere."""
    m = _TIME.fullmatch(stamp)
    if m is None:
        return stamp
    return f"{long_date(f'{m[1]}-{m[2]}-{m[3]}')}, {m[4]}:{m[5]} UTC"


# Labels for the facts checks report (``CheckResult.observed``), by key.
LABELS: dict[str, str] = {
    "answer": "Answer",
    "answered_at": "Answered on",
    "attested": "The practitioner's own statement",
    "reason": "Reason given",
    "channel": "Backup way to reach clients",
    "description": "Description",
    "clients_told": "Clients have been told about it",
    "same_connection": "Uses the same internet connection as sessions",
    "last_tried": "Last tried",
    "days_since_tried": "Time since it was last tried",
    "pretty_name": "Operating system",
    "id": "Operating system code",
    "version_id": "Version",
    "cycle": "Release in the support table",
    "released": "Released on",
    "eol": "Security support ends",
    "days_left": "Security support left",
    "extended_support_until": "Extended support until",
    "latest_point_release": "Newest point release",
    "newer_than_table": "Newer than the support table knows",
    "newest_known_cycle": "Newest release in the support table",
    "table_as_of": "Support table dated",
    "table_age_days": "Age of the support table",
    "table_fetched_at": "Support table fetched on",
    "table_origin": "Where the support table came from",
    "table_problem": "Problem with the support table",
    "build": "Build",
    "build_version": "Build",
    "display_version": "Version",
    "product_version": "Version",
    "edition": "Edition",
    "package_manager": "Package manager",
    "method": "How updates were listed",
    "lists_refreshed": "Package lists last refreshed",
    "lists_age_days": "Age of the package lists",
    "pending_total": "Updates waiting",
    "pending_security": "Security updates waiting",
    "pending_searched": "Searched for waiting updates",
    "recommended_updates": "Recommended updates waiting",
    "flatpak_pending": "Flatpak app updates waiting",
    "hotfixes": "Installed updates listed",
    "history_entries": "Update history entries",
    "last_install": "Last update installed on",
    "last_install_title": "Last update installed",
    "days_since_install": "Time since the last update",
    "last_full_check": "Last full check for updates",
    "days_since_check": "Time since the last check for updates",
    "quality_pause_until": "Updates paused until",
    "root_source": "System drive",
    "root_fstype": "System drive file system",
    "root_layers": "Layers under the system drive",
    "root_zfs_encryption": "ZFS encryption of the system drive",
    "home_source": "Home folder drive",
    "home_fstype": "Home folder file system",
    "home_layers": "Layers under the home folder",
    "home_separate": "Home folder on its own drive",
    "unencrypted_swap": "Swap space not encrypted",
    "swap_areas": "Swap areas",
    "system_drive": "System drive",
    "volume_status": "BitLocker volume status",
    "protection_status": "BitLocker protection",
    "fdesetup_status": "FileVault status",
    "desktop": "Desktop",
    "wifi_in_use": "Wi-Fi in use",
    "network_name": "Wi-Fi network",
    "ssid": "Wi-Fi network",
    "security": "Wi-Fi security",
    "security_raw": "Wi-Fi security as reported",
    "interface": "Network adapter",
    "source": "Where this was read",
    "default_route_interface": "Connection carrying the traffic",
    "traffic_through_vpn": "Traffic goes through a VPN",
    "processes_checked": "Running programs checked",
    "tool_list_updated": "List of remote-access tools dated",
    "remote_access_found": "Remote-access software found",
    "screen_recording_found": "Screen-recording software found",
    "could_not_check": "Could not check",
    "running_products": "Malware scanners running",
    "stale_entries": "Products listed but no longer installed",
    "third_party_firewalls": "Other firewalls",
    "idle_delay_s": "Screen goes blank after",
    "lock_delay_s": "Lock after the screen goes blank",
    "lock_grace_s": "Grace period before the lock",
    "lock_enabled": "Screen lock switched on",
    "automatic_login": "Signs in automatically",
    "auto_login": "Signs in automatically",
    "password_after_sleep": "Password asked after sleep",
    "password_delay_s": "Password asked after",
    "display_sleep_minutes": "Display sleeps after",
    "timeout_minutes": "Locks after",
    "managed": "Managed by an organisation",
    "domain_joined": "Joined to a domain",
    "modern_standby": "Modern Standby",
    "sleep_ac_s": "Sleeps after, plugged in",
    "sleep_dc_s": "Sleeps after, on battery",
    "display_off_ac_s": "Display off after, plugged in",
    "display_off_dc_s": "Display off after, on battery",
    "ufw_enabled_in_config": "ufw switched on in its settings",
    "ufw_unit": "ufw service",
    "ufw_default_incoming": "ufw's rule for incoming connections",
    "firewalld_unit": "firewalld service",
    "firewalld_default_zone": "firewalld's default zone",
    "nftables_unit": "nftables service",
    "nftables_conf_has_rules": "nftables settings hold rules",
    "apt_unattended_upgrade": "Automatic upgrades (APT setting)",
    "apt_update_package_lists": "Automatic package list refresh (APT setting)",
    "apt_periodic_enable": "Periodic APT jobs (APT setting)",
    "apt_daily_upgrade_timer": "APT daily upgrade timer",
    "gnome_software_allow_updates": "GNOME Software may install updates",
    "gnome_software_download_updates": "GNOME Software downloads updates",
    "gnome_software_running": "GNOME Software running",
}
# Words of a key not in LABELS, read one by one (``gnome_software_running``).
_WORDS = {
    "s": "", "days": "", "ac": "plugged in", "dc": "on battery", "id": "ID",
    "eol": "end of support",
    "apt": "APT", "dnf": "DNF", "ufw": "ufw", "gnome": "GNOME", "clamav": "ClamAV",
    "xprotect": "XProtect", "sip": "SIP", "vpn": "VPN", "bde": "BitLocker", "wpa": "WPA",
    "conf": "configuration", "usosvc": "Update Orchestrator service",
    "wuauserv": "Windows Update service", "fstype": "file system", "signin": "sign-in",
    "config": "settings",
}
# Stored values that are codes, by key.
_VALUES = {
    "channel": {"phone": "a phone call", "sms": "a text message", "email": "email",
                "second_platform": "a second video or messaging platform"},
    "last_tried": {"never": "never"},
    # APT::Periodic values are intervals in days; 0 switches the job off.
    "apt_unattended_upgrade": {"0": "off", "1": "every day"},
    "apt_update_package_lists": {"0": "off", "1": "every day"},
    "apt_periodic_enable": {"0": "off", "1": "on"},
}
# Counted things, by key: the noun, and its plural when it is not noun + "s".
_COUNTED: dict[str, tuple[str, str | None]] = {
    "pending_total": ("update", None),
    "pending_security": ("security update", None),
    "recommended_updates": ("update", None),
    "flatpak_pending": ("app update", None),
    "hotfixes": ("update", None),
    "history_entries": ("entry", "entries"),
    "processes_checked": ("program", None),
    "swap_areas": ("swap area", None),
}
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_PARTS = re.compile(r"_+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")


def label(key: str) -> str:
    """The readable label of an observed fact (``days_left`` → ``Security support left``).

    Keys without a label of their own are read word by word, so no ``snake_case`` or
    ``CamelCase`` reaches the page; a key that is a name (``clamd@scan.service``) stays one."""
    if key in LABELS:
        return LABELS[key]
    if key.endswith("_default") and len(key) > 8:
        return f"{label(key[:-8])} (default)"
    if not _IDENTIFIER.fullmatch(key):
        return key or "(no name)"
    words = [_WORDS.get(w.lower(), w if w.isupper() and len(w) > 1 else w.lower())
             for w in _PARTS.split(key) if w]
    text = " ".join(w for w in words if w) or key
    return text[:1].upper() + text[1:]


def _duration(seconds: int) -> str:
    if seconds and seconds % 3600 == 0:
        return plural(seconds // 3600, "hour")
    if seconds and seconds % 60 == 0:
        return plural(seconds // 60, "minute")
    return plural(seconds, "second")


def _number(key: str, n: int) -> str | None:
    """A number worded by what its key counts; None when the key says nothing of a unit."""
    if key in _COUNTED:
        one, many = _COUNTED[key]
        return plural(n, one, many)
    if key.endswith("_s"):
        return _duration(n)
    if key.endswith("_minutes"):
        return plural(n, "minute")
    if "days" in key.split("_"):
        if key == "days_left" and n < 0:
            return f"none: it ended {plural(-n, 'day')} ago"
        return plural(n, "day")
    return None


def value_text(key: str, value: Any) -> str:
    """An observed value in words: Yes/No, not found, dates, durations, counted things."""
    if value is None:
        return "not found"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = str(value)
    if text in _VALUES.get(key, {}):
        return _VALUES[key][text]
    if isinstance(value, int) or re.fullmatch(r"-?\d{1,15}", text):
        return _number(key, int(text)) or text
    if text in ("yes", "no"):
        return text.capitalize()
    if _DATE.fullmatch(text):
        return long_date(text)
    return utc_time(text)


_ORDER = {key: n for n, key in enumerate(LABELS)}


def observed_lines(observed: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each observed fact: labelled facts in the order of ``LABELS`` (the
    name of a thing before its details), then the others by key."""
    keys = sorted(observed, key=lambda k: (_ORDER.get(str(k), len(_ORDER)), str(k)))
    return [(label(str(k)), value_text(str(k), observed[k])) for k in keys]


_KINDS = {
    "command": "Ran the command",
    "file": "Read the file",
    "registry": "Read the registry",
    "native": "Asked the system",
    "processes": "Listed the running programs",
    "platform": "Read the system details",
    "attestation": "The practitioner's answer",
}


@dataclass(frozen=True)
class EvidenceLine:
    """One thing a check ran or read: what (``heading``), its name as the computer gave it
    (``source``, raw; empty for an answer), notes in words, and its raw output."""

    heading: str
    source: str
    notes: tuple[str, ...]
    output: str


def evidence_line(entry: Mapping[str, Any]) -> EvidenceLine:
    """Words for one evidence entry, in the form a statement holds it (``Evidence.to_json``)."""
    kind = str(entry.get("kind", ""))
    # An answer's source names the question by its code: the heading says what it is.
    source = "" if kind == "attestation" else str(entry.get("source", ""))
    notes = []
    if entry.get("returncode") is not None:
        notes.append(f"It finished with exit code {entry['returncode']}.")
    value = entry.get("value")
    if value is not None:
        shown = plural(value, "program") if kind == "processes" and isinstance(
            value, int) and not isinstance(value, bool) else value_text("", value)
        notes.append(f"Result: {shown}.")
    error = entry.get("error")
    if error is not None:
        notes.append("Not answered yet." if kind == "attestation" and error == "not answered"
                     else f"It could not be used: {error}.")
    return EvidenceLine(_KINDS.get(kind, "Looked at"), source, tuple(notes),
                        str(entry.get("excerpt", "")))


def evidence_report(observed: Mapping[str, Any], method: str,
                    evidence: Sequence[Mapping[str, Any]]) -> str:
    """The evidence as plain text for the app: what was found (labelled), how it was checked,
    and each thing run or read with its raw output indented under it."""
    blocks = []
    if observed:
        blocks.append("What the check found\n" + "\n".join(
            f"  {k}: {v}" for k, v in observed_lines(observed)))
    if method:
        blocks.append(f"How it was checked\n  {method}")
    lines = []
    for entry in evidence:
        e = evidence_line(entry)
        lines.append(f"  {e.heading}" + (f": {e.source}" if e.source else ""))
        lines.extend(f"    {n}" for n in e.notes)
        lines.extend(f"    | {out}" for out in e.output.splitlines())
    if lines:
        blocks.append("What was run or read\n" + "\n".join(lines))
    return "\n\n".join(blocks) or "No evidence was recorded."
