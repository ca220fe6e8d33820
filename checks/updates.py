"""Updates installed (GPiA 047 §4: regularly updating security systems; Cyber Essentials:
security update management).

The quick check reads what the system already knows (update history, the last scan's result,
the package lists on disk). A full search for pending updates can take minutes (Windows Update,
``softwareupdate --list``, ``dnf check-update``), so it runs only in a deep run
(``ctx.deep``); its result is kept by the host with its time and reused by later deep runs for a
few hours while nothing it depends on has changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import plistlib
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from checks.os_release import read_os_release
from readiness.check import CheckContext, PlatformCheck, unknown
from readiness.model import Outcome, Scalar, Status

EXPECTED = "no security updates waiting, and updates installed within the last month"
CACHE_HOURS = 6
CACHE_NAME = "pending-updates"

# --- shared helpers ---------------------------------------------------------------------------


def _today(ctx: CheckContext) -> date:
    return ctx.date


def _fingerprint(ctx: CheckContext, basis: str) -> str:
    """What a cached search result is only valid for: this machine's platform facts plus the
    state the quick probes saw (a newer install or scan invalidates the cache)."""
    text = json.dumps([ctx.platform.to_json(), basis], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_search(
    ctx: CheckContext, basis: str, search: Callable[[], dict[str, Any] | None]
) -> tuple[dict[str, Any] | None, str | None]:
    """Run ``search`` (deep runs only) or reuse a fresh cached result; (result, cached_at).
    The cache is the host's: a hit is evidence, and a replay answers from its snapshot."""
    key = _fingerprint(ctx, basis)
    hit = ctx.cached(CACHE_NAME, key, CACHE_HOURS * 3600)
    if hit.hit and isinstance(hit.value, dict):
        return dict(hit.value), hit.stored_at
    result = search()
    if result is not None:
        ctx.store(CACHE_NAME, key, result)
    return result, None


def _combine(
    parts: list[tuple[Status, str]], observed: dict[str, Scalar], method: str
) -> Outcome:
    """Worst status wins (fail, then unknown, then warn); the summary gives every reason that
    is not a pass, worst first, so nothing found is hidden behind another finding."""
    order = [Status.FAIL, Status.UNKNOWN, Status.WARN, Status.PASS]
    ranked = sorted(parts, key=lambda p: order.index(p[0]))
    if not ranked:
        return unknown("Nothing could be checked.", **observed)
    worst = ranked[0][0]
    shown = [r for s, r in ranked if s is not Status.PASS] or [r for _, r in ranked]
    return Outcome(worst, " ".join(shown), observed, expected=EXPECTED, method=method)


# --- Windows ---------------------------------------------------------------------------------

POWERSHELL = ["powershell", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
              "-Command"]

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

PASS_DAYS = 35  # one monthly security release plus a few days' grace
FAIL_DAYS = 65  # two monthly security releases missed


def _parse_json(text: str) -> Any:
    text = text.strip().lstrip("\ufeff")
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def _parse_utc(value: Any) -> datetime | None:
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


def _windows_last_install(ctx: CheckContext, observed: dict[str, Scalar]) -> date | str:
    """The date of the newest successful Windows patch install, or why it is unknown."""
    res = ctx.run([*POWERSHELL, HISTORY_PS], timeout=30, encoding="utf-8")
    data = _parse_json(res.stdout) if res.ok else None
    if isinstance(data, dict) and isinstance(data.get("entries"), list | dict):
        entries = data["entries"] if isinstance(data["entries"], list) else [data["entries"]]
        good = [
            e for e in entries
            if isinstance(e, dict) and e.get("operation") == 1 and e.get("result") in (2, 3)
            and _is_os_patch(e)
        ]
        dates = [d for d in (_parse_utc(e.get("date")) for e in good) if d is not None]
        observed["history_entries"] = len(entries)
        observed["method"] = "windows update history"
        if dates:
            newest = max(dates)
            observed["last_install"] = newest.date().isoformat()
            titles = [str(e.get("title")) for e in good if _parse_utc(e.get("date")) == newest]
            observed["last_install_title"] = titles[0][:200] if titles else None
            return newest.date()
        # No dated OS patch in the history is no evidence either way: try the hotfix list.
    else:
        observed["history_problem"] = res.problem() or "unreadable output"
    hot = ctx.run([*POWERSHELL, HOTFIX_PS], timeout=30, encoding="utf-8")
    hdata = _parse_json(hot.stdout) if hot.ok else None
    if isinstance(hdata, dict):
        hdata = [hdata]
    if isinstance(hdata, list):
        days: list[date] = []
        for item in hdata:
            if isinstance(item, dict) and isinstance(item.get("installed"), str):
                with contextlib.suppress(ValueError):
                    days.append(date.fromisoformat(item["installed"]))
        observed["hotfixes"] = len(hdata)
        if days:
            observed["method"] = "installed hotfix list"
            observed["last_install"] = max(days).isoformat()
            return max(days)
        return "neither the update history nor the hotfix list shows a dated install"
    return "the update history and the installed-hotfix list could not be read (" + (
        hot.problem() or "unreadable output") + ")"


