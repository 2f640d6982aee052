"""The city's monthly report and one organisation's quarterly report, timed with their
peak memory, each in a child process of its own so that one's memory is not the other's.

    python -m bench.reports city|organisation   (prints one JSON line)

Uses ``reporting.services`` (``report_request``, ``report_generate``) when the portal has
them; prints ``{"absent": ...}`` when it does not yet.
"""

from __future__ import annotations

import datetime
import json
import resource
import subprocess
import sys
import time

from .server import BASE_DIR, BIN


def _mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(scope: str) -> dict:
    import django

    django.setup()
    before = _mb()
    try:
        from reporting import services
    except ImportError as error:
        return {"absent": f"reporting.services is not in this portal yet ({error})"}
    if not all(hasattr(services, name) for name in ("report_request", "report_generate")):
        return {"absent": "reporting.services has no report_request/report_generate yet"}
    from django.db.models import Count

    from accounts.models import Organisation
    from pledges.models import Pledge

    # Generated here and now, not by a worker: the run is the thing being timed.
    services._enqueue = lambda *args, **kwargs: None
    today = datetime.date.today()
    first_of_month = today.replace(day=1)
    organisation = None
    if scope == "city":
        day = first_of_month - datetime.timedelta(days=1)  # last month
    else:
        day = (first_of_month - datetime.timedelta(days=80)).replace(day=1)  # a past quarter
        # The organisation with the most public pledges: the largest report there is.
        busiest = (
            Pledge.objects.public()
            .filter(organisation__isnull=False)
            .values("organisation")
            .order_by("organisation")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        organisation = Organisation.objects.get(pk=busiest["organisation"])
    period = services.report_period(scope=scope, day=day)
    report, _ = services.report_request(scope=scope, period=period, organisation=organisation)
    started = time.perf_counter()
    outcome = services.report_generate(report_id=report.pk, token=str(report.run_token))
    seconds = time.perf_counter() - started
    return {
        "scope": scope,
        "period": f"{period.start} to {period.end}",
        "organisation": organisation.name if organisation else None,
        "outcome": str(outcome),
        "seconds": round(seconds, 2),
        "peak_memory_mb": round(_mb(), 1),
        "memory_before_mb": round(before, 1),
    }


def measure(scope: str, env: dict[str, str]) -> dict:
    completed = subprocess.run(  # noqa: S603 - this module, in a child process
        [str(BIN / "python"), "-m", "bench.reports", scope],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode or not lines:
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-5:]
        return {"error": "\n".join(tail)}
    return json.loads(lines[-1])


if __name__ == "__main__":
    print(json.dumps(_measure(sys.argv[1])))
