"""Site-wide pages: home, and the health checks the load balancer and orchestrator use."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from pledges.selectors import campaign_totals, latest_pledges

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    totals = campaign_totals()
    # A pledge can serve several themes: each bar is the share of all pledges serving it.
    everyone = totals["pledges"] or 1
    themes = [
        {**theme, "percent": round(theme["pledges"] * 100 / everyone)} for theme in totals["themes"]
    ]
    return render(
        request,
        "home.html",
        {"totals": totals, "themes": themes, "latest": latest_pledges(limit=6)},
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up. No database or broker work, so it stays cheap and honest."""
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Readiness: database unreachable")
        return False
    return True


def _broker_ok() -> bool:
    from salford_sv.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.exception("Readiness: broker unreachable")
        return False
    return True


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: the database and the Celery broker answer. 503 names what is down."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    down = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "ok" if not down else "unavailable",
        "checks": {name: "ok" if ok else "down" for name, ok in checks.items()},
        "down": down,
    }
    return JsonResponse(body, status=200 if not down else 503)
