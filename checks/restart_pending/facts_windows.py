"""Windows restart facts: the servicing stack's restart flags and uptime (one PowerShell
script, JSON out) and the files queued for the next start (a registry value).

The flags are registry *keys* whose presence is the signal, which a value read cannot show,
so the script opens them with .NET (64-bit view, whatever PowerShell's bitness): a missing key
gives null, a refused one throws, and with ``$ErrorActionPreference = 'Stop'`` the script then
fails instead of printing false. Uptime is Win32_OperatingSystem.LastBootUpTime subtracted from
the clock in the same script. With Fast Startup on, "Shut down" does not restart Windows, so a
long uptime here is real: only Restart applies pending work.
"""

from __future__ import annotations

from checks import powershell, powershell_json
from checks.restart_pending.model import Uptime, WindowsFacts
from readiness.check import CheckContext

WU_KEY = r"SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired"
CBS_KEY = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending"
SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "$b = [Microsoft.Win32.RegistryKey]::OpenBaseKey('LocalMachine', 'Registry64'); "
    "function K([string]$p) { $k = $b.OpenSubKey($p); "
    "if ($null -eq $k) { return $false }; $k.Close(); return $true }; "
    "$os = Get-CimInstance -ClassName Win32_OperatingSystem; "
    "[pscustomobject]@{ "
    f"reboot_required = (K '{WU_KEY}'); "
    f"reboot_pending = (K '{CBS_KEY}'); "
    "uptime_seconds = [int64]((Get-Date) - $os.LastBootUpTime).TotalSeconds "
    "} | ConvertTo-Json -Compress"
)
RENAMES = r"HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\PendingFileRenameOperations"


def parse_script(text: str) -> tuple[bool, bool, int] | None:
    """(RebootRequired present, RebootPending present, uptime in seconds); None if off-script."""
    records = powershell_json.records(text)
    if records is None or len(records) != 1:
        return None
    item = records[0]
    required, pending, seconds = (item.get("reboot_required"), item.get("reboot_pending"),
                                  item.get("uptime_seconds"))
    if not isinstance(required, bool) or not isinstance(pending, bool):
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        return None
    return required, pending, seconds


def count_renames(value: object) -> int | None:
    """Entries in PendingFileRenameOperations (REG_MULTI_SZ: pairs of source and target, the
    target empty for a deletion); None when the value is not a list of strings."""
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        return None
    return sum(1 for source in value[::2] if source)


def _renames(ctx: CheckContext) -> tuple[int | None, str]:
    read = ctx.registry(RENAMES)
    if read.error == "missing":
        return 0, ""
    if not read.ok:
        return None, f"the files waiting for a restart could not be read ({read.reason})"
    count = count_renames(read.value)
    return count, "" if count is not None else "the files waiting for a restart have an " \
        "unexpected form"


def gather(ctx: CheckContext) -> WindowsFacts:
    res = ctx.run(powershell.command(SCRIPT), timeout=20, encoding="utf-8")
    parsed = parse_script(res.stdout) if res.ok else None
    renames, renames_problem = _renames(ctx)
    if parsed is None:
        why = res.problem() or "its answer was not recognised"
        # The same answer gives the start time: its reason is said once, with the flags.
        unknown = Uptime(None, "how long ago the computer started is unknown (the same "
                         "PowerShell answer gives it)")
        return WindowsFacts(None, None, unknown, why, renames, renames_problem)
    required, pending, seconds = parsed
    return WindowsFacts(required, pending, Uptime(seconds // 86400), "", renames,
                        renames_problem)
