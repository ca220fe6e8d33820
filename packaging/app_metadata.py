"""Names, ids and version metadata shared by every packaging script.

One place for the values the Linux, macOS and Windows packages must agree on. The version is
read from ``readiness/__init__.py`` (``__version__``): it is never written anywhere else, apart
from the AppStream release list, which a test keeps in step.

Plain Python with no third-party imports: the PyInstaller spec, the .deb builder and the tests
load this file by path (``packaging/`` is not an importable package, on purpose: it would shadow
the ``packaging`` library).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Reverse-DNS id: the .desktop file name, the AppStream id, the icon name, the macOS bundle id,
# and what the GUI should pass to QGuiApplication.setDesktopFileName() so Wayland docks match
# the window to its launcher.
APP_ID = "org.readiness.Readiness"
APP_NAME = "Readiness"
SUMMARY = "Check your computer before online client work"
PUBLISHER = "Readiness"
COPYRIGHT = "Copyright © Readiness contributors"
# No project mailbox exists yet: a reserved ".invalid" address rather than an invented one.
# SECURITY.md names the real reporting channel.
MAINTAINER = "Readiness maintainers <maintainers@readiness.invalid>"

# Executable names inside the bundle. Windows and macOS file systems ignore case, so the GUI
# and console executables on Windows must differ by more than case.
LINUX_EXE = "readiness"
GUI_EXE = "Readiness"
WINDOWS_CLI_EXE = "readiness-cli"
BUNDLE_DIR = "readiness"  # dist/<BUNDLE_DIR>/ is the onedir bundle on every system

# PySide6 6.12 wheels are built for macOS 14 and later; raise this with Qt, never lower it.
MACOS_MINIMUM = "14.0"

LOCATION_REASON = (
    "Readiness asks for Location only because macOS treats the name and security of the Wi-Fi "
    "network as location information. It reads whether your Wi-Fi connection is encrypted; "
    "your location is never recorded, stored or sent anywhere."
)


def read_version(root: Path = ROOT) -> str:
    """``readiness.__version__``, read from source so no import (or Qt) is needed."""
    tree = ast.parse((root / "readiness" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise ValueError("readiness/__init__.py has no literal __version__")


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """Four integers for Windows version resources and Inno Setup (``0.1.0`` -> 0.1.0.0).

    Pre-release suffixes (``0.2.0rc1``) keep only their leading digits per part.
    """
    parts: list[int] = []
    for piece in version.split(".")[:4]:
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        parts.append(int(digits or 0))
    while len(parts) < 4:
        parts.append(0)
    return parts[0], parts[1], parts[2], parts[3]


def info_plist(version: str) -> dict[str, object]:
    """The macOS ``Info.plist`` keys PyInstaller's BUNDLE merges over its defaults."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": APP_ID,
        "CFBundleExecutable": GUI_EXE,
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "LSApplicationCategoryType": "public.app-category.utilities",
        "NSHumanReadableCopyright": COPYRIGHT,
        "NSHighResolutionCapable": True,
        # Follow the system light/dark appearance.
        "NSRequiresAquaSystemAppearance": False,
        # The Wi-Fi check: CoreWLAN hides the network name and security without Location
        # permission, and macOS shows this text when it asks.
        "NSLocationWhenInUseUsageDescription": LOCATION_REASON,
        "NSLocationUsageDescription": LOCATION_REASON,
    }


def deb_control(version: str, installed_size_kib: int, arch: str = "amd64") -> str:
    """The DEBIAN/control file for the .deb (see packaging/linux/build_deb.py)."""
    return (
        f"Package: readiness\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_size_kib}\n"
        f"Depends: {', '.join(DEB_DEPENDS)}\n"
        f"Section: utils\n"
        f"Priority: optional\n"
        f"Description: {SUMMARY}\n"
        " Readiness checks a counsellor's or psychotherapist's own computer against the BACP\n"
        " fact sheet Good Practice in Action 047 (Working Online) and produces a signed\n"
        " checklist. It sends nothing anywhere unless the user turns a feature on.\n"
    )


# System libraries the frozen Qt needs that PyInstaller does not bundle (it leaves the C
# library, X11/Wayland client libraries and GL to the system). libxcb-cursor0 is the one a
# stock Ubuntu desktop lacks: without it Qt 6.5+ cannot open a window on X11.
DEB_DEPENDS = (
    "libc6 (>= 2.35)",
    "libegl1",
    "libfontconfig1",
    "libfreetype6",
    "libgl1",
    "libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libxkbcommon0",
    "libdbus-1-3",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
)
