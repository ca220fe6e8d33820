"""The CI workflow: valid against GitHub's schema, every action pinned to a commit SHA, and the
three systems tested and packaged."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.support import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
CI = ROOT / ".github" / "workflows" / "ci.yml"
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")


def _uses_lines(path: Path) -> list[tuple[str, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = USES.match(line)
        if match:
            found.append((match.group("ref"), match.group("rest")))
    return found


def test_there_is_a_workflow() -> None:
    assert CI in WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_sha_with_its_version(path: Path) -> None:
    uses = _uses_lines(path)
    assert uses, "no actions found: the pattern or the workflow changed"
    for ref, rest in uses:
        if ref.startswith("./"):
            continue  # a local action is part of this repository
        action, _, pin = ref.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", pin), f"{action} is pinned to {pin!r}, not a SHA"
        assert re.search(r"#\s*v\d", rest), f"{action}@{pin} needs its version in a comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(path: Path) -> None:
    pytest.importorskip("check_jsonschema")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    # Installed from PyPI with the test extras (a wheel: nothing is fetched while installing);
    # --offline: no GitHub API calls, so the test runs anywhere.
    exe = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert exe, "zizmor is missing: it is in the [test] extras"
    return subprocess.run([exe, "--offline", "--min-severity", "low", "--no-progress",
                           *map(str, paths)],
                          capture_output=True, text=True, timeout=120, check=False, cwd=ROOT)


def test_zizmor_finds_nothing() -> None:
    result = _zizmor(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_a_cache_on_a_release_workflow(tmp_path: Path) -> None:
    """The attack the workflow was fixed for: a pip cache in a workflow that builds tags."""
    bad = tmp_path / ".github" / "workflows" / "release.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(CI.read_text(encoding="utf-8").replace(
        '          python-version: "3.11"\n',
        '          python-version: "3.11"\n          cache: pip\n', 1), encoding="utf-8")
    result = _zizmor(bad)
    assert result.returncode != 0 and "cache-poisoning" in result.stdout + result.stderr


def test_least_privilege_and_no_caches() -> None:
    yaml = pytest.importorskip("ruamel.yaml")
    doc = yaml.YAML(typ="safe").load(CI.read_text(encoding="utf-8"))
    assert doc["permissions"] == {}, "nothing granted by default"
    for name, job in doc["jobs"].items():
        assert job.get("permissions") == {"contents": "read"}, name
        for step in job["steps"]:
            assert "cache" not in (step.get("with") or {}), f"{name}: {step}"
            assert "actions/cache" not in str(step.get("uses", "")), name


def test_ci_tests_on_three_systems_and_packages_each() -> None:
    yaml = pytest.importorskip("ruamel.yaml")
    doc = yaml.YAML(typ="safe").load(CI.read_text(encoding="utf-8"))
    jobs = doc["jobs"]
    systems = {os_name.split("-")[0] for os_name in jobs["test"]["strategy"]["matrix"]["os"]}
    assert systems == {"ubuntu", "windows", "macos"}
    steps = " ".join(str(step.get("run", "")) for step in jobs["test"]["steps"])
    # The suite runs whole there, real-host tests included (no `-m "not realhost"`).
    assert "pytest" in steps and "not realhost" not in steps
    for job, artefact in (("package-linux", "dist/readiness_*.deb"),
                          ("package-windows", "dist/Readiness-*-Setup.exe"),
                          ("package-macos", "dist/Readiness-*.dmg")):
        uploads = [s for s in jobs[job]["steps"] if "upload-artifact" in str(s.get("uses", ""))]
        assert uploads, job
        paths = uploads[0]["with"]["path"].split()
        # Each artefact ships with its SHA-256 beside it, made in the same job.
        assert paths[0] == artefact and len(paths) == 2 and paths[1].endswith(".sha256"), job
        made = " ".join(str(s.get("run", "")) for s in jobs[job]["steps"])
        assert paths[1].split("/")[-1] in made and ("sha256" in made.lower()), job
    assert "make package-test" in str(jobs["package-linux"]["steps"])
    assert "packaging/windows/build.ps1" in str(jobs["package-windows"]["steps"])
    assert "packaging/macos/build.sh" in str(jobs["package-macos"]["steps"])


def test_ci_uploads_a_redacted_snapshot_of_each_runner() -> None:
    yaml = pytest.importorskip("ruamel.yaml")
    steps = yaml.YAML(typ="safe").load(CI.read_text(encoding="utf-8"))["jobs"]["test"]["steps"]
    record = [s for s in steps if "readiness snapshot" in str(s.get("run", ""))]
    assert record and "--redact" in record[0]["run"], "the snapshot must be redacted"
    uploads = [s for s in steps if "upload-artifact" in str(s.get("uses", ""))
               and "snapshot" in str(s["with"]["path"])]
    assert uploads, "the redacted snapshot is not uploaded"
    upload = uploads[0]
    # Kept when the tests fail (that is when it is most wanted), and not for long.
    assert "always()" in str(upload.get("if", "")) and "always()" in str(record[0].get("if", ""))
    assert 1 <= int(upload["with"]["retention-days"]) <= 14
    assert steps.index(record[0]) < steps.index(upload)


def test_ci_token_is_read_only() -> None:
    text = CI.read_text(encoding="utf-8")
    # Nothing granted at the top; each job reads the repository only
    # (test_least_privilege_and_no_caches checks every job).
    assert re.search(r"^permissions: \{\}$", text, re.MULTILINE)
    assert ": write" not in text
    assert "pull_request_target" not in text


def test_macos_job_builds_installs_and_checksums_the_pkg() -> None:
    """The .pkg for device managers is built beside the .dmg on every run, installed silently
    as a device manager would, and published with its SHA-256 (issue 14)."""
    yaml = pytest.importorskip("ruamel.yaml")
    job = yaml.YAML(typ="safe").load(CI.read_text(encoding="utf-8"))["jobs"]["package-macos"]
    assert str(job["env"]["READINESS_MACOS_PKG"]) == "1"
    # Signed only from secrets; the build script names an unsigned package as such.
    assert job["env"]["READINESS_MACOS_INSTALLER_IDENTITY"].startswith("${{ secrets.")
    runs = [str(s.get("run", "")) for s in job["steps"]]
    build = next(i for i, r in enumerate(runs) if "packaging/macos/build.sh" in r)
    install = next(i for i, r in enumerate(runs) if "sudo installer -pkg" in r)
    checksum = next(i for i, r in enumerate(runs) if "readiness-macos-pkg.sha256" in r)
    assert build < install < checksum
    assert "shasum -a 256 Readiness-*.pkg > readiness-macos-pkg.sha256" in runs[checksum]
    assert "-target /" in runs[install] and "pkgutil --forget" in runs[install]
    uploads = [s["with"] for s in job["steps"] if "upload-artifact" in str(s.get("uses", ""))]
    pkg = [u for u in uploads if "dist/Readiness-*.pkg" in u["path"].split()]
    assert len(pkg) == 1 and pkg[0]["path"].split() == ["dist/Readiness-*.pkg",
                                                      "dist/readiness-macos-pkg.sha256"]
    assert pkg[0]["if-no-files-found"] == "error"
    # Secrets reach the shell through the environment, never pasted into a script.
    assert not any("${{" in r for r in runs[build:])


def test_build_script_names_an_unsigned_pkg_and_signs_with_an_installer_identity() -> None:
    script = (ROOT / "packaging" / "macos" / "build.sh").read_text(encoding="utf-8")
    assert 'PKG="dist/Readiness-${VERSION}.pkg"' in script
    assert 'PKG="dist/Readiness-${VERSION}-unsigned.pkg"' in script
    assert '--sign "$INSTALLER_IDENTITY" --timestamp' in script
    assert "pkgutil --check-signature" in script and "productbuild" in script
    assert "BundleIsRelocatable false" in script and "--install-location /Applications" in script
    bash = shutil.which("bash")
    if bash:
        subprocess.run([bash, "-n", str(ROOT / "packaging" / "macos" / "build.sh")],
                       check=True, timeout=30)
