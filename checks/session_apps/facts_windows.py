"""Windows: the apps' entries under the Uninstall keys (HKLM, its WOW6432Node view, and HKCU)
and the Store packages of new Teams and Skype, read by one PowerShell script as JSON. Only the
entries of the apps this check knows are printed: the rest of the software list stays on the
machine."""

from __future__ import annotations

import re
from typing import Any

from checks import powershell, powershell_json
from checks.session_apps.model import Found
from readiness.check import CheckContext

_KEYS = ("HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*",
         "HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*",
         "HKCU:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*")
_KEY_LIST = ", ".join(f"'{key}'" for key in _KEYS)  # single-quoted: backslashes literal
_PATTERN = "^(Zoom|Microsoft Teams|Skype|Google Chrome|Microsoft Edge|Mozilla Firefox)"
SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    f"$keys = @({_KEY_LIST}); "
    "$apps = @(Get-ItemProperty -Path $keys -ErrorAction SilentlyContinue | "
    f"Where-Object {{ $_.DisplayName -match '{_PATTERN}' }} | "
    "Select-Object DisplayName, DisplayVersion); "
    "$appx = @(@('MSTeams', 'Microsoft.SkypeApp') | ForEach-Object { "
    "Get-AppxPackage -Name $_ -ErrorAction SilentlyContinue } | "
    "Select-Object Name, @{n='Version'; e={ [string]$_.Version }}); "
    "[pscustomobject]@{ uninstall = $apps; appx = $appx } | ConvertTo-Json -Depth 3 -Compress"
)

# DisplayName -> product; anything else the pattern lets through (Edge WebView2, the Teams
# Machine-Wide Installer, Zoom plug-ins, Chrome Beta) is not the app itself.
_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Zoom( Workplace)?( ?\((32|64) ?bit\))?$"), "zoom"),
    (re.compile(r"^Microsoft Teams( classic)?$"), "teams"),
    (re.compile(r"^Skype( version [0-9.]+)?$"), "skype"),
    (re.compile(r"^Google Chrome$"), "chrome"),
    (re.compile(r"^Microsoft Edge$"), "edge"),
    (re.compile(r"^Mozilla Firefox( ESR)?( [0-9][0-9.]*(esr)?)?"
                r"( \((x86|x64|ARM64) [A-Za-z-]+\))?$"), "firefox"),
)
_APPX = {"MSTeams": "teams", "Microsoft.SkypeApp": "skype"}


def _product(name: str, version: str) -> str | None:
    for pattern, product in _NAMES:
        if pattern.match(name):
            if product == "teams" and version.startswith("1."):
                return "teams_classic"
            return product
    return None


def _entries(data: Any) -> list[Found] | None:
    if not isinstance(data, dict):
        return None
    found: list[Found] = []
    for section, name_key in (("uninstall", "DisplayName"), ("appx", "Name")):
        items = data.get(section)
        if isinstance(items, dict):
            items = [items]
        if items is None:
            items = []
        if not isinstance(items, list):
            return None
        for item in items:
            if not isinstance(item, dict):
                return None
            name, version = item.get(name_key), item.get(
                "DisplayVersion" if section == "uninstall" else "Version")
            if not isinstance(name, str) or not isinstance(version, str) or not version:
                continue
            product = _APPX.get(name) if section == "appx" else _product(name, version)
            if product is not None:
                where = "Store package" if section == "appx" else "Uninstall key"
                found.append(Found(product, version.strip(), f"{where}: {name}"))
    return found


def gather(ctx: CheckContext) -> tuple[list[Found], list[str]]:
    res = ctx.run(powershell.command(SCRIPT), timeout=30)
    if not res.ok:
        return [], [f"the installed programs list ({res.problem() or 'PowerShell failed'})"]
    found = _entries(powershell_json.parse(res.stdout))
    if found is None:
        return [], ["the installed programs list (PowerShell's answer was not recognised)"]
    return found, []
