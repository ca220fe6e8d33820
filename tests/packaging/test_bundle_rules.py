"""What the PyInstaller spec keeps out of the bundle, and what it must never drop."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING, rules


def _covers(excluded: str, module: str) -> bool:
    return module == excluded or module.startswith(excluded + ".")


def test_excludes_never_cover_what_the_app_needs() -> None:
    r = rules()
    clashes = [(e, m) for e in r.EXCLUDES for m in r.MUST_KEEP if _covers(e, m) or _covers(m, e)]
    assert clashes == []


def test_signing_and_gui_dependencies_are_kept() -> None:
    for module in ("cryptography", "keyring", "pyhanko", "reportlab", "pypdf", "requests",
                   "PySide6.QtSvg", "PIL.Image", "lxml.etree", "aiohttp", "sqlite3"):
        assert module in rules().MUST_KEEP


def test_nothing_the_app_imports_is_excluded() -> None:
    """Every module of readiness/ and checks/ imported in a fresh interpreter (as the frozen app
    can reach them): nothing that ends up loaded may be in EXCLUDES. Imports made only inside
    functions are covered by the frozen app's smoke tests (make package-test)."""
    code = (
        "import importlib, json, pkgutil, sys\n"
        "import readiness, checks\n"
        "for pkg in (readiness, checks):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if info.name.endswith('__main__'):\n"
        "            continue  # would run the app\n"
        "        try:\n"
        "            importlib.import_module(info.name)\n"
        "        except ImportError:\n"
        "            pass  # another OS's module (winreg, msvcrt, PyObjC)\n"
        "import readiness.signing.pdf_sign, readiness.signing.verify_pdf\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True, env=env)
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert {"PIL.Image", "pyhanko.sign", "reportlab.platypus"} <= set(loaded)  # signing reached
    excluded = rules().EXCLUDES
    assert [m for m in loaded if any(_covers(e, m) for e in excluded)] == []


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
        "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "libQt6Network.so.6",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
        "PySide6/Qt/plugins/generic/libqevdevtouchplugin.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "PySide6\\plugins\\imageformats\\qjpeg.dll",
        "PySide6/Qt/plugins/wayland-graphics-integration-client/libdmabuf-server.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so",
        "PySide6/Qt/lib/libQt6WlShellIntegration.so.6",
        "libdbus-1.so.3",
    ],
)
def test_unused_qt_parts_are_dropped(dest: str) -> None:
    assert not rules().keep(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platforms/libqminimal.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/wayland-decoration-client/libadwaita.so",
        "PySide6/Qt/plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6\\Qt6Svg.dll",
        "assets/catalogue/catalogue.json",
    ],
)
def test_desktop_platforms_and_svg_are_kept(dest: str) -> None:
    assert rules().keep(dest)


def test_qt_translations_follow_the_apps_own_languages() -> None:
    keep = rules().keep
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")  # no German app strings yet
    assert keep("PySide6/Qt/translations/qtbase_de.qm", ["de"])
    assert keep("PySide6/Qt/translations/qtbase_pt_BR.qm", ["pt"])
    assert keep("PySide6\\translations\\qtbase_cy.qm", ["cy"])
    assert not keep("PySide6/Qt/translations/qtbase_fr.qm", ["de"])
    assert not keep("PySide6/Qt/translations/qt_de.qm", ["de"])  # never loaded: qtbase is
    assert not keep("PySide6/Qt/translations/qt_help_de.qm", ["de"])


def test_app_languages_are_read_from_its_translation_files(tmp_path: Path) -> None:
    for name in ("readiness_cy.ts", "readiness_cy.qm", "readiness_fr.ts", "README.md"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert rules().app_languages(tmp_path) == ["cy", "fr"]
    assert rules().app_languages(tmp_path / "missing") == []


def test_orphaned_libraries_only_removes_what_nothing_kept_needs() -> None:
    links = {
        "/q/libqgtk3.so": ["libgtk-3.so.0", "libcairo.so.2", "libglib-2.0.so.0"],
        "/sys/libgtk-3.so.0": ["libpango-1.0.so.0"],
        "/sys/libcairo.so.2": ["libpixman-1.so.0"],
        "/q/libqxcb.so": ["libglib-2.0.so.0"],
    }
    kept = [
        ("libgtk-3.so.0", "/sys/libgtk-3.so.0", "BINARY"),
        ("libpango-1.0.so.0", "/sys/libpango-1.0.so.0", "BINARY"),
        ("libcairo.so.2", "/sys/libcairo.so.2", "BINARY"),
        ("libpixman-1.so.0", "/sys/libpixman-1.so.0", "BINARY"),
        ("libglib-2.0.so.0", "/sys/libglib-2.0.so.0", "BINARY"),
        ("libctypes-only.so", "/sys/libctypes-only.so", "BINARY"),  # found for a ctypes call
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/q/libqxcb.so", "BINARY"),
    ]
    orphans = rules().orphaned_libraries(["/q/libqgtk3.so"], kept, lambda s: links.get(s, []))
    assert orphans == {"libgtk-3.so.0", "libpango-1.0.so.0", "libcairo.so.2", "libpixman-1.so.0"}


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("readelf") is None,
                    reason="ELF and binutils' readelf are Linux's")
def test_elf_needed_lists_direct_dependencies_only() -> None:
    import PIL._imaging as imaging

    needed = rules().elf_needed(imaging.__file__)
    assert "libc.so.6" in needed
    assert any(name.startswith("libtiff") for name in needed)
    assert not any(name.startswith("libzstd") for name in needed)  # libtiff's, not _imaging's


def test_runtime_distributions_follow_the_installed_requirements() -> None:
    names = set(rules().runtime_distributions())
    assert {"readiness", "pyside6-essentials", "cryptography", "psutil"} <= names
    assert "pytest" not in names  # test extras are not runtime


def test_spec_is_python_and_uses_the_shared_rules() -> None:
    text = (PACKAGING / "pyinstaller" / "readiness.spec").read_text(encoding="utf-8")
    ast.parse(text)
    for needle in ("bundle_rules.py", "app_metadata.py", "rules.EXCLUDES", "rules.keep",
                   "collect_submodules(package)", '"assets"', "BUNDLE(", "info_plist=",
                   "rthook_child_env.py"):
        assert needle in text
    assert (PACKAGING / "pyinstaller" / "readiness_main.py").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the hook acts on Linux only")
@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"LD_LIBRARY_PATH": "/bundle/_internal"}, None),
        ({"LD_LIBRARY_PATH": "/bundle/_internal", "LD_LIBRARY_PATH_ORIG": "/opt/lib"}, "/opt/lib"),
    ],
)
def test_runtime_hook_gives_child_programs_the_users_library_path(
    before: dict[str, str], after: str | None
) -> None:
    hook = PACKAGING / "pyinstaller" / "rthook_child_env.py"
    code = (
        f"exec(open({str(hook)!r}).read()); import os, json; "
        "print(json.dumps([os.environ.get('LD_LIBRARY_PATH'), "
        "os.environ.get('LD_LIBRARY_PATH_ORIG')]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LD_LIBRARY_PATH")}
    result = subprocess.run([sys.executable, "-c", code], env={**env, **before},
                            capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == [after, None]
