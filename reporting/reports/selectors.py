"""Reads for the report archive: the reports a person may see, newest first."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Organisation
from accounts.permissions import is_alliance_staff, memberships_by_org

from ..models import ProgressReport
from .permissions import can_view_city_reports

ARCHIVE_PAGE_SIZE = 25


def reports_for(*, user, scope: str = "") -> QuerySet[ProgressReport]:
    """Staff see every report; commissioners the city's; members their organisations'.
    Reports still being generated for the first time are listed too, with their status."""
    reports = ProgressReport.objects.select_related("organisation").defer("figures", "summary")
    if not is_alliance_staff(user):
        allowed = Q(organisation_id__in=list(memberships_by_org(user)))
        if can_view_city_reports(user):
            allowed |= Q(scope=ProgressReport.Scope.CITY)
        reports = reports.filter(allowed)
    if scope in ProgressReport.Scope.values:
        reports = reports.filter(scope=scope)
    return reports.order_by("-period_start", "scope", "organisation__name", "pk")


def latest_reports(*, user, limit: int = 5) -> list[ProgressReport]:
    """The newest reports ``user`` may see that have figures: for a role's home page."""
    return list(reports_for(user=user).filter(generated_at__isnull=False)[:limit])


def report_for_page(*, pk: int) -> ProgressReport:
    """Raises ProgressReport.DoesNotExist."""
    return ProgressReport.objects.select_related("organisation", "requested_by").get(pk=pk)


def organisation_named(*, name_or_slug: str, slug: str) -> Organisation | None:
    """The organisation, not suspended, whose name (in any case) or slug is given."""
    return (
        Organisation.objects.filter(suspended_at__isnull=True)
        .filter(Q(name__iexact=name_or_slug) | Q(slug=slug))
        .order_by("pk")
        .first()
    )
