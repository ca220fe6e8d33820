"""Zoom's and Microsoft Teams' feeds for ``readiness versions --refresh``, replayed (never the
network): the Teams answer is a real recorded one, shortened (see
tests/fixtures/versions_feeds/README.md); the Zoom answers are handmade from the format peers
read, because no recording was at hand."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checks.session_apps import schemes
from readiness import versions
from readiness import versions_app_feeds as apps
from readiness import versions_feeds as feeds
from tests.core.test_versions_feeds import answers, table_before_recordings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "versions_feeds"
# Real: the answer to the Teams web client on 2025-11-14 (several agents, so BuildSettings is
# nested under "TeamsBuilds"); asked for by Readiness at apps.TEAMS_URL.
TEAMS_2025_11_14: dict[str, Any] = json.loads(
    (FIXTURES / "teams_config_2025-11-14.json").read_text("utf-8"))
RECORDED_DAY = date(2025, 11, 14)


def zoom_handmade(*clients: tuple[str, str], os_name: str = "win") -> dict[str, Any]:
    """HANDMADE: the shape of https://zoom.us/rest/download?os=... as peers read it."""
    return {"status": True, "errorCode": 0, "errorMessage": None,
            "result": {"downloadVO": {name: {"version": v, "packageName": "ZoomInstallerFull.msi"}
                                      for name, v in clients}, "os": os_name}}


ZOOM_HANDMADE_WIN = zoom_handmade(("zoom", "6.6.11.12345"), ("zoomX64", "6.6.11.12346"),
                                  ("zoomArm64", "6.6.11.12346"))
ZOOM_HANDMADE_MAC = zoom_handmade(("zoom", "6.6.11.56789"), ("zoomArm64", "6.6.11.56789"),
                                  os_name="mac")
# The peer's sample for Linux carries the last 32-bit build too; it is not the client.
ZOOM_HANDMADE_LINUX = zoom_handmade(("zoom", "6.6.11.4321"), ("zoomX86", "5.4.53391.1108"),
                                    os_name="linux")


def app_answers(teams: Any = None) -> dict[str, Any]:
    out = answers()
    out[f"{apps.ZOOM_BASE}?os=win"] = copy.deepcopy(ZOOM_HANDMADE_WIN)
    out[f"{apps.ZOOM_BASE}?os=mac"] = copy.deepcopy(ZOOM_HANDMADE_MAC)
    out[f"{apps.ZOOM_BASE}?os=linux"] = copy.deepcopy(ZOOM_HANDMADE_LINUX)
    out[apps.TEAMS_URL] = copy.deepcopy(TEAMS_2025_11_14 if teams is None else teams)
    return out


@pytest.fixture(autouse=True)
def _before_recordings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table_before_recordings(tmp_path, monkeypatch)


def fake(data: dict[str, Any]) -> Callable[[str], Any]:
    def get(url: str) -> Any:
        if url not in data:
            raise versions.VersionsError(f"could not reach {url} (ConnectionError)")
        return data[url]
    return get


def test_feed_addresses_are_https() -> None:
    for url in [*apps.SOURCES.values(), *feeds.SOURCES.values()]:
        assert url.startswith("https://"), url


def test_teams_from_the_recorded_answer() -> None:
    (line,) = apps.teams(fake(app_answers()), RECORDED_DAY)
    # Work or school (WebView2Canary), not the older personal app's Windows build (WebView2).
    assert line == {"cycle": "new", "channel": "new", "eol": False,
                    "latestByOs": {"windows": "25290.205.4069.4894",
                                   "macos": "25290.302.4044.3989"}}


def test_teams_reads_build_settings_at_the_top_too() -> None:
    single = {"BuildSettings": TEAMS_2025_11_14["TeamsBuilds"]["BuildSettings"]}
    assert apps.teams(fake(app_answers(single)), RECORDED_DAY) == \
        apps.teams(fake(app_answers()), RECORDED_DAY)


def test_zoom_newest_client_per_system() -> None:
    lines = apps.zoom(fake(app_answers()), RECORDED_DAY)
    assert lines == [{"cycle": "6", "channel": "release", "eol": False,
                      "latestByOs": {"windows": "6.6.11.12346", "macos": "6.6.11.56789",
                                     "linux": "6.6.11.4321"}}]


def test_written_versions_read_back_by_the_check() -> None:
    for product, feed in apps.APP_FEEDS.items():
        for line in feed(fake(app_answers()), RECORDED_DAY):
            for version in line["latestByOs"].values():
                parsed = schemes.parse(product, version)
                assert parsed is not None and parsed.line == line["cycle"], (product, version)


