"""Builds the Ubuntu/Debian package from the frozen bundle.

    python packaging/linux/build_deb.py [dist/readiness] [dist]

Lays the bundle out under /opt/readiness with a /usr/bin/readiness link, the .desktop launcher,
the AppStream metainfo and the hicolor icons, then runs ``dpkg-deb --build``. No maintainer
scripts: dpkg's triggers refresh the icon cache and the menu on install and removal.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# zstd: 12 s and about 80 MiB here, where xz takes five minutes for 65 MiB. dpkg reads zstd
# packages on Ubuntu 21.10+ and Debian 12+, older than anything the bundle runs on.
COMPRESSION = ("-Zzstd", "-z12")


def _metadata() -> ModuleType:
    path = ROOT / "packaging" / "app_metadata.py"
    spec = importlib.util.spec_from_file_location("app_metadata", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _normalise_modes(top: Path) -> None:
    """0755 for folders and executables, 0644 for the rest: what dpkg and lintian expect."""
    for path in [top, *top.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        executable = path.is_dir() or bool(mode & stat.S_IXUSR)
        path.chmod(0o755 if executable else 0o644)


def _size_kib(top: Path) -> int:
    total = 0
    for path in top.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return (total + 1023) // 1024


def _arch() -> str:
    out = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True, timeout=30
    )
    return out.stdout.strip()


def stage(bundle: Path, staging: Path, meta: ModuleType, version: str, arch: str) -> None:
    if staging.exists():
        shutil.rmtree(staging)
    opt = staging / "opt" / "readiness"
    shutil.copytree(bundle, opt, symlinks=True)
    usr_bin = staging / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    # Relative, so the package also works when unpacked somewhere else (the smoke test does).
    (usr_bin / "readiness").symlink_to(Path("../../opt/readiness") / meta.LINUX_EXE)
    share = staging / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(HERE / f"{meta.APP_ID}.desktop", share / "applications")
    (share / "metainfo").mkdir(parents=True)
    shutil.copy2(HERE / f"{meta.APP_ID}.metainfo.xml", share / "metainfo")
    shutil.copytree(HERE / "icons" / "hicolor", share / "icons" / "hicolor")
    doc = share / "doc" / "readiness"
    doc.mkdir(parents=True)
    shutil.copy2(ROOT / "SECURITY.md", doc / "SECURITY.md")
    shutil.copy2(ROOT / "assets" / "privacy.md", doc / "privacy.md")
    _normalise_modes(staging)
    debian = staging / "DEBIAN"
    debian.mkdir(mode=0o755)
    control = meta.deb_control(version, _size_kib(staging), arch)
    (debian / "control").write_text(control, encoding="utf-8")
    (debian / "control").chmod(0o644)


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else ROOT / "dist" / "readiness"
    out_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "dist"
    if not (bundle / "readiness").is_file():
        print(f"build_deb: no frozen app at {bundle}/readiness; run PyInstaller first",
              file=sys.stderr)
        return 2
    if shutil.which("dpkg-deb") is None:
        print("build_deb: dpkg-deb not found (it comes with dpkg on Debian/Ubuntu)",
              file=sys.stderr)
        return 2
    meta = _metadata()
    version = meta.read_version()
    arch = _arch()
    staging = ROOT / "build" / "deb" / "root"
    os.umask(0o022)
    stage(bundle, staging, meta, version, arch)
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"readiness_{version}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--build", "--root-owner-group", *COMPRESSION, str(staging), str(deb)],
        check=True,
        timeout=1800,
    )
    print(f"built {deb} ({deb.stat().st_size // (1024 * 1024)} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
