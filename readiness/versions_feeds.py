"""The vendors' public release feeds behind ``readiness versions --refresh``, each parsed and
validated strictly: anything unexpected refuses the whole refresh (never a guessed version).

- Chrome: the Version History API, currently served releases of the stable and extended
  channels per platform; the newest release served to everyone (fraction 1) counts.
- Edge: Microsoft's update feed (``edgeupdates.microsoft.com/api/products``), the newest
  Stable and Extended Stable release per platform.
- Firefox: Mozilla's product-details ``firefox_versions.json`` (release and every ESR line).

(Zoom and Microsoft Teams: ``readiness.versions_app_feeds``.) Every feed is fetched over HTTPS
only (a redirect to plain HTTP is refused), with a timeout and a size limit.

A line the vendor has moved on from (the previous release when it is not an ESR or extended
line) is written with ``eol: true``: it gets no more security fixes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from readiness.files import parse_json_bytes, quoted

Fetch = Callable[[str], Any]

CHROME_BASE = "https://versionhistory.googleapis.com/v1/chrome/platforms"
EDGE_URL = "https://edgeupdates.microsoft.com/api/products"
FIREFOX_URL = "https://product-details.mozilla.org/1.0/firefox_versions.json"
SOURCES = {"chrome": CHROME_BASE, "edge": EDGE_URL, "firefox": FIREFOX_URL}
FETCH_TIMEOUT_S = 10.0  # to connect, and between bytes of the answer
FETCH_TOTAL_S = 30.0  # for the whole answer
_now = time.monotonic  # a name of its own, so tests can step this clock alone
LOOPBACK = ("127.0.0.1", "::1", "localhost")
MAX_RESPONSE_BYTES = 4 * 1024 * 1024
CHROME_PLATFORMS = {"windows": "win64", "macos": "mac", "linux": "linux"}
EDGE_PLATFORMS = {"Windows": "windows", "MacOS": "macos", "Linux": "linux"}
FOUR_PART = re.compile(r"^[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,6}\.[0-9]{1,6}$")
FIREFOX_RELEASE = re.compile(r"^([0-9]{2,4})\.[0-9]{1,3}(\.[0-9]{1,3})?$")
FIREFOX_ESR = re.compile(r"^([0-9]{2,4})\.[0-9]{1,3}(\.[0-9]{1,3})?esr$")
ESR_KEY = re.compile(r"^FIREFOX_ESR(_NEXT|[0-9]{2,4})?$")


def _error(message: str) -> Exception:
    from readiness.versions import VersionsError

    return VersionsError(message)


def _private_or_https(url: str) -> bool:
    """Only HTTPS leaves the machine; plain HTTP only to this machine (the tests' server)."""
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)


def http_fetch(url: str) -> Any:
    import requests  # imported here: only a deliberate refresh touches the network

    from readiness.versions import VersionsError

    if not _private_or_https(url):
        raise VersionsError(f"{url} is not an HTTPS address")
    try:
        resp = requests.get(url, timeout=FETCH_TIMEOUT_S, stream=True, headers={
            "Accept": "application/json", "User-Agent": "Readiness versions refresh"})
    except requests.RequestException as exc:
        raise VersionsError(f"could not reach {url} ({type(exc).__name__})") from None
    with resp:
        # Every hop, not only the last: https -> http -> https would let anyone on the path
        # answer the middle one.
        if not all(_private_or_https(hop.url) for hop in [*resp.history, resp]):
            raise VersionsError(f"{url} redirected to an address that is not HTTPS")
        if resp.status_code != 200:
            raise VersionsError(f"{url} answered HTTP {resp.status_code}")
        body = _read_capped(resp, url)
    if len(body) > MAX_RESPONSE_BYTES:
        raise VersionsError(f"{url} sent more data than expected")
    return parse_json_bytes(body, VersionsError, invalid="{path} did not send usable JSON: {exc}",
                            path=url, max_depth=10)


def _read_capped(resp: Any, url: str) -> bytes:
    """At most MAX_RESPONSE_BYTES + 1 decoded bytes, within FETCH_TOTAL_S overall: the read
    timeout alone restarts with every byte, so a server dripping bytes could hold on for ever."""
    from readiness.versions import VersionsError

    deadline = _now() + FETCH_TOTAL_S
    body = bytearray()
    for chunk in resp.iter_content(chunk_size=65536, decode_unicode=False):
        body += chunk
        if len(body) > MAX_RESPONSE_BYTES:
            break
        if _now() > deadline:
            raise VersionsError(f"{url} did not finish sending in {FETCH_TOTAL_S} seconds")
    return bytes(body)


def key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _newest(versions: list[str], what: str) -> str:
    if not versions:
        raise _error(f"{what}: no release found")
    return max(versions, key=key)


