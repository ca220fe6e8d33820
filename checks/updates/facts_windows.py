"""Windows update facts: Windows Update's history (the installed-hotfix list when it shows no
dated OS patch), the pause setting, and in deep runs the search for waiting updates."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, date, datetime
from typing import Any

from checks import powershell
from checks.updates import pending
from checks.updates.model import History, Hotfixes, Pause, WindowsFacts
from readiness.check import CheckContext

# Windows Update agent history through COM; dates formatted invariantly (never localised).
HISTORY_PS = (
    "$ErrorActionPreference='Stop';"
    "[Console]::OutputEncoding=[Text.Encoding]::UTF8;"
    "$q=(New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher();"
    "$n=$q.GetTotalHistoryCount();$o=@();"
    "if($n -gt 0){foreach($e in $q.QueryHistory(0,[Math]::Min($n,300))){"
    "$c=@();foreach($k in $e.Categories){$c+=[string]$k.CategoryID};"
    "$o+=[pscustomobject]@{date=$e.Date.ToUniversalTime().ToString("
    "\"yyyy-MM-dd'T'HH:mm:ss'Z'\",[Globalization.CultureInfo]::InvariantCulture);"
    "operation=[int]$e.Operation;result=[int]$e.ResultCode;title=[string]$e.Title;"
    "categories=$c;client=[string]$e.ClientApplicationID}}};"
    "ConvertTo-Json -InputObject @{count=[int]$n;entries=$o} -Depth 4 -Compress"
)

# Installed hotfixes (Win32_QuickFixEngineering) with the date formatted invariantly.
HOTFIX_PS = (
    "$ErrorActionPreference='Stop';"
    "[Console]::OutputEncoding=[Text.Encoding]::UTF8;"
    "$o=@(Get-HotFix|ForEach-Object{[pscustomobject]@{id=[string]$_.HotFixID;"
    "description=[string]$_.Description;installed=$(if($_.InstalledOn){"
    "$_.InstalledOn.ToString('yyyy-MM-dd',[Globalization.CultureInfo]::InvariantCulture)}"
    "else{$null})}});"
    "ConvertTo-Json -InputObject $o -Depth 3 -Compress"
)

# The slow search for updates not yet installed (deep runs only).
SEARCH_PS = (
    "$ErrorActionPreference='Stop';"
    "[Console]::OutputEncoding=[Text.Encoding]::UTF8;"
    "$r=(New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher().Search("
    "\"IsInstalled=0 and IsHidden=0 and Type='Software'\");$o=@();"
    "foreach($u in $r.Updates){$c=@();foreach($k in $u.Categories){$c+=[string]$k.CategoryID};"
    "$o+=[pscustomobject]@{title=[string]$u.Title;severity=[string]$u.MsrcSeverity;"
    "categories=$c}};"
    "ConvertTo-Json -InputObject @{result=[int]$r.ResultCode;updates=$o} -Depth 4 -Compress"
)

# Update classification GUIDs (stable, not localised).
SECURITY_UPDATES = "0fa1201d-4330-4fa8-8ae9-b877473b6441"
CRITICAL_UPDATES = "e6cf1350-c01b-414d-a61f-263d14d133b4"
DEFINITION_UPDATES = "e0789628-ce08-4437-be74-2495b842f43b"
DRIVERS = "ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0"
# Defender intelligence/platform updates and the removal tool install themselves often; they
# say nothing about whether Windows itself is patched.
_NOT_OS_PATCH_KB = ("KB2267602", "KB4052623", "KB2461484", "KB915597", "KB890830")

PAUSE_KEY = "HKLM\\SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\Settings\\PauseUpdatesExpiryTime"
QUALITY_PAUSE_KEY = ("HKLM\\SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\Settings\\"
                     "PauseQualityUpdatesEndTime")


def parse_json(text: str) -> Any:
    text = text.strip().lstrip("\ufeff")
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def parse_utc(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _is_os_patch(entry: dict[str, Any]) -> bool:
    title = str(entry.get("title", ""))
    cats = {str(c).lower() for c in entry.get("categories") or [] if isinstance(c, str)}
    if any(kb in title.upper() for kb in _NOT_OS_PATCH_KB):
        return False
    return not cats & {DEFINITION_UPDATES, DRIVERS}


def history(ctx: CheckContext) -> History:
    """The newest successful OS patch install in Windows Update's history."""
    res = ctx.run(powershell.command(HISTORY_PS), timeout=30, encoding="utf-8")
    data = parse_json(res.stdout) if res.ok else None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list | dict):
        return History(None, problem=res.problem() or "unreadable output")
    entries = data["entries"] if isinstance(data["entries"], list) else [data["entries"]]
    good = [
        e for e in entries
        if isinstance(e, dict) and e.get("operation") == 1 and e.get("result") in (2, 3)
        and _is_os_patch(e)
    ]
    dates = [d for d in (parse_utc(e.get("date")) for e in good) if d is not None]
    if not dates:
        return History(len(entries))
    newest = max(dates)
    titles = [str(e.get("title")) for e in good if parse_utc(e.get("date")) == newest]
    return History(len(entries), newest, titles[0][:200] if titles else None)


def hotfixes(ctx: CheckContext) -> Hotfixes:
    hot = ctx.run(powershell.command(HOTFIX_PS), timeout=30, encoding="utf-8")
    data = parse_json(hot.stdout) if hot.ok else None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return Hotfixes(None, problem=hot.problem() or "unreadable output")
    days: list[date] = []
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("installed"), str):
            with contextlib.suppress(ValueError):
                days.append(date.fromisoformat(item["installed"]))
    return Hotfixes(len(data), max(days) if days else None)


def pause(ctx: CheckContext, key: str = PAUSE_KEY) -> Pause:
    res = ctx.registry(key)
    if not res.ok:
        return Pause(res.error)
    until = parse_utc(res.value) if res.type in ("REG_SZ", "REG_EXPAND_SZ") else None
    return Pause(None, res.value if isinstance(res.value, str) else None, until)


def search(ctx: CheckContext) -> dict[str, Any] | None:
    """The full search for waiting updates, as the host caches it."""
    res = ctx.run(powershell.command(SEARCH_PS), timeout=600, encoding="utf-8")
    data = parse_json(res.stdout) if res.ok else None
    if not isinstance(data, dict) or not isinstance(data.get("result"), int):
        return None
    if data["result"] not in (2, 3):  # orcSucceeded / orcSucceededWithErrors
        return None
    updates = data.get("updates") or []
    if isinstance(updates, dict):
        updates = [updates]
    if not isinstance(updates, list):
        return None
    security = 0
    titles: list[str] = []
    for u in updates:
        if not isinstance(u, dict):
            return None
        cats = {str(c).lower() for c in u.get("categories") or []}
        if u.get("severity") or cats & {SECURITY_UPDATES, CRITICAL_UPDATES}:
            security += 1
        titles.append(str(u.get("title", ""))[:120])
    return {"total": len(updates), "security": security, "titles": titles[:10]}


def gather(ctx: CheckContext) -> WindowsFacts:
    hist = history(ctx)
    hot = None if hist.newest is not None else hotfixes(ctx)
    last = hist.newest.date() if hist.newest is not None else hot.newest if hot else None
    paused = pause(ctx)
    # The search's cache is keyed on the last install the quick probes saw.
    found = pending.pending(ctx, str(last.isoformat() if last else None), lambda: search(ctx))
    return WindowsFacts(hist, hot, paused, found, ctx.date, pause(ctx, QUALITY_PAUSE_KEY))
