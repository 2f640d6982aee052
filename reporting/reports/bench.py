"""What the city report costs: wall time, peak memory and queries, for ``make bench``.

    python -c "import django; django.setup(); from reporting.reports.bench import main; main()"

``measure`` builds the figures and the PDF as a worker would, without saving anything,
and reports the wall and CPU time, the process's peak resident size (what a worker's
memory limit sees) and the number of queries. The issue asks for under 30 s and 500 MB
at city scale (``seed_demo --organisations 10000``). Not under ``tracemalloc``: it slows
WeasyPrint several times over and would measure itself.
"""

from __future__ import annotations

import resource
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ..models import ProgressReport
from .periods import last_ended


def measure(*, scope: str = ProgressReport.Scope.CITY, organisation=None, period=None) -> dict:
    from .. import services

    kind = ProgressReport.Kind.MONTHLY if organisation is None else ProgressReport.Kind.QUARTERLY
    period = period or last_ended(kind, timezone.localdate())
    report = ProgressReport(
        scope=scope,
        organisation=organisation,
        kind=kind,
        period_start=period.start,
        period_end=period.end,
    )
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        report.figures = services.report_figures(report)
        figures_seconds = time.perf_counter() - started
        report.generated_at = timezone.now()
        from . import render

        pdf = render.pdf_bytes(report)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return {
        "period": report.period_label,
        "seconds": seconds,
        "figures_seconds": figures_seconds,
        "cpu_seconds": cpu_seconds,
        "process_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "queries": len(queries),
        "pdf_kb": len(pdf) / 1024,
    }


def main() -> None:
    from accounts.models import Organisation

    result = measure()
    print(
        f"City report for {result['period']}: {result['seconds']:.1f} s "
        f"(CPU {result['cpu_seconds']:.1f} s; figures {result['figures_seconds']:.1f} s, "
        f"{result['queries']} queries), process peak "
        f"{result['process_peak_mb']:.0f} MB, PDF {result['pdf_kb']:.0f} KB "
        f"({Organisation.objects.count()} organisations)"
    )
