"""The QR code of a personal link, drawn by ``segno`` (pure Python, no image library).

``qr_svg`` is inline SVG for the page (no ``style`` attribute: the strict CSP allows it);
``qr_png`` is a file to print or send.
"""

from __future__ import annotations

import io

import segno


def _code(url: str) -> segno.QRCode:
    return segno.make_qr(url, error="m")


def qr_svg(url: str, *, scale: int = 5) -> str:
    """An ``<svg>`` element (no XML declaration) drawing ``url``'s QR code."""
    out = io.BytesIO()
    _code(url).save(
        out,
        kind="svg",
        scale=scale,
        border=2,
        xmldecl=False,
        svgns=True,
        nl=False,
        svgclass="qr",
        lineclass=None,
    )
    return out.getvalue().decode("utf-8")


def qr_png(url: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