def chrome_latest(data: Any, what: str, optional: bool = False) -> str | None:
    """The newest version served to everyone in one Version History ``releases`` answer;
    None when ``optional`` and the channel serves nothing on that platform (an empty answer
    is ``{}``: no "releases" at all)."""
    if optional and data == {}:
        return None
    releases = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(releases, list) or not releases:
        raise _error(f"{what}: the answer holds no releases")
    full: list[str] = []
    for item in releases:
        version = item.get("version") if isinstance(item, dict) else None
        fraction = item.get("fraction") if isinstance(item, dict) else None
        if not isinstance(version, str) or not FOUR_PART.match(version):
            raise _error(f"{what}: unexpected version {quoted(version)}")
        if isinstance(fraction, bool) or not isinstance(fraction, int | float) \
                or not 0 <= fraction <= 1:
            raise _error(f"{what}: unexpected rollout fraction {quoted(fraction)}")
        if fraction == 1:
            full.append(version)
    return _newest(full, f"{what} (served to everyone)")


def _lines(stable: Mapping[str, str], extended: Mapping[str, str]) -> list[dict[str, Any]]:
    """Cycles from the newest stable and extended version per OS: those lines get fixes;
    the two stable lines before the newest do not (unless one is the extended line)."""
    cycles: dict[str, dict[str, Any]] = {}
    for channel, found in (("release", stable), ("extended", extended)):
        for os_key, version in sorted(found.items()):
            major = version.split(".")[0]
            entry = cycles.setdefault(major, {"cycle": major, "channel": channel, "eol": False,
                                              "latestByOs": {}})
            entry["latestByOs"][os_key] = version
    if stable:
        newest = max(int(v.split(".")[0]) for v in stable.values())
        for old in (newest - 1, newest - 2):
            if old > 0 and str(old) not in cycles:
                cycles[str(old)] = {"cycle": str(old), "channel": "release", "eol": True}
    return sorted(cycles.values(), key=lambda c: -int(c["cycle"]))


def chrome(get: Fetch) -> list[dict[str, Any]]:
    found: dict[str, dict[str, str]] = {"stable": {}, "extended": {}}
    for channel in found:
        for os_key, platform in CHROME_PLATFORMS.items():
            url = (f"{CHROME_BASE}/{platform}/channels/{channel}/versions/all/releases"
                   "?filter=endtime%3Dnone")
            latest = chrome_latest(get(url), f"Chrome {channel} {platform}",
                                   optional=channel == "extended")
            if latest is not None:
                found[channel][os_key] = latest
    return _lines(found["stable"], found["extended"])


def edge(get: Fetch) -> list[dict[str, Any]]:
    data = get(EDGE_URL)
    if not isinstance(data, list):
        raise _error("Edge: the answer is not a list of products")
    found: dict[str, dict[str, list[str]]] = {"Stable": {}, "Extended Stable": {}}
    for product in data:
        name = product.get("Product") if isinstance(product, dict) else None
        if name not in found:
            continue
        releases = product.get("Releases")
        if not isinstance(releases, list):
            raise _error(f"Edge {name}: no list of releases")
        for rel in releases:
            platform = rel.get("Platform") if isinstance(rel, dict) else None
            version = rel.get("ProductVersion") if isinstance(rel, dict) else None
            if not isinstance(platform, str) or not isinstance(version, str) \
                    or not FOUR_PART.match(version):
                raise _error(f"Edge {name}: unexpected release {quoted(rel)}")
            if platform in EDGE_PLATFORMS:
                found[name].setdefault(EDGE_PLATFORMS[platform], []).append(version)
    newest = {ch: {os_key: _newest(vs, f"Edge {ch} {os_key}") for os_key, vs in per.items()}
              for ch, per in found.items()}
    if not newest["Stable"]:
        raise _error("Edge: the answer holds no Stable release for a desktop system")
    return _lines(newest["Stable"], newest["Extended Stable"])


def firefox(get: Fetch) -> list[dict[str, Any]]:
    data = get(FIREFOX_URL)
    if not isinstance(data, dict):
        raise _error("Firefox: the answer is not an object")
    release = data.get("LATEST_FIREFOX_VERSION")
    match = FIREFOX_RELEASE.match(release) if isinstance(release, str) else None
    if match is None:
        raise _error(f"Firefox: unexpected release version {quoted(release)}")
    cycles = {match.group(1): {"cycle": match.group(1), "channel": "release", "eol": False,
                               "latest": str(release)}}
    for name, value in sorted(data.items()):
        if not ESR_KEY.match(name) or value in ("", None):
            continue
        esr = FIREFOX_ESR.match(value) if isinstance(value, str) else None
        if esr is None:
            raise _error(f"Firefox: unexpected {name} version {quoted(value)}")
        cycles[esr.group(1)] = {"cycle": esr.group(1), "channel": "esr", "eol": False,
                                "latest": str(value)[:-3]}
    previous = str(int(match.group(1)) - 1)
    if previous not in cycles:
        cycles[previous] = {"cycle": previous, "channel": "release", "eol": True}
    return sorted(cycles.values(), key=lambda c: -int(c["cycle"]))


FEEDS: dict[str, Callable[[Fetch], list[dict[str, Any]]]] = {
    "chrome": chrome, "edge": edge, "firefox": firefox}


def fetch_all(get: Fetch) -> dict[str, list[dict[str, Any]]]:
    return {product: feed(get) for product, feed in FEEDS.items()}
