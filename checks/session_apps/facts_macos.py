"""macOS: each app bundle's Info.plist in /Applications (CFBundleShortVersionString; the
bundle identifier tells new Teams from classic). A plain XML plist is read as a file; a binary
one through plutil (``checks.plist``). A missing bundle is an app that is not installed."""

from __future__ import annotations

import plistlib
from typing import Any

from checks.plist import read_plist
from checks.session_apps.model import Found
from readiness.check import CheckContext

APPS = (
    ("/Applications/zoom.us.app", "zoom"),
    ("/Applications/Microsoft Teams.app", "teams"),
    ("/Applications/Microsoft Teams classic.app", "teams"),
    ("/Applications/Microsoft Teams (work or school).app", "teams"),
    ("/Applications/Skype.app", "skype"),
    ("/Applications/Google Chrome.app", "chrome"),
    ("/Applications/Microsoft Edge.app", "edge"),
    ("/Applications/Firefox.app", "firefox"),
    ("/Applications/Safari.app", "safari"),
)
_IDS = {"us.zoom.xos": "zoom", "com.microsoft.teams2": "teams",
        "com.microsoft.teams": "teams_classic", "com.skype.skype": "skype",
        "com.google.Chrome": "chrome", "com.microsoft.edgemac": "edge",
        "org.mozilla.firefox": "firefox", "com.apple.Safari": "safari"}


def _plist(ctx: CheckContext, path: str) -> dict[str, Any] | str | None:
    """The Info.plist as a dict, None when the bundle is not there, or why it is unreadable."""
    read = ctx.read_file(path)
    if read.error == "missing":
        return None
    if read.text is not None and read.text.lstrip().startswith("<?xml"):
        try:
            data = plistlib.loads(read.text.encode("utf-8"))
        except Exception:
            return "not a property list"
        return data if isinstance(data, dict) else "not a dictionary"
    return read_plist(ctx, path)


def gather(ctx: CheckContext) -> tuple[list[Found], list[str]]:
    found: list[Found] = []
    problems: list[str] = []
    for bundle, product in APPS:
        path = f"{bundle}/Contents/Info.plist"
        data = _plist(ctx, path)
        if data is None:
            continue
        if isinstance(data, str):
            problems.append(f"{path} ({data})")
            continue
        ident, version = data.get("CFBundleIdentifier"), data.get("CFBundleShortVersionString")
        known = _IDS.get(ident) if isinstance(ident, str) else None
        if known is None or (product == "teams") != known.startswith("teams") \
                or not isinstance(version, str) or not version.strip():
            problems.append(f"{path} (not the expected app, or no version)")
            continue
        found.append(Found(known, version.strip(), bundle))
    return found, problems
