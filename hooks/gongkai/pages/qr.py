"""QR codes for printed notices, made at build time: zxing-cpp (C++) encodes, the SVG is one path.

segno (pure Python) spent 10 ms a code choosing the best mask, 75 s for the 7,500 notices of a
five-year archive; zxing-cpp takes 0.3 ms. The template draws the path (partials/gongkai/print-foot.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import zxingcpp

_DARK = re.compile(rb"\x00+")
QUIET = 2  # modules of light margin around the code (the paper around it adds the rest)


@dataclass(frozen=True)
class QRCode:
    """A QR code as one SVG path of dark runs, in module units."""

    text: str
    size: int  # modules, margin included
    path: str


def make_qr(text: str) -> QRCode:
    """Encode text (error correction level M) into an SVG path."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    width = image.shape[1]
    cells = memoryview(image).tobytes()  # 0: dark, 255: light
    runs = []
    for y in range(image.shape[0]):
        for run in _DARK.finditer(cells, y * width, (y + 1) * width):
            start, length = run.start() - y * width, run.end() - run.start()
            runs.append(f"M{start + QUIET} {y + QUIET}h{length}v1h-{length}z")
    return QRCode(text, width + 2 * QUIET, "".join(runs))
