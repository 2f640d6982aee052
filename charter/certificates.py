"""The certificate's QR code: the verification address, drawn on the server as SVG by
segno (no script, no image request: the markup sits in the page)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code of ``url``, made only of segno's own path markup (the URL is
    encoded in the path, never written out), so it is safe to put in a page. The page
    names it: its wrapper has ``role="img"`` and a label."""
    code = segno.make(url, error="m")
    return mark_safe(code.svg_inline(scale=4, border=2, svgclass="qr-code", lineclass=None))
