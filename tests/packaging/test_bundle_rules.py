"""What the PyInstaller spec keeps out of the bundle, and what it must never drop."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import pytest

from tests.packaging.support import PACKAGING, rules


def _covers(excluded: str, module: str) -> bool:
    return module == excluded or module.startswith(excluded + ".")


def test_excludes_never_cover_what_the_app_needs() -> None:
    r = rules()
    clashes = [(e, m) for e in r.EXCLUDES for m in r.MUST_KEEP if _covers(e, m) or _covers(m, e)]
    assert clashes == []


def test_signing_and_gui_dependencies_are_kept() -> None:
    for module in ("cryptography", "keyring", "pyhanko", "reportlab", "requests",
                   "PySide6.QtSvg"):
        assert module in rules().MUST_KEEP


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
    ],
)
def test_embedded_and_qml_parts_are_dropped(dest: str) -> None:
    assert not rules().keep(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6\\Qt6Svg.dll",
        "assets/catalogue/catalogue.json",
    ],
)
def test_desktop_platforms_and_svg_are_kept(dest: str) -> None:
    assert rules().keep(dest)


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
