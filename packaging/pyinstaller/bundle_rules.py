"""What goes into the frozen bundle and what stays out (read by readiness.spec and the tests).

Kept apart from the spec so the rules are plain Python a test can load and check: the spec
itself only runs inside PyInstaller.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

# Modules the app never imports at run time: build and test tooling, Tk, and Qt modules for
# QML, web engines, multimedia and test harnesses. Only what is imported is collected anyway;
# listing them stops a stray optional import from pulling tens of megabytes in.
EXCLUDES: tuple[str, ...] = (
    # Tk and friends (Python's own GUI toolkit; Readiness uses Qt).
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    # Build and test tooling present in the build environment.
    "pip",
    "setuptools",
    "wheel",
    "PyInstaller",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "mypyc",
    "ruff",
    "check_jsonschema",
    "IPython",
    # Qt modules a widgets app does not use.
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuick3D",
    "PySide6.Qt3DCore",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.QtWebSockets",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtDesigner",
    "PySide6.QtTest",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "PySide6.QtGraphs",
    "PySide6.QtBluetooth",
    "PySide6.QtSerialPort",
    "PySide6.QtSql",
    "PySide6.QtHelp",
    # Qt modules the app never imports: it talks to the network through requests, and to D-Bus
    # only through Qt's own platform code (libQt6DBus stays, QtGui links against it).
    "PySide6.QtNetwork",
    "PySide6.QtDBus",
    # Python's line editor: only an interactive prompt loads it (it brings libreadline/libtinfo).
    "readline",
    # Pillow's optional codecs and tools. reportlab, pyHanko and pypdf only import PIL.Image
    # (and its core, _imaging); Pillow itself imports these inside try/except, so without them
    # AVIF/WebP files, TrueType text rendering and colour management are simply unsupported.
    # They bring libavif, libwebp, freetype, harfbuzz, lcms2 and brotli (about 7 MiB).
    "PIL._avif",
    "PIL._webp",
    "PIL._imagingft",
    "PIL._imagingcms",
    "PIL._imagingmath",
    "PIL._imagingmorph",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
    # lxml parts nobody imports: pyHanko uses lxml.etree only (XMP metadata).
    "lxml.objectify",
    "lxml.sax",
    "lxml.builder",
    "lxml.html",
    "lxml.isoschematron",
    "lxml.cssselect",
)

# Never excluded, whatever the list above grows into: signing, the GUI and the checks need them
# (a test holds EXCLUDES to this).
MUST_KEEP: tuple[str, ...] = (
    "readiness",
    "checks",
    "cryptography",
    "keyring",
    "secretstorage",
    "jeepney",
    "pyhanko",
    "pyhanko_certvalidator",
    "reportlab",
    "pypdf",
    "rfc3161_client",
    "rfc8785",
    "PIL.Image",  # reportlab.lib.utils imports it at start
    "PIL._imaging",
    "lxml.etree",  # pyHanko's XMP metadata
    "lxml._elementpath",
    "aiohttp",  # pyhanko.sign.timestamps imports it at start
    "sqlite3",  # the run history
    "requests",
    "certifi",
    "psutil",
    "platformdirs",
    "jsonschema",
    "objc",
    "CoreWLAN",
    "CoreLocation",
    "unittest",  # some libraries import unittest.mock helpers at run time
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
)

# Libraries that load parts of themselves by name or read their own data files: their
# submodules and data are collected whole when the build environment has them installed.
# Everything else is found by following imports, which keeps optional extras (pyHanko's aiohttp
# and XML back ends) out unless the app really imports them.
COLLECT_WHOLE_IF_INSTALLED: tuple[str, ...] = (
    "keyring.backends",  # backends are found through entry points, never imported by name
)
DATA_IF_INSTALLED: tuple[str, ...] = (
    "pyhanko",
    "pyhanko_certvalidator",
    "reportlab",  # font metrics and the standard fonts it embeds
    "certifi",  # the CA bundle requests uses for timestamp authorities
)

# Qt files a desktop app never loads, and libraries left to the system. Paths are the file's
# place inside the bundle ("/" or "\\" between folders).
_DROP = re.compile(
    r"(^|[/\\])("
    # Platform plugins for embedded screens (EGLFS, linuxfb, VNC, KMS) and their support
    # libraries; xcb, wayland, offscreen and minimal stay.
    r"libqeglfs\.so|libqlinuxfb\.so|libqvnc\.so|libqvkkhrdisplay\.so|libqminimalegl\.so"
    r"|egldeviceintegrations[/\\].*"
    r"|libQt6EglFS[A-Za-z]*\.so(\.\d+)*"
    r"|libQt6EglFsKms[A-Za-z]*\.so(\.\d+)*"
    r"|libQt6(Qml|Quick|QmlModels|QmlMeta|QmlWorkerScript|VirtualKeyboard)[A-Za-z]*\.so(\.\d+)*"
    # The GTK3 theme plugin: it would pull the build machine's cairo/pango/GDK into the bundle,
    # where they clash with the user's own GTK; Qt's built-in GNOME theme still follows the
    # system light/dark setting through the desktop portal.
    r"|libqgtk3\.so"
    # Qt Network and what only it loads (TLS back ends, network-status plugins; it links
    # Kerberos and GIO): the app never imports QtNetwork.
    r"|libQt6Network\.so(\.\d+)*|Qt6Network\.dll"
    r"|plugins[/\\](tls|networkinformation)[/\\][^/\\]*"
    # Input plugins for raw evdev/TUIO devices: loaded only on request (-plugin), for kiosks.
    r"|plugins[/\\]generic[/\\][^/\\]*"
    # Image formats the app never reads: its icons are SVG (qsvg stays) and PNG is built into
    # QtGui. JPEG, TIFF, WebP, GIF, ICO, ICNS, TGA and WBMP go.
    r"|imageformats[/\\](lib)?q(jpeg|tiff|webp|gif|ico|icns|tga|wbmp|pdf)\.(so|dll|dylib)"
    # Wayland: the compositor-side buffer plugins (*-server) and the shells of other kinds of
    # compositor (in-vehicle IVI, full-screen, Qt's own, the long-deprecated wl_shell);
    # xdg-shell, which every desktop compositor speaks, stays, as do the decorations.
    r"|wayland-graphics-integration-client[/\\]lib[a-z0-9-]*-server\.so"
    r"|wayland-shell-integration[/\\]lib(ivi-shell|fullscreen-shell-v1|qt-shell"
    r"|wl-shell-plugin)\.so"
    r"|libQt6WlShellIntegration\.so(\.\d+)*"
    # D-Bus client library: left to the system (libdbus-1-3 is in the .deb's Depends and on
    # every desktop), which also leaves out the systemd/gcrypt/lz4 libraries it linked here.
    r"|libdbus-1\.so(\.\d+)*"
    r")$"
)

# Qt's translations: the older all-in-one catalogues (qt_*, qt_help_*) the app never loads,
# and qtbase_<language> for languages the app itself is not translated into (a German dialog
# button in an English window helps nobody). Qt's strings follow the app's own languages.
_QT_TRANSLATION = re.compile(r"(^|[/\\])translations[/\\](?P<name>[^/\\]+)\.qm$")


def app_languages(i18n_folder: Path) -> list[str]:
    """The languages the app ships a translation for (``readiness_<language>.ts`` or ``.qm``)."""
    found = {p.stem.removeprefix("readiness_") for p in i18n_folder.glob("readiness_*.*")
             if p.suffix in (".ts", ".qm")}
    return sorted(found)


def keep(dest_name: str, languages: Iterable[str] = ()) -> bool:
    """Whether a collected file (its path inside the bundle) belongs in the bundle.

    ``languages`` are the app's own translations (``app_languages``): Qt's qtbase catalogue is
    kept for those only.
    """
    if _DROP.search(dest_name) is not None:
        return False
    match = _QT_TRANSLATION.search(dest_name)
    if match is None:
        return True
    name = match["name"]
    if not name.startswith("qtbase_"):
        return False
    lang = name.removeprefix("qtbase_")
    return any(lang == want or lang.startswith(want + "_") or want.startswith(lang + "_")
               for want in languages)


def orphaned_libraries(
    dropped: Iterable[str],
    kept: Iterable[tuple[str, str, str]],
    imports_of: Callable[[str], Iterable[str]],
) -> set[str]:
    """Top-level libraries that only the dropped files needed (dest names, to remove too).

    ``dropped`` are source paths of files ``keep()`` rejected; ``kept`` the remaining
    (dest, source, typecode) entries; ``imports_of(source)`` the names a binary links against.
    A library stays if anything kept still links against it, or if nothing dropped did (such as
    one collected for a ctypes call), so only a dropped plugin's private dependencies go.
    """
    entries = list(kept)
    by_name = {
        dest: src
        for dest, src, kind in entries
        if kind == "BINARY" and "/" not in dest and "\\" not in dest
    }

    def closure(starts: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(starts)
        while todo:
            for name in imports_of(todo.pop()):
                if name in by_name and name not in seen:
                    seen.add(name)
                    todo.append(by_name[name])
        return seen

    candidates = closure(dropped)
    still_needed = closure(src for dest, src, _kind in entries if dest not in candidates)
    return candidates - still_needed


def elf_needed(path: str) -> list[str]:
    """The libraries an ELF binary links against directly (its DT_NEEDED entries; Linux).

    Not ldd, which lists dependencies of dependencies too: then a library left to the system
    (such as libdbus-1) would keep its own dependencies in the bundle.
    """
    import subprocess

    out = subprocess.run(["readelf", "-d", "--wide", path], capture_output=True, text=True,
                         check=False).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def runtime_distributions() -> list[str]:
    """Names of the distributions readiness depends on here (markers applied), recursively.

    Their metadata is copied into the bundle so ``importlib.metadata`` (entry points, versions)
    works for them as it does in a virtualenv.
    """
    from packaging.requirements import Requirement  # PyInstaller depends on `packaging`

    seen: dict[str, None] = {}
    todo = ["readiness"]
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        seen[key] = None
        for line in requires:
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            todo.append(req.name)
    return list(seen)


def pyobjc_modules() -> list[str]:
    """Top-level modules of every installed PyObjC distribution (macOS builds only)."""
    found: set[str] = set()
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if not name.startswith("pyobjc"):
            continue
        top = dist.read_text("top_level.txt")
        if top:
            found.update(m.strip() for m in top.split() if m.strip())
            continue
        for file in dist.files or ():
            first = file.parts[0]
            if first.endswith((".dist-info", ".data")) or first == "..":
                continue
            found.add(first.removesuffix(".py").split(".")[0])
    return sorted(m for m in found if m and not m.startswith("_"))


def windows_version_info(meta: ModuleType, version: str) -> str:
    """A PyInstaller version-resource file: Explorer's Properties > Details shows this."""
    nums = meta.numeric_version(version)
    strings = {
        "CompanyName": meta.PUBLISHER,
        "FileDescription": meta.APP_NAME,
        "FileVersion": version,
        "InternalName": meta.APP_NAME,
        "LegalCopyright": meta.COPYRIGHT,
        "OriginalFilename": f"{meta.GUI_EXE}.exe",
        "ProductName": meta.APP_NAME,
        "ProductVersion": version,
    }
    entries = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums!r}, prodvers={nums!r}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080904B0', [
          {entries}])]),
    VarFileInfo([VarStruct('Translation', [2057, 1200])])
  ]
)
"""