def _windows_paused(ctx: CheckContext, today: date, observed: dict[str, Scalar]) -> \
        tuple[Status, str] | None:
    res = ctx.registry(PAUSE_KEY)
    if not res.ok:
        if res.error == "missing":
            return None  # never paused, or the pause ended: Windows removes the value
        return Status.UNKNOWN, f"Could not read whether updates are paused ({res.error})."
    observed["pause_until"] = res.value if isinstance(res.value, str) else None
    until = _parse_utc(res.value) if res.type in ("REG_SZ", "REG_EXPAND_SZ") else None
    if until is None:
        return Status.UNKNOWN, "The Windows Update pause setting has an unreadable date."
    if until.date() >= today:
        return Status.WARN, f"Windows updates are paused until {until.date().isoformat()}."
    return None


def _windows_search(ctx: CheckContext) -> dict[str, Any] | None:
    res = ctx.run([*POWERSHELL, SEARCH_PS], timeout=600, encoding="utf-8")
    data = _parse_json(res.stdout) if res.ok else None
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


def _pending_parts(found: dict[str, Any] | None, cached_at: str | None,
                   observed: dict[str, Scalar], what: str) -> list[tuple[Status, str]]:
    if found is None:
        return [(Status.UNKNOWN, f"The search for {what} did not give a usable answer.")]
    total, security = int(found.get("total", 0)), int(found.get("security", 0))
    observed["pending_total"] = total
    observed["pending_security"] = security
    if cached_at:
        observed["pending_searched_at"] = cached_at
    names = "; ".join(found.get("titles", [])[:5])
    if security:
        return [(Status.FAIL, f"{security} security update(s) are waiting to be installed"
                 + (f" ({names})." if names else "."))]
    if total:
        return [(Status.WARN, f"{total} update(s) are waiting to be installed"
                 + (f" ({names})." if names else "."))]
    return [(Status.PASS, "The search found no updates waiting.")]


def _deep_search(ctx: CheckContext, parts: list[tuple[Status, str]],
                 observed: dict[str, Scalar], basis: str,
                 search: Callable[[], dict[str, Any] | None], what: str) -> None:
    """Deep runs add what a full search for waiting updates found (or a fresh cached answer,
    keyed on ``basis``); quick runs record that no search was made."""
    if ctx.deep:
        found, cached = cached_search(ctx, basis, search)
        parts.extend(_pending_parts(found, cached, observed, what))
    else:
        observed["pending_searched"] = False


