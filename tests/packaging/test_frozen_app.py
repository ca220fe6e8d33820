"""Smoke tests of the frozen app and the .deb (`make package-test`; minutes, so slow-marked).

They run only when READINESS_FROZEN_APP names the frozen executable (and READINESS_DEB the
.deb), which `make package-test` sets after building both. The app runs with a bare
environment from a scratch folder: no virtualenv on PATH, no PYTHONPATH, nothing from the
source tree, as on a practitioner's computer with no Python installed.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

import readiness
from tests.packaging.support import ROOT, metadata

pytestmark = pytest.mark.slow

APP = os.environ.get("READINESS_FROZEN_APP", "")
DEB = os.environ.get("READINESS_DEB", "")
needs_app = pytest.mark.skipif(
    not APP, reason="set READINESS_FROZEN_APP to a frozen build (make package-test does)"
)
needs_deb = pytest.mark.skipif(
    not DEB or shutil.which("dpkg-deb") is None,
    reason="set READINESS_DEB to a built .deb (make package-test does) and have dpkg-deb",
)
SIGNS_OF_A_BROKEN_FREEZE = ("No module named", "ModuleNotFoundError", "ImportError",
                            "cannot import name", "missing catalogue file")


def _bare_env(home: Path) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin" if os.name != "nt" else os.environ.get("PATH", ""),
        "HOME": str(home),
        "READINESS_HOME": str(home / "readiness-home"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    for key in ("SYSTEMROOT", "WINDIR", "TEMP", "TMP", "XDG_RUNTIME_DIR"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def _run(exe: str | Path, args: list[str], tmp: Path, timeout: float = 300) -> (
    subprocess.CompletedProcess[str]
):
    return subprocess.run(
        [os.path.abspath(exe), *args],
        capture_output=True, text=True, timeout=timeout, check=False,
        env=_bare_env(tmp), cwd=tmp,
    )


def _catalogue_ids() -> list[str]:
    data = json.loads((ROOT / "assets" / "catalogue" / "catalogue.json").read_text("utf-8"))
    return list(data["checks"])


@needs_app
def test_frozen_app_reports_the_version(tmp_path: Path) -> None:
    result = _run(APP, ["--version"], tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"readiness {readiness.__version__}"


@needs_app
def test_frozen_app_lists_the_catalogue(tmp_path: Path) -> None:
    result = _run(APP, ["catalogue"], tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    for check_id in _catalogue_ids():
        assert check_id in result.stdout


@needs_app
def test_frozen_app_checks_this_computer(tmp_path: Path) -> None:
    result = _run(APP, ["check", "--json"], tmp_path)
    assert result.returncode in (0, 1), result.stderr  # 1 = something failed: still a run
    report = json.loads(result.stdout)
    schema = json.loads((ROOT / "assets" / "schemas" / "results.schema.json").read_text("utf-8"))
    jsonschema.validate(report, schema)
    assert report["tool_version"] == readiness.__version__
    assert [r["check_id"] for r in report["results"]] == _catalogue_ids()
    for r in report["results"]:
        text = json.dumps(r)
        for sign in SIGNS_OF_A_BROKEN_FREEZE:
            assert sign not in text, f"{r['check_id']}: {r['summary']}"
        if r["kind"] != "attestation" and r["status"] != "not_applicable":
            assert r["evidence"], f"{r['check_id']} has no evidence"


@needs_app
def test_frozen_and_source_runs_agree_on_this_computer(tmp_path: Path) -> None:
    """Freezing must not change what a check decides (a lost module or data file would)."""
    frozen = json.loads(_run(APP, ["check", "--json"], tmp_path).stdout)
    env = dict(os.environ, READINESS_HOME=str(tmp_path / "source-home"))
    source_run = subprocess.run(
        [sys.executable, "-m", "readiness", "check", "--json"],
        capture_output=True, text=True, timeout=300, check=False, env=env, cwd=ROOT,
    )
    source = json.loads(source_run.stdout)
    statuses = {r["check_id"]: r["status"] for r in source["results"]}
    differ = {
        r["check_id"]: (r["status"], statuses.get(r["check_id"]))
        for r in frozen["results"]
        if r["status"] != statuses.get(r["check_id"])
    }
    assert differ == {}, f"frozen vs source statuses differ: {differ}"


@needs_app
def test_frozen_app_renders_its_window_offscreen(tmp_path: Path) -> None:
    snap = tmp_path / "snap"
    recorded = _run(APP, ["snapshot", str(snap)], tmp_path)
    assert recorded.returncode == 0, recorded.stderr
    shot = tmp_path / "window.png"
    result = _run(APP, ["gui", "--replay", str(snap), "--screenshot", str(shot)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert not image.isNull(), "the screenshot is not a readable PNG"
    assert image.width() >= 400 and image.height() >= 300
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20, "the window rendered blank"
    out = os.environ.get("READINESS_SCREENSHOT_OUT")
    if out:  # CI keeps it as an artefact
        shutil.copyfile(shot, out)


@pytest.fixture
def x_display() -> Iterator[str]:
    """A private Xvfb server: the display a real X11 desktop would give the app."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb not installed (scripts/system-deps.sh installs it)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            pytest.skip("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@needs_app
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is the Linux desktop's")
def test_frozen_app_opens_its_window_on_x11(tmp_path: Path, x_display: str) -> None:
    """The xcb platform plugin and the X libraries it needs load from the bundle."""
    snap = tmp_path / "snap"
    assert _run(APP, ["snapshot", str(snap)], tmp_path).returncode == 0
    shot = tmp_path / "x11.png"
    env = _bare_env(tmp_path) | {"QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display}
    result = subprocess.run(
        [os.path.abspath(APP), "gui", "--replay", str(snap), "--screenshot", str(shot)],
        capture_output=True, text=True, timeout=300, check=False, env=env, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Could not load the Qt platform plugin" not in result.stderr
    assert shot.stat().st_size > 10_000


@needs_app
def test_frozen_app_signs_and_verifies_a_checklist(tmp_path: Path) -> None:
    """cryptography, pyHanko, reportlab and keyring all work from the bundle."""
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text("a long test passphrase for the frozen app\n", encoding="utf-8")
    created = _run(APP, ["keys", "init", "--name", "Frozen Test", "--passphrase-file",
                         str(passphrase)], tmp_path)
    assert created.returncode == 0, created.stdout + created.stderr
    snap = tmp_path / "snap"
    assert _run(APP, ["snapshot", str(snap)], tmp_path).returncode == 0
    out = tmp_path / "signed"
    signed = _run(APP, ["sign", "--replay", str(snap), "--out", str(out), "--passphrase-file",
                        str(passphrase)], tmp_path)
    assert signed.returncode == 0, signed.stdout + signed.stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".json", ".pdf"]
    bundle = next(out.glob("*.json"))
    envelope = json.loads(bundle.read_text(encoding="utf-8"))["dsseEnvelope"]
    statement = json.loads(base64.b64decode(envelope["payload"]))
    assert statement["predicate"]["tool"]["version"] == readiness.__version__
    verified = _run(APP, ["verify", str(out)], tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def _deb_contents() -> str:
    return subprocess.run(["dpkg-deb", "--contents", DEB], capture_output=True, text=True,
                          timeout=120, check=True).stdout


@needs_deb
def test_deb_installs_the_launcher_metadata_icons_and_command() -> None:
    app_id = metadata().APP_ID
    listing = _deb_contents()
    for path in (
        "./opt/readiness/readiness",
        "./opt/readiness/_internal/assets/catalogue/catalogue.json",
        "./usr/bin/readiness -> ../../opt/readiness/readiness",
        f"./usr/share/applications/{app_id}.desktop",
        f"./usr/share/metainfo/{app_id}.metainfo.xml",
        f"./usr/share/icons/hicolor/256x256/apps/{app_id}.png",
        f"./usr/share/icons/hicolor/scalable/apps/{app_id}.svg",
        "./usr/share/doc/readiness/SECURITY.md",
    ):
        assert path in listing, path
    assert " root/root " in listing and "group-writable" not in listing
    field = subprocess.run(["dpkg-deb", "--field", DEB, "Version"], capture_output=True,
                           text=True, timeout=60, check=True).stdout.strip()
    assert field == readiness.__version__


@needs_deb
def test_deb_command_starts_from_the_unpacked_package(tmp_path: Path) -> None:
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", DEB, str(root)], check=True, timeout=300)
    result = _run(root / "usr" / "bin" / "readiness", ["--version"], tmp_path, timeout=60)
    # Through the /usr/bin link, as the launcher starts it.
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"readiness {readiness.__version__}"
