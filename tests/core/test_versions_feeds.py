"""Recorded answers of the vendors' release feeds, as ``readiness versions --refresh`` reads
them (never the network in tests).

The Firefox answer is product-details' firefox_versions.json as measured on 2026-09-27 and
quoted in a public project's test fixture; the Chrome answers follow the Version History
API's ``releases`` shape of the same day (one rollout just started at 0.5%, one served to
everyone); the Edge answer follows edgeupdates.microsoft.com/api/products (products, each
with releases per platform and architecture), shortened to the fields Readiness reads plus a
few it ignores.
"""

from __future__ import annotations

import copy
from typing import Any

FIREFOX_2026_09_27: dict[str, Any] = {
    "FIREFOX_AURORA": "",
    "FIREFOX_DEVEDITION": "157.0b5",
    "FIREFOX_ESR": "140.16.0esr",
    "FIREFOX_ESR115": "115.41.0esr",
    "FIREFOX_ESR_NEXT": "153.3.0esr",
    "FIREFOX_NIGHTLY": "159.0a1",
    "LAST_MERGE_DATE": "2026-09-24",
    "LAST_RELEASE_DATE": "2026-09-25",
    "LAST_STRINGFREEZE_DATE": "2026-09-23",
    "LATEST_FIREFOX_DEVEL_VERSION": "157.0b5",
    "LATEST_FIREFOX_OLDER_VERSION": "3.6.28",
    "LATEST_FIREFOX_RELEASED_DEVEL_VERSION": "157.0b5",
    "LATEST_FIREFOX_VERSION": "156.0.1",
    "NEXT_MERGE_DATE": "2026-10-08",
    "NEXT_RELEASE_DATE": "2026-10-09",
    "NEXT_STRINGFREEZE_DATE": "2026-10-07",
}


def chrome_releases(*pairs: tuple[str, float]) -> dict[str, Any]:
    return {"releases": [
        {"name": f"chrome/platforms/win64/channels/stable/versions/{v}/releases/1790189442",
         "serving": {"startTime": "2026-09-23T18:50:42.380821Z"}, "fraction": f,
         "version": v, "fractionGroup": "152", "pinnable": f == 1, "rolloutData": []}
        for v, f in pairs], "nextPageToken": ""}


CHROME_STABLE = chrome_releases(("155.0.8059.12", 0.005), ("154.0.8037.58", 1))
CHROME_EXTENDED = chrome_releases(("152.0.7977.120", 1))


def _edge_release(platform: str, arch: str, version: str) -> dict[str, Any]:
    return {"ReleaseId": 93221, "Platform": platform, "Architecture": arch, "CVEs": [],
            "ProductVersion": version, "Artifacts": [], "PublishedTime": "2026-09-25T21:06:00"}


EDGE_PRODUCTS: list[dict[str, Any]] = [
    {"Product": "Stable", "Releases": [
        _edge_release("Windows", "x64", "154.0.4301.71"),
        _edge_release("Windows", "x64", "154.0.4301.62"),
        _edge_release("MacOS", "universal", "154.0.4301.71"),
        _edge_release("Linux", "x64", "154.0.4301.70"),
        _edge_release("Android", "arm64", "154.0.4301.66"),
    ]},
    {"Product": "Extended Stable", "Releases": [
        _edge_release("Windows", "x64", "152.0.4191.97"),
        _edge_release("MacOS", "universal", "152.0.4191.97"),
    ]},
    {"Product": "Beta", "Releases": [_edge_release("Windows", "x64", "155.0.4322.12")]},
    {"Product": "Policy", "Releases": [{"PolicyId": 1, "Platform": "Windows"}]},
]


def answers() -> dict[str, Any]:
    """URL -> recorded answer, for a fake fetch."""
    from readiness import versions_feeds as feeds

    out: dict[str, Any] = {feeds.FIREFOX_URL: copy.deepcopy(FIREFOX_2026_09_27),
                           feeds.EDGE_URL: copy.deepcopy(EDGE_PRODUCTS)}
    for platform in feeds.CHROME_PLATFORMS.values():
        for channel, data in (("stable", CHROME_STABLE), ("extended", CHROME_EXTENDED)):
            url = (f"{feeds.CHROME_BASE}/{platform}/channels/{channel}/versions/all/releases"
                   "?filter=endtime%3Dnone")
            # Extended Stable is not offered on Linux: the API answers with an empty object.
            out[url] = {} if (platform, channel) == ("linux", "extended") \
                else copy.deepcopy(data)
    return out


def table_before_recordings(tmp_path: Any, monkeypatch: Any) -> None:
    """Make the bundled table one dated before the recorded answers: the real bundled table is
    newer than them, and a refresh that goes backwards is refused (a pulled release or a
    stale mirror must never make an older browser look current)."""
    import json

    from readiness import versions, versions_feeds

    data = json.loads(versions.bundled_path().read_text(encoding="utf-8"))
    for product in versions_feeds.FEEDS:
        for part in ("products", "as_of", "notes"):
            data.get(part, {}).pop(product, None)
    path = tmp_path / "bundled-versions-before-recordings.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(versions, "bundled_path", lambda: path)
