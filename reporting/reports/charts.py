"""Bar charts drawn on the server as SVG: the same markup in the page and in the PDF
(WeasyPrint runs no JavaScript). Each chart has a table of the same figures beside it,
so the SVG is an image with a title, not the only way to read the data.

Only presentation attributes are used, never ``style``: the site's CSP forbids inline
styles in the page.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LABEL_WIDTH = 230
BAR_HEIGHT = 18
GAP = 8
TOP = 28
BAR_COLOUR = "#1d4f91"
SECOND_COLOUR = "#6b8e23"
MARK_COLOUR = "#b00020"
TEXT_COLOUR = "#1b1b1b"


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: list[tuple[str, Decimal | None, str]],
    scale_max: Decimal | None = None,
    mark: Decimal | None = None,
    mark_label: str = "",
) -> SafeString:
    """Horizontal bars, one per ``(label, value, text shown at its end)``; a bar with no
    value is drawn empty with its text. ``mark`` draws a vertical line (a target) at that
    value. Bars below zero are drawn as zero: the text says the real figure."""
    values = [v for _l, v, _t in bars if v is not None]
    top = max([Decimal(1), *(Decimal(v) for v in values), *([mark] if mark else [])])
    top = max(top, scale_max or 0)
    plot = WIDTH - LABEL_WIDTH - 90
    height = TOP + len(bars) * (BAR_HEIGHT + GAP) + 10

    def x(value) -> int:
        return LABEL_WIDTH + int(plot * max(Decimal(0), Decimal(value)) / top)

    rows = []
    for index, (label, value, text) in enumerate(bars):
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = (x(value) - LABEL_WIDTH) if value is not None else 0
        rows.append(
            (
                LABEL_WIDTH - 6,
                y + BAR_HEIGHT - 5,
                TEXT_COLOUR,
                _short(label),
                LABEL_WIDTH,
                y,
                width,
                BAR_HEIGHT,
                BAR_COLOUR,
                LABEL_WIDTH + width + 4,
                y + BAR_HEIGHT - 5,
                TEXT_COLOUR,
                text,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" fill="{}" font-size="11" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" fill="{}" font-size="11">{}</text>',
        rows,
    )
    marker = mark_safe("")
    if mark is not None:
        mx = x(mark)
        marker = format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
            'stroke-dasharray="4 3"></line>'
            '<text x="{}" y="{}" fill="{}" font-size="11" text-anchor="middle">{}</text>',
            mx,
            TOP - 6,
            mx,
            height - 6,
            MARK_COLOUR,
            mx,
            TOP - 10,
            MARK_COLOUR,
            mark_label,
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        'aria-labelledby="{}-title" viewBox="0 0 {} {}" width="{}" height="{}">'
        '<title id="{}-title">{}</title>{}{}</svg>',
        chart_id,
        WIDTH,
        height,
        WIDTH,
        height,
        chart_id,
        title,
        body,
        marker,
    )
