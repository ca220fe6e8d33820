"""The end-of-life table: bundled copy, refresh against a local HTTP server (never the real
internet), precedence of the refreshed copy, and the ``readiness lifecycle`` command."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from readiness import lifecycle
from readiness.cli.main import main
from readiness.model import Status
from tests.helpers import make_snapshot, run_check

GOOD: dict[str, Any] = {
    "windows": [{"cycle": "11-25h2-w", "releaseLabel": "11 25H2 (W)", "releaseDate": "2025-09-30",
                 "eol": "2027-10-12", "latest": "10.0.26200"}],
    "macos": [{"cycle": "26", "codename": "Tahoe", "releaseDate": "2025-09-15", "eol": False,
               "latest": "26.1"}],
    "ubuntu": [{"cycle": "24.04", "codename": "Noble Numbat", "releaseDate": "2024-04-25",
                "eol": "2029-05-31", "extendedSupport": "2036-05-31", "lts": True,
                "latest": "24.04.3", "support": "2029-05-31", "link": None}],
    "debian": [{"cycle": "12", "eol": "2026-06-10", "extendedSupport": "2028-06-10"}],
    # endoflife.date changed Fedora 43's date in this pretend refresh: the refresh must win.
    "fedora": [{"cycle": "43", "releaseDate": "2025-10-28", "eol": "2027-06-05", "latest": "43"}],
    "linuxmint": [{"cycle": "22.2", "eol": "2029-04-30", "lts": True}],
    "rhel": [{"cycle": "9", "eol": "2032-05-31", "support": "2027-05-31", "latest": "9.5"}],
    "rocky-linux": [{"cycle": "9", "eol": "2032-05-31", "latest": "9.6"}],
    "almalinux": [{"cycle": "10", "releaseLabel": "AlmaLinux OS 10", "eol": "2035-05-31"}],
    "opensuse": [{"cycle": "16.0", "eol": "2027-10-31"}],
}


class _Handler(BaseHTTPRequestHandler):
    mode = "good"

    def do_GET(self) -> None:
        product = self.path.rsplit("/", 1)[-1].removesuffix(".json")
        mode = type(self).mode
        if mode == "http-error":
            self.send_error(503)
            return
        if mode == "garbage":
            body = b"<html><body>Service temporarily unavailable</body></html>"
        elif mode == "schema-invalid":
            body = json.dumps([{"cycle": "43", "eol": "soon"}]).encode()
        elif mode == "partial" and product == "linuxmint":
            self.send_error(404)
            return
        else:
            body = json.dumps(GOOD[product]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/api"
    finally:
        httpd.shutdown()
        httpd.server_close()
        _Handler.mode = "good"


def test_bundled_table_is_valid_and_dated() -> None:
    table = lifecycle.load()
    assert table.origin == "bundled"
    date.fromisoformat(table.fetched_at)
    for product in lifecycle.PRODUCTS:
        assert table.cycles(product), product
        date.fromisoformat(table.as_of(product))
    # The fact the issue names: Windows 10 left support on 2025-10-14.
    assert table.find("windows", "10-22h2")["eol"] == "2025-10-14"  # type: ignore[index]
    # Issue 11, decision 10: the table knows macOS 27, and Sonoma ended when it came out.
    assert table.find("macos", "27")["eol"] is False  # type: ignore[index]
    assert table.find("macos", "14")["eol"] == "2026-09-14"  # type: ignore[index]
    assert table.find("ubuntu", "26.10") is not None
    # Every product names where its data came from.
    assert set(table.data["notes"]) == set(lifecycle.PRODUCTS)


def test_refresh_good_data_replaces_user_copy_atomically(server: str) -> None:
    table = lifecycle.refresh(server, today=date(2026, 11, 21))
    assert table.origin == "refreshed"
    saved = json.loads(lifecycle.user_path().read_text("utf-8"))
    assert saved["fetched_at"] == "2026-11-21"
    assert saved["source"] == server
    assert not list(lifecycle.user_path().parent.glob("*.tmp"))
    loaded = lifecycle.load()
    assert loaded.origin == "refreshed"
    assert loaded.find("fedora", "43")["eol"] == "2027-06-05"  # type: ignore[index]


@pytest.mark.parametrize("mode", ["http-error", "garbage", "schema-invalid", "partial"])
def test_refresh_failure_keeps_existing_data(server: str, mode: str) -> None:
    lifecycle.refresh(server, today=date(2026, 11, 21))
    before = lifecycle.user_path().read_bytes()
    _Handler.mode = mode
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.refresh(server, today=date(2026, 11, 22))
    assert lifecycle.user_path().read_bytes() == before


def test_refresh_offline_keeps_bundled() -> None:
    with pytest.raises(lifecycle.LifecycleError, match="could not reach"):
        lifecycle.refresh("http://127.0.0.1:9/api")  # discard port: nothing listens
    assert not lifecycle.user_path().exists()
    assert lifecycle.load().origin == "bundled"


def test_refreshed_copy_changes_the_check(server: str) -> None:
    fedora = make_snapshot("linux", files={
        "/etc/os-release": 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=43\n'
                           'PRETTY_NAME="Fedora Linux 43 (Workstation Edition)"\n'})
    assert run_check("os_supported", fedora, today="2026-11-21").status is Status.WARN
    lifecycle.refresh(server, today=date(2026, 11, 21))
    result = run_check("os_supported", fedora, today="2026-11-21")
    assert result.status is Status.PASS
    assert result.observed["table_origin"] == "refreshed"


def test_broken_user_copy_falls_back_to_bundled() -> None:
    lifecycle.user_path().parent.mkdir(parents=True)
    lifecycle.user_path().write_text("{not json", "utf-8")
    table = lifecycle.load()
    assert table.origin == "bundled"
    assert table.problem and "refreshed table unusable" in table.problem


def test_older_refresh_does_not_shadow_newer_bundled_data(server: str) -> None:
    lifecycle.refresh(server, today=date(2020, 1, 1))
    assert lifecycle.load().origin == "bundled"


def test_cli_lifecycle_show_and_refresh(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lifecycle"]) == 0
    assert "bundled" in capsys.readouterr().out
    assert main(["lifecycle", "--refresh", "--source", server]) == 0
    out = capsys.readouterr().out
    assert "refreshed" in out and str(lifecycle.user_path()) in out


def test_cli_lifecycle_refresh_failure_says_so(server: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _Handler.mode = "garbage"
    assert main(["lifecycle", "--refresh", "--source", server]) == 1
    captured = capsys.readouterr()
    assert "existing table is kept" in captured.err
    assert "bundled" in captured.out
    assert not lifecycle.user_path().exists()


def test_cli_rejects_plain_http_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lifecycle", "--refresh", "--source", "http://example.invalid/api"]) == 2


def test_windows_build_not_product_name(tmp_path: Path) -> None:
    # Same registry, only the edition differs: Home 24H2 ended 2026-10-13, Enterprise has not.
    nt = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"
    def snap(edition: str) -> dict[str, Any]:
        return make_snapshot("windows", registry={
            nt + "CurrentBuild": {"type": "REG_SZ", "value": "26100"},
            nt + "DisplayVersion": {"type": "REG_SZ", "value": "24H2"},
            nt + "EditionID": {"type": "REG_SZ", "value": edition},
            nt + "ProductName": {"type": "REG_SZ", "value": "Windows 10 Pro"},
        })
    home = run_check("os_supported", snap("Core"), today="2026-11-21")
    assert home.status is Status.FAIL and "Windows 11" in home.summary
    assert run_check("os_supported", snap("Enterprise"), today="2026-11-21").status is Status.PASS
    # 60-day warning window, measured from ctx.date.
    assert run_check("os_supported", snap("Core"), today="2026-09-01").status is Status.WARN
    assert run_check("os_supported", snap("Core"), today="2026-07-01").status is Status.PASS


def test_a_release_newer_than_the_bundled_table_passes_with_its_age() -> None:
    # A macOS far newer than any table will know: the bundled table predates it, and Apple's
    # newest release in it is still supported on the run's date.
    from tests.helpers import cmd

    mac = make_snapshot("macos", commands=[cmd(["sw_vers"], "ProductName:\t\tmacOS\n"
                                                            "ProductVersion:\t\t40.0\n"
                                                            "BuildVersion:\t\t40A100\n")])
    table = lifecycle.load()
    newest = max((c for c in table.cycles("macos")), key=lambda c: float(str(c["cycle"])))
    today = date.fromisoformat(table.as_of("macos"))
    result = run_check("os_supported", mac, today=today.isoformat())
    assert result.status is Status.PASS, result.summary
    assert "predates" in result.summary
    assert result.observed["newest_known_cycle"] == str(newest["cycle"])
    assert result.observed["table_age_days"] == 0
    assert f"as of {today.isoformat()}, 0 days old" in result.summary
