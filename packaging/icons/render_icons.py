"""Renders the app icon SVG into every size and format the installers need.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/render_icons.py [SOURCE.svg]

Writes (and these outputs are committed, so a package build needs neither Qt rendering nor
Pillow for icons):
- packaging/linux/icons/hicolor/<N>x<N>/apps/<app id>.png for the freedesktop sizes, and the
  SVG itself as hicolor/scalable/apps/<app id>.svg;
- packaging/icons/readiness.ico (Windows: 16-256 px) and readiness.icns (macOS: 16-1024 px).

Run it again whenever the source SVG changes (the default source is the app's own icon,
assets/icons/app.svg, so the launcher and the window show the same picture).
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LINUX_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def _app_id() -> str:
    path = ROOT / "packaging" / "app_metadata.py"
    spec = importlib.util.spec_from_file_location("app_metadata", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.APP_ID)


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # Qt needs an application
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg} as SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image

    source = Path(argv[0]) if argv else ROOT / "assets" / "icons" / "app.svg"
    app_id = _app_id()
    hicolor = ROOT / "packaging" / "linux" / "icons" / "hicolor"
    pngs: dict[int, bytes] = {}
    for size in sorted({*LINUX_SIZES, *ICO_SIZES, *ICNS_SIZES}):
        pngs[size] = render_png(source, size)
    for size in LINUX_SIZES:
        out = hicolor / f"{size}x{size}" / "apps" / f"{app_id}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pngs[size])
    scalable = hicolor / "scalable" / "apps" / f"{app_id}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable)

    images = {size: Image.open(io.BytesIO(pngs[size])).convert("RGBA") for size in pngs}
    largest = images[max(ICO_SIZES)]
    largest.save(
        HERE / "readiness.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    images[1024].save(
        HERE / "readiness.icns",
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != 1024],
    )
    print(f"rendered {source.name} for {app_id}: {len(LINUX_SIZES)} PNG sizes, .ico, .icns")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
