"""A report's three renderings from its stored figures: the HTML fragment the page and
the PDF share (``reporting/reports/body.html``), the PDF, and the CSV rows.

WeasyPrint is given the fragment inside a print page and a local stylesheet, and a URL
fetcher that refuses anything but this machine's files: a report never reaches out.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ProgressReport
from . import charts
from . import tables as t

PDF_STYLESHEET = (
    Path(__file__).resolve().parent.parent / "static" / "reporting" / "report_print.css"
)


def _decimal(raw) -> Decimal | None:
    try:
        return None if raw is None else Decimal(raw)
    except InvalidOperation:
        return None


def sections_with_charts(figures: dict) -> list[dict]:
    """The sections, each with its SVG chart (if it has one) drawn from its own rows."""
    drawn = []
    for section in figures.get("sections", []):
        spec = section.get("chart")
        svg = None
        if spec and section["rows"]:
            index = spec["column"]
            bars = [
                (r["cells"][0]["t"], _decimal(r["cells"][index]["v"]), r["cells"][index]["t"])
                for r in section["rows"]
            ]
            svg = charts.bar_chart(
                chart_id=f"chart-{section['key']}",
                title=spec["title"],
                bars=bars,
                scale_max=_decimal(spec.get("scale_max")),
                mark=_decimal(spec.get("mark")),
                mark_label=spec.get("mark_label", ""),
            )
        drawn.append({**section, "svg": svg})
    return drawn


def body_context(report: ProgressReport) -> dict:
    return {
        "report": report,
        "headlines": report.figures.get("headlines", []),
        "sections": sections_with_charts(report.figures),
    }


def html_fragment(report: ProgressReport) -> str:
    return render_to_string("reporting/reports/body.html", body_context(report))


def _local_only(url: str, timeout: int = 10, ssl_context=None):
    from weasyprint import default_url_fetcher

    if not url.startswith(("file:", "data:")):
        raise ValueError(f"reports fetch nothing from elsewhere: {url}")
    return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)


def pdf_bytes(report: ProgressReport) -> bytes:
    from weasyprint import CSS, HTML

    page = render_to_string(
        "reporting/reports/pdf.html",
        {**body_context(report), "printed_at": timezone.now()},
    )
    document = HTML(string=page, base_url=str(PDF_STYLESHEET.parent), url_fetcher=_local_only)
    return document.write_pdf(stylesheets=[CSS(filename=str(PDF_STYLESHEET))])


def csv_header() -> list[str]:
    return [str(_("Section")), str(_("Figure")), str(_("Measure")), str(_("Value"))]


def csv_rows(report: ProgressReport):
    yield [str(_("Report")), report.title, str(_("Period")), report.period_label]
    yield from t.csv_rows(report.figures)
