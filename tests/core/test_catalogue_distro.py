"""Fix steps for the Linux distribution the run is on: chosen by os-release ID, then ID_LIKE in
order, read through the host (so a replay gets the recorded machine's steps), and written as
steps to follow, never as a menu of other systems' ways."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from readiness import catalogue, distro
from readiness.catalogue import CatalogueError
from readiness.probe.types import FileRead, PlatformInfo

ROOT = Path(__file__).resolve().parents[2]
OS_RELEASE = {
    "debian": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    "ubuntu": 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n',
    "mint": 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n',
    "lmde": 'NAME="LMDE"\nID=linuxmint\nID_LIKE=debian\n',
    "fedora": 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=42\n',
    "rocky": 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n',
    "arch": 'NAME="Arch Linux"\nID=arch\n',
}
# Other systems' names: a step for one distribution never mentions another's.
OTHERS = {
    "debian": ("Ubuntu", "Fedora", "Mint", "dnf", "Software & Updates", "Software Updater"),
    "fedora": ("Ubuntu", "Debian", "Mint", "apt ", "ufw", "Software & Updates"),
    "ubuntu": ("Fedora", "Debian", "Mint", "dnf", "firewalld"),
}


class FakeHost:
    def __init__(self, files: dict[str, str], system: str = "Linux") -> None:
        self.files = files
        self.platform = PlatformInfo(system, "6.1", "#1", "x86_64")

    def read_file(self, path: str) -> FileRead:
        text = self.files.get(path)
        return FileRead(path, text, None if text is not None else "missing")


@pytest.fixture(scope="module")
def cat() -> catalogue.Catalogue:
    return catalogue.load()


@pytest.mark.parametrize(("name", "expected"), [
    ("debian", ("debian",)), ("ubuntu", ("ubuntu", "debian")),
    ("mint", ("linuxmint", "ubuntu", "debian")), ("rocky", ("rocky", "rhel", "centos", "fedora")),
    ("arch", ("arch",)),
])
def test_the_family_is_id_then_id_like_in_order(name: str, expected: tuple[str, ...]) -> None:
    assert distro.family_from_text(OS_RELEASE[name]) == expected


def test_the_family_is_read_through_the_host_and_only_on_linux() -> None:
    assert distro.family(FakeHost({"/usr/lib/os-release": OS_RELEASE["fedora"]})) == ("fedora",)
    assert distro.family(FakeHost({"/etc/os-release": OS_RELEASE["debian"]})) == ("debian",)
    assert distro.family(FakeHost({})) == ()
    assert distro.family(FakeHost({"/etc/os-release": OS_RELEASE["debian"]}, "Windows")) == ()


def test_hostile_values_are_dropped() -> None:
    assert distro.family_from_text("ID=../../etc\nID_LIKE=\"debian $(x)\"\n") == ("debian",)


def _steps(cat: catalogue.Catalogue, check: str, name: str) -> tuple[str, ...]:
    return cat.entry(check).steps_for("linux", distro.family_from_text(OS_RELEASE[name]))


def _labels(cat: catalogue.Catalogue, check: str, name: str) -> list[str]:
    fam = distro.family_from_text(OS_RELEASE[name])
    return [s["label"] for s in cat.entry(check).settings_for("linux", fam)]


def test_debian_gets_debian_steps_and_no_ubuntu_button(cat: catalogue.Catalogue) -> None:
    for check in ("auto_updates_on", "updates_installed", "os_supported", "firewall_on"):
        labels = _labels(cat, check, "debian")
        assert not any("Ubuntu" in label or "Software & Updates" in label for label in labels)
        assert not any("Software Updater" in label for label in labels), check
    assert any("Automatic Updates" in s for s in _steps(cat, "auto_updates_on", "debian"))
    assert any("Firewall Configuration" in s for s in _steps(cat, "firewall_on", "debian"))
    assert any("Debian" in s for s in _steps(cat, "os_supported", "debian"))


def test_ubuntu_mint_and_rocky_inherit_by_id_like(cat: catalogue.Catalogue) -> None:
    assert _labels(cat, "auto_updates_on", "ubuntu") == ["Open Software & Updates"]
    # Mint's own steps win over Ubuntu's (ID comes before ID_LIKE).
    assert any("Update Manager" in s for s in _steps(cat, "updates_installed", "mint"))
    # LMDE is like Debian only: Debian's steps, not Ubuntu's.
    assert _steps(cat, "malware_protection", "lmde") == _steps(cat, "malware_protection", "debian")
    assert any("sshd" in s for s in _steps(cat, "remote_access_absent", "rocky"))
    assert any("firewalld" in s for s in _steps(cat, "firewall_on", "fedora"))


def test_an_unknown_distribution_gets_the_general_steps(cat: catalogue.Catalogue) -> None:
    entry = cat.entry("updates_installed")
    assert _steps(cat, "updates_installed", "arch") == entry.steps_for("linux")


@pytest.mark.parametrize("name", sorted(OTHERS))
def test_a_distributions_steps_name_no_other_system(cat: catalogue.Catalogue, name: str) -> None:
    for entry in cat.entries:
        fix = entry.fix_for("linux", distro.family_from_text(OS_RELEASE[name]))
        if fix is entry.fix_for("linux"):
            continue  # the general steps for systems without their own
        text = " ".join(fix.steps) + " ".join(s.label for s in fix.settings)
        found = [word for word in OTHERS[name] if word in text]
        assert found == [], (entry.id, name, found)


# The checks whose Linux steps depend on the distribution (package tools, settings apps).
BY_DISTRIBUTION = ("auto_updates_on", "disk_encryption", "firewall_on", "malware_protection",
                   "os_supported", "remote_access_absent", "updates_installed")


def test_steps_are_steps_not_a_menu_of_systems(cat: catalogue.Catalogue) -> None:
    # "On Ubuntu …", "On Fedora …": a step that starts by naming a system is an alternative.
    pattern = re.compile(r"^(On|For) (Ubuntu|Debian|Fedora|Linux Mint|openSUSE|KDE|GNOME)\b")
    for entry in (cat.entry(check) for check in BY_DISTRIBUTION):
        assert {"debian", "ubuntu", "fedora"} <= {
            i for v in entry.fix_for("linux").distros for i in v.ids}, entry.id
        for variant in (entry.fix_for("linux"), *entry.fix_for("linux").distros):
            bad = [s for s in variant.steps if pattern.match(s)]
            assert bad == [], (entry.id, variant.ids, bad)


def _write_variant_catalogue(tmp_path: Path, variants: list[dict[str, object]],
                             os_key: str = "linux") -> Path:
    import shutil

    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    path = tmp_path / "assets" / "catalogue" / "checks" / "firewall_on.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["remediation"][os_key]["distros"] = variants
    path.write_text(json.dumps(data), encoding="utf-8")
    return tmp_path / "assets"


def test_two_variants_for_one_distribution_are_refused(tmp_path: Path) -> None:
    step = {"steps": ["Do the first thing."]}
    base = _write_variant_catalogue(tmp_path, [{"ids": ["debian"], **step},
                                               {"ids": ["debian", "ubuntu"], **step}])
    with pytest.raises(CatalogueError, match="'debian' has two sets of steps"):
        catalogue.load(base)


def test_variants_outside_linux_are_refused(tmp_path: Path) -> None:
    base = _write_variant_catalogue(tmp_path, [{"ids": ["debian"], "steps": ["Do it now."]}],
                                    os_key="windows")
    with pytest.raises(CatalogueError, match="distribution steps are for linux"):
        catalogue.load(base)


def test_a_bad_distribution_id_is_refused_by_the_schema(tmp_path: Path) -> None:
    base = _write_variant_catalogue(tmp_path, [{"ids": ["Debian 12"], "steps": ["Do it now."]}])
    with pytest.raises(CatalogueError, match="distros"):
        catalogue.load(base)


@pytest.mark.parametrize(("name", "expected"), [
    ("debian", "Firewall Configuration"), ("fedora", "firewalld"), ("arch", "KDE Plasma")])
def test_a_replayed_run_gets_the_recorded_machines_steps(name: str, expected: str) -> None:
    from checks.registry import by_id
    from readiness.probe import snapshot as snapshot_mod
    from readiness.probe.replay import ReplayHost
    from readiness.runner import Runner
    from tests.helpers import cmd, make_snapshot

    inactive = [cmd(["systemctl", "is-active", unit], stdout="inactive\n", returncode=3)
                for unit in ("ufw.service", "firewalld.service", "nftables.service")]
    data = make_snapshot("linux", commands=inactive,
                         files={"/etc/os-release": OS_RELEASE[name]})
    host = ReplayHost(snapshot_mod.parse(data))
    report = Runner([by_id()["firewall_on"]], catalogue.load(), host).run()
    (result,) = report.results
    assert result.status.value == "fail"
    assert any(expected in step for step in result.remediation), result.remediation
