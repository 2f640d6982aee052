"""Site-wide pages: the service status page, the bad-request page, and the health checks
the load balancer and the orchestrator use."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.cache import cache_reachable

logger = logging.getLogger(__name__)


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


def _checks() -> dict[str, bool]:
    return {"database": _database_ok(), "broker": _broker_ok()}


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: the database and the Celery broker answer. 503 names what is down."""
    checks = _checks()
    down = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "ok" if not down else "unavailable",
        "checks": {name: "ok" if ok else "down" for name, ok in checks.items()},
        "down": down,
    }
    return JsonResponse(body, status=200 if not down else 503)


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """What ``/readyz`` checks, in words for people (the footer's "Service status"), and
    the cache, which the site works without but for its rate-limited actions."""
    checks = {**_checks(), "cache": cache_reachable()}
    context = {"checks": checks, "all_ok": all(checks.values()), "checked_at": timezone.now()}
    code = 200 if context["all_ok"] else 503
    if checks["database"]:
        return render(request, "status.html", context, status=code)
    # Who is signed in is kept in the database: without it, the page is rendered as the
    # 500 page is, with no context processor that reads the database.
    return HttpResponse(render_to_string("status.html", context), status=code)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page, rendered from nothing the request carries.

    What was wrong may be its host name, and middleware may have refused it before
    anyone was signed in, so context processors (which read both) are not run.
    """
    return HttpResponseBadRequest(render_to_string("400.html"))