def windows(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    today = _today(ctx)
    parts: list[tuple[Status, str]] = []
    last = _windows_last_install(ctx, observed)
    if isinstance(last, str):
        parts.append((Status.UNKNOWN, f"Could not tell when Windows was last updated: {last}."))
    else:
        age = (today - last).days
        observed["days_since_install"] = age
        if age > FAIL_DAYS:
            parts.append((Status.FAIL, f"Windows last installed updates {age} days ago "
                          f"({last.isoformat()}); at least two monthly security releases "
                          "are missing."))
        elif age > PASS_DAYS:
            parts.append((Status.WARN, f"Windows last installed updates {age} days ago "
                          f"({last.isoformat()}); this month's security release may be "
                          "missing."))
        else:
            parts.append((Status.PASS, f"Windows installed updates {age} days ago "
                          f"({last.isoformat()})."))
    paused = _windows_paused(ctx, today, observed)
    if paused:
        parts.append(paused)
    _deep_search(ctx, parts, observed, str(observed.get("last_install")),
                 lambda: _windows_search(ctx), "waiting Windows updates")
    method = "Windows Update history (fallback: installed hotfixes), pause setting" + (
        ", full search for pending updates" if ctx.deep else "")
    return _combine(parts, observed, method)


# --- macOS -----------------------------------------------------------------------------------

SU_PLIST = "/Library/Preferences/com.apple.SoftwareUpdate.plist"
SCAN_PASS_DAYS = 30  # mSCP's rule: the last full update check within 30 days


def read_plist(ctx: CheckContext, path: str) -> dict[str, Any] | str:
    """A (binary or XML) plist through ``plutil -convert xml1``; dates survive, unlike JSON."""
    res = ctx.run(["plutil", "-convert", "xml1", "-o", "-", path], timeout=5)
    if not res.ok:
        return res.problem() or "plutil failed"
    try:
        data = plistlib.loads(res.stdout.encode("utf-8"))
    except Exception:
        return "plutil's output is not a property list"
    if not isinstance(data, dict):
        return "the property list is not a dictionary"
    return data


def _mac_softwareupdate_list(ctx: CheckContext) -> dict[str, Any] | None:
    res = ctx.run(["softwareupdate", "--list"], timeout=600)
    if not res.ok:
        return None
    text = res.stdout + "\n" + res.stderr
    labels = re.findall(r"^\s*\* Label: (.+)$", text, re.MULTILINE)
    if labels:
        security = sum(1 for lb in labels if "security" in lb.lower())
        return {"total": len(labels), "security": security, "titles": labels[:10]}
    # "No new software available." alone is not enough: the tool's own header must be there.
    if "Finding available software" in res.stdout and re.search(
            r"^No new software available\.\s*$", text, re.MULTILINE):
        return {"total": 0, "security": 0, "titles": []}
    return None


def macos(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    today = _today(ctx)
    parts: list[tuple[Status, str]] = []
    data = read_plist(ctx, SU_PLIST)
    if isinstance(data, str):
        parts.append((Status.UNKNOWN, f"Could not read the Software Update record ({data})."))
    else:
        last = data.get("LastFullSuccessfulDate")
        waiting = data.get("LastRecommendedUpdatesAvailable")
        recommended = data.get("RecommendedUpdates")
        names = [
            str(r.get("Display Name") or r.get("Identifier"))
            for r in recommended if isinstance(r, dict)
        ] if isinstance(recommended, list) else []
        observed["recommended_updates"] = waiting if isinstance(waiting, int) else None
        if names:
            observed["recommended_names"] = "; ".join(names)[:300]
        if not isinstance(last, datetime):
            parts.append((Status.UNKNOWN, "The Mac has no record of a completed check for "
                          "updates."))
        else:
            when = last if last.tzinfo else last.replace(tzinfo=UTC)
            age = (today - when.date()).days
            observed["last_full_check"] = when.date().isoformat()
            observed["days_since_check"] = age
            if age > SCAN_PASS_DAYS:
                parts.append((Status.WARN, f"The Mac last completed a check for updates {age} "
                              f"days ago ({when.date().isoformat()}), so newer updates may be "
                              "waiting."))
            counts = [n for n in (waiting, len(recommended) if isinstance(recommended, list)
                                  else None) if isinstance(n, int) and not isinstance(n, bool)]
            if not counts:
                parts.append((Status.UNKNOWN, "The Software Update record does not say "
                              "whether updates are waiting."))
            elif max(counts) > 0:
                parts.append((Status.WARN, f"{max(counts)} recommended update(s) are waiting"
                              + (f" ({'; '.join(names[:5])})." if names else ".")))
            elif age <= SCAN_PASS_DAYS:
                parts.append((Status.PASS, f"The last check for updates "
                              f"({when.date().isoformat()}) found nothing waiting."))
    _deep_search(ctx, parts, observed, str(observed.get("last_full_check")),
                 lambda: _mac_softwareupdate_list(ctx), "waiting macOS updates")
    method = "com.apple.SoftwareUpdate record (LastFullSuccessfulDate, recommended updates)" + (
        ", softwareupdate --list" if ctx.deep else "")
    return _combine(parts, observed, method)


# --- Linux -----------------------------------------------------------------------------------

APT_CHECK = "/usr/lib/update-notifier/apt-check"
LIST_STAMPS = ("/var/lib/apt/periodic/update-success-stamp", "/var/lib/apt/lists")
LISTS_MAX_DAYS = 7


def _apt_counts(ctx: CheckContext, observed: dict[str, Scalar]) -> tuple[int, int] | str:
    """(total, security) pending, from apt-check or else ``apt list --upgradable``."""
    res = ctx.run([APT_CHECK], timeout=30)
    # apt-check prints "total;security" on stderr; only the numbers are read (it is translated).
    if res.ok and not res.stdout.strip():
        m = re.fullmatch(r"\s*(\d+);(\d+)\s*", res.stderr)
        if m:
            observed["method"] = "apt-check"
            return int(m.group(1)), int(m.group(2))
    lst = ctx.run(["apt", "list", "--upgradable"], timeout=30)
    if not lst.ok:
        return f"apt-check and apt list could not be used ({lst.problem() or res.problem()})"
    total = security = 0
    seen_header = False
    for line in lst.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("Listing"):
            seen_header = True
            continue
        m = re.match(r"^([a-z0-9][a-z0-9+.\-]*(?::[a-z0-9]+)?)/(\S+)\s+\S+\s+\S+", line)
        if not m:
            return "apt list printed a line it does not normally print"
        total += 1
        if any(s.endswith("-security") for s in m.group(2).split(",")):
            security += 1
    if not seen_header:
        return "apt list's output was not recognised"
    observed["method"] = "apt list --upgradable"
    return total, security


def _lists_age(ctx: CheckContext, today: date, observed: dict[str, Scalar]) -> int | None:
    """Days since the package lists were last refreshed (newest of the stamps), or None."""
    newest: int | None = None
    for path in LIST_STAMPS:
        res = ctx.run(["stat", "-c", "%Y", path], timeout=5)
        if res.ok and re.fullmatch(r"\d{9,11}", res.stdout.strip()):
            epoch = int(res.stdout.strip())
            newest = epoch if newest is None else max(newest, epoch)
    if newest is None:
        return None
    refreshed = datetime.fromtimestamp(newest, UTC).date()
    observed["lists_refreshed"] = refreshed.isoformat()
    return max(0, (today - refreshed).days)


def _dnf_search(ctx: CheckContext) -> dict[str, Any] | None:
    # Exit codes decide: 100 = updates available, 0 = none, anything else = error. A "none"
    # must also carry dnf's metadata line (dnf 4) or repository line (dnf 5), so an empty or
    # garbled answer is never read as "nothing to install".
    sec = ctx.run(["dnf", "check-update", "--security"], timeout=600)
    allu = ctx.run(["dnf", "check-update"], timeout=600)
    anchors = ("Last metadata expiration check", "Repositories loaded")

    def state(res: Any) -> int | None:
        if not res.ran or res.returncode not in (0, 100):
            return None
        if res.returncode == 0 and not any(a in res.stdout + res.stderr for a in anchors):
            return None
        return int(res.returncode)

    s_sec, s_all = state(sec), state(allu)
    if s_sec is None or s_all is None:
        return None

    def count(text: str) -> int:
        return sum(1 for ln in text.splitlines() if re.match(r"^\S+\.\S+\s+\S+\s+\S+\s*$", ln))

    security = max(1, count(sec.stdout)) if s_sec == 100 else 0
    total = max(1, count(allu.stdout), security) if s_all == 100 else security
    return {"total": total, "security": security, "titles": []}


def linux(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    today = _today(ctx)
    info, path = read_os_release(ctx)
    if info is None:
        return unknown(f"Could not read the Linux release from {path}.")
    family = {info.get("ID", "").lower(), *info.get("ID_LIKE", "").lower().split()}
    observed["id"] = info.get("ID")
    parts: list[tuple[Status, str]] = []
    if family & {"debian", "ubuntu"}:
        counts = _apt_counts(ctx, observed)
        age = _lists_age(ctx, today, observed)
        observed["lists_age_days"] = age
        if isinstance(counts, str):
            parts.append((Status.UNKNOWN, f"Could not count waiting updates: {counts}."))
        else:
            total, security = counts
            observed["pending_total"] = total
            observed["pending_security"] = security
            if security:
                parts.append((Status.FAIL, f"{security} security update(s) are waiting to be "
                              f"installed ({total} updates in all)."))
            elif total:
                parts.append((Status.WARN, f"{total} update(s) are waiting to be installed "
                              "(none marked as security)."))
            else:
                parts.append((Status.PASS, "No updates are waiting."))
        if age is None:
            parts.append((Status.UNKNOWN, "Could not tell when the package lists were last "
                          "refreshed, so waiting updates may be missing from the count."))
        elif age > LISTS_MAX_DAYS:
            parts.append((Status.WARN, f"The package lists were last refreshed {age} days ago, "
                          "so newer updates may be missing from the count."))
        method = "apt-check (fallback: apt list --upgradable) and the package lists' age"
    elif family & {"fedora", "rhel", "centos"}:
        if not ctx.deep:
            observed["pending_searched"] = False
            return unknown(
                "On Fedora, checking for waiting updates downloads the update lists and takes "
                "a while, so it only runs in the deep check.",
                **observed,
            )
        found, cached = cached_search(ctx, "dnf", lambda: _dnf_search(ctx))
        parts.extend(_pending_parts(found, cached, observed, "waiting dnf updates"))
        method = "dnf check-update exit codes (with --security)"
    else:
        name = info.get("PRETTY_NAME") or info.get("ID")
        return unknown(f"Readiness does not know how to look for updates on {name}.", **observed)
    return _combine(parts, observed, method)


UPDATES_INSTALLED = PlatformCheck("updates_installed", windows=windows, macos=macos, linux=linux,
                                  budget_s=45.0)
