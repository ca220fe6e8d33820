"""Windows power facts for the screen lock: ``powercfg`` settings with their Group Policy
values, and whether the PC has Modern Standby.

``powercfg /qh`` (query, hidden settings included) is used because CONSOLELOCK is a hidden
setting on many PCs, which plain ``/query`` leaves out; Microsoft's own DTrace samples query
STANDBYIDLE this way. Its labels are translated; the setting's GUID and the ``0x`` numbers are
not, so values are read by GUID and position: after the GUID line come the setting's range
(``0x`` min, max, step) for numeric settings, then the current AC and DC indexes, always last
and in that order.

A Group Policy power setting (Power.admx; Policy CSP "Power": e.g.
RequirePasswordWhenComputerWakesOnBattery, StandbyTimeoutPluggedIn, DisplayOffTimeoutOnBattery)
is stored as ``HKLM\\SOFTWARE\\Policies\\Microsoft\\Power\\PowerSettings\\<setting GUID>``
``ACSettingIndex`` / ``DCSettingIndex`` and overrides the power plan's value, so it is read
too and wins where present.

Modern Standby: the documented test is ``CallNtPowerInformation(SystemPowerCapabilities)``'s
``AoAc`` flag, which needs a native probe. Until there is one, only positive registry evidence
counts: ``CsEnabled`` = 1 under ``HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power`` (connected
standby on, as Windows 8-10 record it) unless ``PlatformAoAcOverride`` = 0 (Modern Standby
switched off); ``CsEnabled`` = 0 is no Modern Standby; anything else is unknown.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from readiness.check import CheckContext

VIDEOIDLE_GUID = "3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e"
STANDBYIDLE_GUID = "29f6c1db-86da-48c5-9fdb-f2b67b1f44da"
CONSOLELOCK_GUID = "0e796bdb-100d-47d6-a2d5-f7d2daa51f51"
POWER_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Power\\PowerSettings\\"
POWER = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power\\"
_HEX = re.compile(r"(?<![0-9A-Za-z])0[xX]([0-9A-Fa-f]{1,8})\b")

AcDc = tuple[int, int]


class Setting(NamedTuple):
    subgroup: str
    alias: str
    guid: str


VIDEOIDLE = Setting("SUB_VIDEO", "VIDEOIDLE", VIDEOIDLE_GUID)
STANDBYIDLE = Setting("SUB_SLEEP", "STANDBYIDLE", STANDBYIDLE_GUID)
CONSOLELOCK = Setting("SUB_NONE", "CONSOLELOCK", CONSOLELOCK_GUID)


def parse_powercfg(text: str, setting_guid: str) -> AcDc | None:
    """(AC, DC) values of one setting from ``powercfg /qh``, read by GUID and position."""
    at = text.lower().find(setting_guid)
    if at < 0:
        return None
    values = _HEX.findall(text[at:])
    if len(values) < 2:
        return None
    return int(values[-2], 16), int(values[-1], 16)


def reg_text(ctx: CheckContext, path: str) -> tuple[str | None, str | None]:
    """(value as text, error) with "missing" not an error: (None, None)."""
    r = ctx.registry(path)
    if r.error == "missing":
        return None, None
    if r.error is not None:
        return None, r.error
    if isinstance(r.value, bool) or not isinstance(r.value, str | int):
        return None, "unexpected type"
    return str(r.value).strip(), None


def _policy_index(ctx: CheckContext, guid: str, name: str) -> tuple[int | None, bool]:
    """(Group Policy value or None when not set, read-ok)."""
    text, err = reg_text(ctx, POWER_POLICY + guid + "\\" + name)
    if err:
        return None, False
    if text is None:
        return None, True
    if not re.fullmatch(r"\d{1,10}", text):
        return None, False
    return int(text), True


def power_setting(ctx: CheckContext, s: Setting) -> AcDc | None:
    """The effective (AC, DC) value: Group Policy where set, else the active power plan's."""
    ac, ac_ok = _policy_index(ctx, s.guid, "ACSettingIndex")
    dc, dc_ok = _policy_index(ctx, s.guid, "DCSettingIndex")
    if not (ac_ok and dc_ok):
        return None
    if ac is not None and dc is not None:
        return ac, dc
    r = ctx.run(["powercfg", "/qh", "SCHEME_CURRENT", s.subgroup, s.alias], timeout=10)
    plan = parse_powercfg(r.stdout, s.guid) if r.ok else None
    if plan is None:
        return None
    return (plan[0] if ac is None else ac), (plan[1] if dc is None else dc)


def modern_standby(ctx: CheckContext) -> bool | None:
    """True / False on registry evidence, None when it cannot be told."""
    cs, cerr = reg_text(ctx, POWER + "CsEnabled")
    override, oerr = reg_text(ctx, POWER + "PlatformAoAcOverride")
    if cerr or oerr:
        return None
    if cs == "0" or override == "0":
        return False
    return True if cs == "1" else None
