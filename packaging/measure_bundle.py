"""Prints the size of a frozen bundle and its largest parts (the table in packaging/README.md).

    python packaging/measure_bundle.py [dist/readiness] [--top N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

# Parts grouped under one name: what a reader decides about (drop, keep, shrink).
_GROUPS = (
    ("PySide6/Qt/lib/libicu", "ICU (Unicode data Qt links against)"),
    ("PySide6/Qt/lib/", "Qt libraries"),
    ("PySide6/Qt/plugins/", "Qt plugins"),
    ("PySide6/Qt/translations/", "Qt translations"),
    ("PySide6/", "PySide6 bindings"),
    ("shiboken6/", "PySide6 bindings"),
    ("libpython", "Python interpreter"),
    ("python3", "Python standard library extensions"),
    ("base_library.zip", "Python standard library extensions"),
    ("cryptography", "cryptography"),
    ("assets/", "Readiness assets (catalogue, icons, schemas)"),
)


def group_of(relative: str) -> str:
    inner = relative.split("_internal/", 1)[-1]
    for prefix, name in _GROUPS:
        if inner.startswith(prefix):
            return name
    if "/" not in inner:
        if inner.endswith((".so", ".dll", ".dylib")) or ".so." in inner:
            return "other shared libraries"
        return "executables and archives"
    return inner.split("/", 1)[0]


def measure(bundle: Path) -> tuple[int, Counter[str], list[tuple[int, str]]]:
    groups: Counter[str] = Counter()
    files: list[tuple[int, str]] = []
    total = 0
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            rel = path.relative_to(bundle).as_posix()
            total += size
            groups[group_of(rel)] += size
            files.append((size, rel))
    files.sort(reverse=True)
    return total, groups, files


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", nargs="?", default="dist/readiness", type=Path)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"measure_bundle: {args.bundle} is not a folder", file=sys.stderr)
        return 2
    total, groups, files = measure(args.bundle)
    print(f"bundle {args.bundle}: {_mib(total)} in {len(files)} files")
    print("\n| part | size |\n|---|---|")
    for name, size in groups.most_common(args.top):
        print(f"| {name} | {_mib(size)} |")
    print("\n| largest files | size |\n|---|---|")
    for size, rel in files[: args.top]:
        print(f"| `{rel}` | {_mib(size)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
