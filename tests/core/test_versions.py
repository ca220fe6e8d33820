"""The versions table: the bundled copy, strict validation, refresh from recorded feed answers
(never the network; one loopback server for the HTTP path), precedence of the refreshed copy,
offline use, the ``readiness versions`` command, and the packaging age gate."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from readiness import reference, versions
from readiness import versions_feeds as feeds
from readiness.cli.main import main
from tests.core.test_versions_feeds import CHROME_STABLE, answers, table_before_recordings


def fake(data: dict[str, Any]) -> Callable[[str], Any]:
    def get(url: str) -> Any:
        if url not in data:
            raise versions.VersionsError(f"unexpected URL {url}")
        return data[url]
    return get


def test_bundled_table_is_valid_dated_and_cited() -> None:
    table = versions.load()
    assert table.origin == "bundled"
    for product in table.data["products"]:
        assert product in versions.PRODUCTS
        date.fromisoformat(table.as_of(product))
        assert table.data["notes"][product], f"{product} says where its data came from"
    assert "zoom" not in table.data["products"], \
        "no dated recording of Zoom's feed was at hand: it stays out rather than guessed"
    # Teams: the work-or-school builds of a recorded answer of Teams' update feed.
    assert table.as_of("teams") == "2025-11-14"
    assert table.cycles("teams") == [{
        "cycle": "new", "channel": "new", "eol": False, "latestReleaseDate": "2025-11-14",
        "latestByOs": {"windows": "25290.205.4069.4894", "macos": "25290.302.4044.3989"},
        "link": "https://config.teams.microsoft.com/config/v1/MicrosoftTeams/1415_1.0.0.0"
                "?environment=prod&audienceGroup=general&teamsRing=general&agent=TeamsBuilds"}]


@pytest.fixture
def before_recordings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table_before_recordings(tmp_path, monkeypatch)


@pytest.mark.usefixtures("before_recordings")
def test_refresh_from_recorded_answers() -> None:
    table = versions.refresh(fetch=fake(answers()), today=date(2026, 12, 3))
    assert table.origin == "refreshed" and versions.user_path().exists()
    chrome = {c["cycle"]: c for c in table.cycles("chrome")}
    # The 0.5% rollout is not yet what everyone has: the fully served release counts.
    assert chrome["154"]["latestByOs"] == {"windows": "154.0.8037.58", "macos": "154.0.8037.58",
                                          "linux": "154.0.8037.58"}
    assert chrome["152"]["channel"] == "extended" and chrome["152"]["eol"] is False
    assert chrome["153"]["eol"] is True, "the stable line before the newest gets no fixes"
    edge = {c["cycle"]: c for c in table.cycles("edge")}
    assert edge["154"]["latestByOs"] == {"windows": "154.0.4301.71", "macos": "154.0.4301.71",
                                        "linux": "154.0.4301.70"}
    assert edge["152"]["channel"] == "extended"
    firefox = {c["cycle"]: c for c in table.cycles("firefox")}
    assert firefox["156"]["latest"] == "156.0.1"
    assert firefox["140"] == {"cycle": "140", "channel": "esr", "eol": False,
                              "latest": "140.16.0"}
    assert firefox["153"]["latest"] == "153.3.0" and firefox["115"]["latest"] == "115.41.0"
    assert firefox["155"]["eol"] is True
    assert table.as_of("firefox") == "2026-12-03"
    # Products without a feed are carried over with their own dates.
    bundled = versions.Table(json.loads(versions.bundled_path().read_text()),
                             versions.bundled_path(), "bundled")
    assert table.cycles("skype") == bundled.cycles("skype")
    assert table.as_of("skype") == bundled.as_of("skype")
    assert versions.load().origin == "refreshed"


def _broken(mutate: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = answers()
    mutate(data)
    return data


CHROME_WIN = (f"{feeds.CHROME_BASE}/win64/channels/stable/versions/all/releases"
              "?filter=endtime%3Dnone")


@pytest.mark.parametrize("mutate", [
    lambda d: d.__setitem__(feeds.FIREFOX_URL, {"LATEST_FIREFOX_VERSION": "latest"}),
    lambda d: d[feeds.FIREFOX_URL].__setitem__("FIREFOX_ESR", "140.16.0"),
    lambda d: d.__setitem__(feeds.FIREFOX_URL, ["not", "an", "object"]),
    lambda d: d.__setitem__(CHROME_WIN, {"releases": []}),
    lambda d: d.__setitem__(CHROME_WIN, {"releases": [{"version": "154.0", "fraction": 1}]}),
    lambda d: d.__setitem__(CHROME_WIN, {"releases": [{"version": "154.0.8037.58",
                                                       "fraction": True}]}),
    lambda d: d.__setitem__(CHROME_WIN, {"releases": [{"version": "155.0.8059.12",
                                                       "fraction": 0.5}]}),
    lambda d: d.__setitem__(feeds.EDGE_URL, {"Product": "Stable"}),
    lambda d: d[feeds.EDGE_URL][0]["Releases"].append({"Platform": "Windows",
                                                       "ProductVersion": "<html>"}),
    lambda d: d.__setitem__(feeds.EDGE_URL, [{"Product": "Beta", "Releases": []}]),
], ids=["firefox-word", "esr-without-suffix", "firefox-list", "chrome-empty", "chrome-2-part",
        "chrome-bool-fraction", "chrome-nothing-served-to-all", "edge-object", "edge-garbage",
        "edge-no-stable"])
def test_refresh_refuses_unexpected_answers_and_keeps_the_table(
        mutate: Callable[[dict[str, Any]], None]) -> None:
    with pytest.raises(versions.VersionsError):
        versions.refresh(fetch=fake(_broken(mutate)), today=date(2026, 9, 27))
    assert not versions.user_path().exists()
    assert versions.load().origin == "bundled"


def test_offline_refresh_fails_and_the_bundled_table_still_works() -> None:
    def offline(url: str) -> Any:
        raise versions.VersionsError(f"could not reach {url} (ConnectionError)")

    with pytest.raises(versions.VersionsError, match="could not reach"):
        versions.refresh(fetch=offline)
    ref = reference.load_versions()
    assert ref.ok and ref.origin == "bundled" and ref.dated


def test_broken_user_copy_falls_back_to_bundled() -> None:
    versions.user_path().parent.mkdir(parents=True, exist_ok=True)
    versions.user_path().write_text('{"format": "readiness-versions/1", "fetched_at": "2099-13-45"')
    table = versions.load()
    assert table.origin == "bundled" and "refreshed versions table unusable" in str(table.problem)


def test_older_refresh_does_not_shadow_newer_bundled_data() -> None:
    # The recorded answers (Chrome 154) are older than the bundled table (156): refused whole.
    with pytest.raises(versions.VersionsError, match=r"older than .* nothing was changed"):
        versions.refresh(fetch=fake(answers()), today=date(2026, 1, 1))
    assert versions.load().origin == "bundled" and not versions.user_path().exists()


@pytest.mark.parametrize("edit", [
    lambda d: d["products"]["chrome"][0].__setitem__("latest", "156.0.8078"),
    lambda d: d["products"]["chrome"][0].__setitem__("eol", "2026-02-30"),
    lambda d: d["as_of"].__setitem__("chrome", "yesterday"),
    lambda d: d["products"]["chrome"][0].__setitem__("latestByOs", {"android": "1.2.3.4"}),
    lambda d: d["products"]["chrome"][0].__setitem__("surprise", True),
    lambda d: d.__setitem__("format", "readiness-lifecycle/1"),
], ids=["three-part", "impossible-date", "word-date", "unknown-os", "extra-key", "format"])
def test_validation_is_strict(edit: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(versions.bundled_path().read_text())
    edit(data)
    with pytest.raises(versions.VersionsError):
        versions.validate(data)


class _Feed(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(CHROME_STABLE).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_http_fetch_reads_json_from_a_loopback_server(loopback: str) -> None:
    assert feeds.chrome_latest(feeds.http_fetch(loopback), "test") == "154.0.8037.58"


def test_http_fetch_unreachable_is_a_versions_error() -> None:
    with pytest.raises(versions.VersionsError, match="could not reach"):
        feeds.http_fetch("http://127.0.0.1:9/")


def test_cli_versions_shows_each_product_and_its_age(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["versions"]) == 0
    out = capsys.readouterr().out
    assert "Versions table: bundled" in out
    assert "zoom" in out and "no data (the check cannot judge it)" in out
    assert "days old" in out


def test_cli_versions_refresh_failure_keeps_the_table(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def offline(url: str) -> Any:
        raise versions.VersionsError(f"could not reach {url} (ConnectionError)")

    monkeypatch.setattr(feeds, "http_fetch", offline)
    assert main(["versions", "--refresh"]) != 0
    captured = capsys.readouterr()
    assert "refresh failed, the existing table is kept" in captured.err
    assert "Versions table: bundled" in captured.out


@pytest.mark.usefixtures("before_recordings")
def test_cli_versions_refresh_saves(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(feeds, "http_fetch", fake(answers()))
    assert main(["versions", "--refresh"]) == 0
    out = capsys.readouterr().out
    assert "Saved to" in out
    assert versions.load().origin == "refreshed"
    # answers() has no Zoom or Teams feed: the skipped feeds are named after saving, not
    # only in the table's notes.
    assert "not updated:" in out and "zoom" in out.split("not updated:")[1].lower()


# --- the packaging gate ---------------------------------------------------------------------

def _guard() -> Any:
    from tests.packaging.support import load

    return load("check_lifecycle_age.py")


VERSIONS_TABLE: dict[str, Any] = {
    "fetched_at": "2026-12-01",
    "as_of": {"chrome": "2026-11-20", "skype": "2025-05-05"},
    "products": {"chrome": [{"cycle": "156", "eol": False, "latest": "156.0.8078.47"}],
                 "skype": [{"cycle": "skype", "eol": "2025-05-05"}],
                 "firefox": [{"cycle": "156", "eol": False, "latest": "156.0.1"}]},
}


def test_packaging_gate_ages_live_products_and_not_retired_ones() -> None:
    guard = _guard()
    assert guard.version_problems(VERSIONS_TABLE, date(2026, 12, 20)) == []
    assert guard.version_problems(VERSIONS_TABLE, date(2026, 12, 21)) == [
        "chrome: data as of 2026-11-20, 31 days old"]
    assert "skype" not in " ".join(guard.version_problems(VERSIONS_TABLE, date(2027, 6, 1)))


def test_packaging_gate_refuses_a_stale_versions_table(
        tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    guard = _guard()
    path = tmp_path / "versions.json"
    path.write_text(json.dumps(VERSIONS_TABLE), "utf-8")
    fresh = tmp_path / "lifecycle.json"
    fresh.write_text(json.dumps({"fetched_at": "2026-12-01", "products": {"macos": []}}), "utf-8")
    lifecycle = str(fresh)
    assert guard.main([lifecycle, "--versions", str(path), "--today", "2026-12-20"]) == 0
    assert guard.main([lifecycle, "--versions", str(path), "--today", "2026-12-21"]) == 1
    assert "versions table" in capsys.readouterr().err
    assert guard.main([lifecycle, "--versions", str(path), "--today", "2026-12-21",
                       "--allow-stale"]) == 0
    path.write_text("{}", "utf-8")
    assert guard.main([lifecycle, "--versions", str(path), "--today", "2026-12-01"]) == 2


def test_packaging_gate_judges_both_bundled_tables_by_default(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert _guard().main(["--today", "2099-01-01", "--allow-stale"]) == 0
    err = capsys.readouterr().err
    assert "the bundled end-of-life table" in err and "the bundled versions table" in err
