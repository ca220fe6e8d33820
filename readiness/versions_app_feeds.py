"""Zoom's and Microsoft Teams' release feeds behind ``readiness versions --refresh``.

Neither vendor documents these feeds; they are what their own download pages and update
checks read, and what peer projects (Homebrew casks, nixpkgs update scripts, the Evergreen
PowerShell module) read to find the current release. So each is parsed strictly, on its own:
anything unexpected, or a version older than the table in use already holds, leaves that
product's data as it was (it then ages like any carried-over data) and the refresh says why.
Never a guessed version.

- Zoom: ``https://zoom.us/rest/download?os=win`` (and ``mac``, ``linux``) answers
  ``{"status": true, "result": {"downloadVO": {"zoom": {"version": "6.5.7.3298", ...},
  "zoomX64": ..., "zoomArm64": ...}}}``; the newest of the desktop clients per system counts.
  The line is the major version.
- Microsoft Teams (the new client): Microsoft's configuration service for the general ring,
  ``BuildSettings`` -> ``WebView2Canary`` (Teams for work or school, the ``MSTeams`` package the
  check reads on Windows; ``WebView2`` is the personal app) -> ``x64``/``x86``/``arm64``/``macOS``
  -> ``latestVersion``. On macOS both apps are one bundle (``com.microsoft.teams2``), so the
  newer of the two counts there. New Teams has no Linux client: the table leaves Linux out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from readiness.dated_table import Table
from readiness.files import quoted
from readiness.versions_feeds import Fetch, key

ZOOM_BASE = "https://zoom.us/rest/download"
ZOOM_OS = {"windows": "win", "macos": "mac", "linux": "linux"}
ZOOM_CLIENTS = ("zoom", "zoomX64", "zoomArm64")  # the desktop client's builds per system
TEAMS_URL = ("https://config.teams.microsoft.com/config/v1/MicrosoftTeams/1415_1.0.0.0"
             "?environment=prod&audienceGroup=general&teamsRing=general&agent=TeamsBuilds")
TEAMS_TRACK = "WebView2Canary"  # Teams for work or school ("Enterprise" in Evergreen's manifest)
TEAMS_PERSONAL = "WebView2"  # the personal app: the same bundle as work or school on macOS
TEAMS_WINDOWS = ("x64", "x86", "arm64")
SOURCES = {"zoom": f"{ZOOM_BASE}?os=win|mac|linux", "teams": TEAMS_URL}
NAMES = {"zoom": "Zoom", "teams": "Microsoft Teams"}
ZOOM_VERSION = re.compile(r"^([0-9]{1,2})\.[0-9]{1,2}\.[0-9]{1,3}\.[0-9]{1,6}$")
# New Teams: "25290.205.4069.4894", the first number the build's year and day (YYDDD).
TEAMS_VERSION = re.compile(r"^([0-9]{2})([0-9]{3})\.[0-9]{1,5}\.[0-9]{1,5}\.[0-9]{1,5}$")
TEAMS_FIRST_YEAR = 23  # new Teams was first released in 2023
TEAMS_CLOCK_SLACK = timedelta(days=7)  # a build "from the future" beyond this is not believed


def _error(message: str) -> Exception:
    from readiness.versions import VersionsError

    return VersionsError(message)


def _field(data: Any, name: str, what: str) -> Any:
    value = data.get(name) if isinstance(data, dict) else None
    if value is None:
        raise _error(f"{what}: the answer holds no {name!r}")
    return value


def zoom_version(data: Any, os_key: str) -> str:
    """The newest desktop client version in one ``rest/download`` answer."""
    what = f"Zoom ({os_key})"
    if not isinstance(data, dict) or data.get("status") is not True \
            or data.get("errorCode", 0) != 0:
        raise _error(f"{what}: the answer does not report success")
    clients = _field(_field(data, "result", what), "downloadVO", what)
    if not isinstance(clients, dict) or "zoom" not in clients:
        raise _error(f"{what}: the answer lists no desktop client")
    found: list[str] = []
    for name in ZOOM_CLIENTS:
        if name not in clients:
            continue
        version = clients[name].get("version") if isinstance(clients[name], dict) else None
        if not isinstance(version, str) or not ZOOM_VERSION.match(version):
            raise _error(f"{what}: unexpected {name} version {quoted(version)}")
        found.append(version)
    return max(found, key=key)


def zoom(get: Fetch, today: date) -> list[dict[str, Any]]:
    del today  # Zoom's version numbers carry no date to check
    newest = {os_key: zoom_version(get(f"{ZOOM_BASE}?os={param}"), os_key)
              for os_key, param in ZOOM_OS.items()}
    lines: dict[str, dict[str, Any]] = {}
    for os_key, version in newest.items():
        major = version.split(".")[0]
        line = lines.setdefault(major, {"cycle": major, "channel": "release", "eol": False,
                                        "latestByOs": {}})
        line["latestByOs"][os_key] = version
    return sorted(lines.values(), key=lambda c: -int(c["cycle"]))


def _teams_version(tracks: Mapping[str, Any], track: str, platform: str, today: date,
                   required: bool) -> str | None:
    what = f"Microsoft Teams {track} {platform}"
    entry = tracks.get(track, {}).get(platform) if isinstance(tracks.get(track), dict) else None
    if entry is None and not required:
        return None
    version = entry.get("latestVersion") if isinstance(entry, dict) else None
    match = TEAMS_VERSION.match(version) if isinstance(version, str) else None
    if match is None:
        raise _error(f"{what}: unexpected version {quoted(version)}")
    year, day = 2000 + int(match.group(1)), int(match.group(2))
    if year < 2000 + TEAMS_FIRST_YEAR or not 1 <= day <= 366 \
            or date(year, 1, 1) + timedelta(days=day - 1) > today + TEAMS_CLOCK_SLACK:
        raise _error(f"{what}: version {quoted(version)} does not read as a build date "
                     f"before {today.isoformat()}")
    return str(version)


def teams(get: Fetch, today: date) -> list[dict[str, Any]]:
    data = get(TEAMS_URL)
    # The answer for agent=TeamsBuilds holds BuildSettings at the top; an answer for several
    # agents nests it under "TeamsBuilds".
    if isinstance(data, dict) and isinstance(data.get("TeamsBuilds"), dict):
        data = data["TeamsBuilds"]
    tracks = _field(data, "BuildSettings", "Microsoft Teams")
    if not isinstance(tracks, dict):
        raise _error("Microsoft Teams: BuildSettings is not an object")
    windows = [v for platform in TEAMS_WINDOWS
               if (v := _teams_version(tracks, TEAMS_TRACK, platform, today,
                                       required=platform == "x64")) is not None]
    macos = [v for track in (TEAMS_TRACK, TEAMS_PERSONAL)
             if (v := _teams_version(tracks, track, "macOS", today,
                                     required=track == TEAMS_TRACK)) is not None]
    return [{"cycle": "new", "channel": "new", "eol": False,
             "latestByOs": {"windows": max(windows, key=key), "macos": max(macos, key=key)}}]


def newest_by_os(cycles: list[dict[str, Any]]) -> dict[str, str]:
    """Per system, the newest version a product's cycles name (``latest`` counts for each
    system a cycle does not name)."""
    found: dict[str, str] = {}
    for cycle in cycles:
        by_os = dict(cycle.get("latestByOs", {}))
        if isinstance(cycle.get("latest"), str):
            for os_key in ZOOM_OS:
                by_os.setdefault(os_key, cycle["latest"])
        for os_key, version in by_os.items():
            if os_key not in found or key(version) > key(found[os_key]):
                found[os_key] = version
    return found


def older_than_table(product: str, cycles: list[dict[str, Any]], carried: Table) -> str | None:
    """Why the fetched data goes back behind the table in use, or None when it does not: a
    feed that suddenly offers an older release (a pulled update, a stale mirror) is not taken
    as saying the newer one is no longer current."""
    before = newest_by_os(carried.cycles(product))
    for os_key, version in sorted(newest_by_os(cycles).items()):
        old = before.get(os_key)
        if old is not None and key(version) < key(old):
            return (f"the feed offers {version} for {os_key}, older than {old} in the table "
                    f"in use (as of {carried.as_of(product)})")
    return _line_went_back(cycles, carried.cycles(product), carried.as_of(product))


def _line_went_back(cycles: list[dict[str, Any]], old_cycles: list[dict[str, Any]],
                    as_of: str) -> str | None:
    """A release line (an ESR, Chrome's extended line) whose newest version goes backwards,
    even while the product's newest release does not."""
    old_lines = {str(c.get("cycle")): newest_by_os([c]) for c in old_cycles}
    for cycle in cycles:
        before = old_lines.get(str(cycle.get("cycle")), {})
        for os_key, version in sorted(newest_by_os([cycle]).items()):
            old = before.get(os_key)
            if old is not None and key(version) < key(old):
                return (f"the feed offers {version} on the {cycle.get('cycle')} line for "
                        f"{os_key}, older than {old} in the table in use (as of {as_of})")
    return None


# Days between major releases (Chrome, Edge and Firefox every four weeks since 2021; Zoom's
# major line changed in 2020 and 2024). A feed naming a major release further ahead than the
# time since the table's data allows is not believed: once taken, every later (true) answer
# would look "older than the table" and be refused, and every install would warn for good.
CADENCE_DAYS = {"chrome": 28, "edge": 28, "firefox": 28, "zoom": 365}


def too_far_ahead(product: str, cycles: list[dict[str, Any]], carried: Table,
                  today: date) -> str | None:
    """Why the fetched data jumps further ahead than release cadence allows, or None."""
    cadence = CADENCE_DAYS.get(product)
    before = newest_by_os(carried.cycles(product))
    if cadence is None or not before:
        return None
    try:
        days = max((today - date.fromisoformat(carried.as_of(product))).days, 0)
    except ValueError:
        return None
    old_major = max(key(v)[0] for v in before.values())
    allowed = old_major + 2 + days // cadence
    for os_key, version in sorted(newest_by_os(cycles).items()):
        if key(version)[0] > allowed:
            return (f"the feed offers {version} for {os_key}, further ahead of "
                    f"{old_major} (as of {carried.as_of(product)}) than releases come")
    return None


APP_FEEDS: dict[str, Callable[[Fetch, date], list[dict[str, Any]]]] = {
    "zoom": zoom, "teams": teams}


def fetch_all(get: Fetch, carried: Table, today: date
              ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """Each product's new cycles, and for each product whose feed could not be used, why."""
    from readiness.versions import VersionsError

    fetched: dict[str, list[dict[str, Any]]] = {}
    skipped: dict[str, str] = {}
    for product, feed in APP_FEEDS.items():
        try:
            cycles = feed(get, today)
        except VersionsError as exc:
            skipped[product] = str(exc)
            continue
        why = older_than_table(product, cycles, carried) or too_far_ahead(
            product, cycles, carried, today)
        if why is not None:
            skipped[product] = f"{NAMES[product]}: {why}"
            continue
        fetched[product] = cycles
    return fetched, skipped