def test_refresh_takes_zoom_and_teams() -> None:
    table = versions.refresh(fetch=fake(app_answers()), today=date(2025, 11, 20))
    assert table.problem is None
    assert table.as_of("zoom") == table.as_of("teams") == "2025-11-20"
    assert table.cycles("teams")[0]["latestByOs"]["windows"] == "25290.205.4069.4894"
    assert "config.teams.microsoft.com" in table.data["notes"]["teams"]
    assert table.cycles("zoom")[0]["latestByOs"]["linux"] == "6.6.11.4321"
    versions.validate(json.loads(versions.user_path().read_text("utf-8")))


def _teams(mutate: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(TEAMS_2025_11_14)
    mutate(data["TeamsBuilds"]["BuildSettings"])
    return data


def _canary(platform: str, version: Any) -> Callable[[dict[str, Any]], None]:
    return lambda b: b["WebView2Canary"][platform].__setitem__("latestVersion", version)


BROKEN_TEAMS = {
    "no-canary": _teams(lambda b: b.pop("WebView2Canary")),
    "no-x64": _teams(lambda b: b["WebView2Canary"].pop("x64")),
    "word": _teams(_canary("x64", "latest")),
    "three-parts": _teams(_canary("macOS", "25290.302.4044")),
    "not-a-day": _teams(_canary("x64", "25400.205.4069.4894")),
    "before-new-teams": _teams(_canary("x64", "22290.205.4069.4894")),
    "from-the-future": _teams(_canary("macOS", "26120.3106.4725.800")),
    "number": _teams(_canary("x64", 25290.205)),
    "html": "<html>sign in</html>",
}


@pytest.mark.parametrize("answer", BROKEN_TEAMS.values(), ids=BROKEN_TEAMS.keys())
def test_unusable_teams_answer_keeps_the_table_in_use(answer: Any) -> None:
    bundled = versions.load()
    table = versions.refresh(fetch=fake(app_answers(answer)), today=date(2026, 1, 1))
    assert table.cycles("teams") == bundled.cycles("teams")
    assert table.as_of("teams") == bundled.as_of("teams") == "2025-11-14"
    assert "could not use this product's feed" in table.data["notes"]["teams"]
    assert "Microsoft Teams kept as it was" in str(table.problem)
    assert table.as_of("chrome") == "2026-01-01", "the browsers still refresh"


BROKEN_ZOOM = {
    "failed": {"status": False, "errorCode": 500, "errorMessage": "busy", "result": None},
    "no-client": zoom_handmade(("zoomRooms", "6.6.0.1")),
    "word": zoom_handmade(("zoom", "latest")),
    "three-parts": zoom_handmade(("zoom", "6.6.11")),
    "garbage-x64": zoom_handmade(("zoom", "6.6.11.1"), ("zoomX64", "6.6.11.1<script>")),
    "list": ["6.6.11.1"],
}


@pytest.mark.parametrize("answer", BROKEN_ZOOM.values(), ids=BROKEN_ZOOM.keys())
def test_unusable_zoom_answer_leaves_zoom_unjudged(answer: Any) -> None:
    data = app_answers()
    data[f"{apps.ZOOM_BASE}?os=mac"] = answer
    table = versions.refresh(fetch=fake(data), today=date(2026, 1, 1))
    assert table.cycles("zoom") == [], "no Zoom data before, none guessed now"
    assert "Zoom (macos)" in str(table.problem)
    assert table.as_of("teams") == "2026-01-01", "Teams does not depend on Zoom"


def test_feed_older_than_the_table_is_not_taken() -> None:
    newer = copy.deepcopy(versions.load().data)
    newer["products"]["teams"][0]["latestByOs"]["windows"] = "25300.1.1.1"
    base = versions.Table(newer, versions.bundled_path(), "bundled")
    table = versions.refresh(fetch=fake(app_answers()), today=date(2025, 11, 20), base=base)
    assert table.cycles("teams")[0]["latestByOs"]["windows"] == "25300.1.1.1"
    assert "older than 25300.1.1.1 in the table in use" in str(table.problem)
    assert table.as_of("zoom") == "2025-11-20"


def test_repeated_failures_do_not_grow_the_note() -> None:
    broken = app_answers(BROKEN_TEAMS["word"])
    first = versions.refresh(fetch=fake(broken), today=date(2026, 1, 1))
    again = versions.refresh(fetch=fake(broken), today=date(2026, 1, 2), base=first)
    assert len(again.data["notes"]["teams"]) == len(first.data["notes"]["teams"])
    assert "Microsoft's Teams configuration service" in again.data["notes"]["teams"]


def test_offline_apps_only_keep_their_data() -> None:
    data = answers()  # the browsers answer; Zoom and Teams cannot be reached
    table = versions.refresh(fetch=fake(data), today=date(2026, 1, 1))
    assert table.as_of("teams") == "2025-11-14" and table.cycles("zoom") == []
    assert "could not reach" in str(table.problem)


def test_http_fetch_refuses_plain_http_off_this_machine() -> None:
    with pytest.raises(versions.VersionsError, match="not an HTTPS address"):
        feeds.http_fetch("http://zoom.us/rest/download?os=win")


class _Answer:
    """A requests answer as http_fetch reads it: hops, status, body in chunks."""

    def __init__(self, url: str, history: tuple[str, ...] = (), chunks: tuple[bytes, ...] = (
            b'{"a": 1}',), status_code: int = 200) -> None:
        self.url, self.status_code, self.chunks = url, status_code, chunks
        self.history = [_Answer(u, chunks=()) for u in history]

    def __enter__(self) -> _Answer:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def iter_content(self, chunk_size: int, decode_unicode: bool) -> Any:
        yield from self.chunks


@pytest.mark.parametrize("answer", [
    _Answer("http://zoom.example/rest/download"),  # the last hop is plain HTTP
    # https -> http -> https: the middle hop could be answered by anyone on the path
    _Answer("https://zoom.us/rest/download?os=win",
            history=("https://zoom.us/rest/download?os=win", "http://zoom.us/x")),
])
def test_http_fetch_refuses_a_redirect_to_plain_http(
        monkeypatch: pytest.MonkeyPatch, answer: _Answer) -> None:
    import requests

    monkeypatch.setattr(requests, "get", lambda *a, **k: answer)
    with pytest.raises(versions.VersionsError, match="redirected"):
        feeds.http_fetch("https://zoom.us/rest/download?os=win")


def test_http_fetch_reads_an_https_answer_and_stops_a_slow_drip(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    url = "https://zoom.us/rest/download?os=win"
    monkeypatch.setattr(requests, "get", lambda *a, **k: _Answer(url, (url,)))
    assert feeds.http_fetch(url) == {"a": 1}
    clock = iter(range(0, 10_000, 10))  # each chunk seems to take ten seconds
    monkeypatch.setattr("readiness.versions_feeds._now", lambda: float(next(clock)))
    monkeypatch.setattr(requests, "get", lambda *a, **k: _Answer(url, chunks=(b" ",) * 50))
    with pytest.raises(versions.VersionsError, match="did not finish sending"):
        feeds.http_fetch(url)


def test_http_fetch_caps_the_decoded_size(monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    url = "https://zoom.us/rest/download?os=win"
    big = (b" " * 65536,) * (feeds.MAX_RESPONSE_BYTES // 65536 + 2)
    monkeypatch.setattr(requests, "get", lambda *a, **k: _Answer(url, chunks=big))
    with pytest.raises(versions.VersionsError, match="more data than expected"):
        feeds.http_fetch(url)


def test_a_release_far_beyond_the_cadence_is_not_believed() -> None:
    # One absurd answer once taken would make every later, true answer look "older than the
    # table" and be refused, and every install would warn for good.
    base = versions.refresh(fetch=fake(app_answers()), today=date(2025, 11, 20))
    absurd = app_answers()
    absurd[f"{apps.ZOOM_BASE}?os=win"] = zoom_handmade(("zoom", "99.0.0.1"))
    table = versions.refresh(fetch=fake(absurd), today=date(2025, 12, 1), base=base)
    assert table.cycles("zoom") == base.cycles("zoom")
    assert "further ahead" in str(table.problem)
    # A year on, the next major line is believable.
    later = app_answers()
    for os_name in ("win", "mac", "linux"):
        later[f"{apps.ZOOM_BASE}?os={os_name}"] = zoom_handmade(("zoom", "7.0.0.100"),
                                                                os_name=os_name)
    table = versions.refresh(fetch=fake(later), today=date(2026, 11, 20), base=base)
    assert [c["cycle"] for c in table.cycles("zoom")] == ["7"]


def test_an_absurd_browser_release_refuses_the_refresh() -> None:
    base = versions.refresh(fetch=fake(app_answers()), today=date(2025, 11, 20))
    absurd = app_answers()
    for url, answer in absurd.items():
        if "chromiumdash" in url or "versionhistory" in url:
            text = json.dumps(answer).replace('"154.0.8037.58"', '"9999.0.0.1"')
            absurd[url] = json.loads(text)
    with pytest.raises(versions.VersionsError, match="further ahead"):
        versions.refresh(fetch=fake(absurd), today=date(2025, 12, 1), base=base)
