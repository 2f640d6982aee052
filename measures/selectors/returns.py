"""Reads for returns: an organisation's quarters, one return, the staff's queue and who
has not reported."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from accounts.models import Organisation

from ..calculations import Estimate
from ..models import Indicator, ReportingPlan, Return, ReturnEvent, ReturnValue
from ..periods import Quarter

Status = Return.Status


def organisations_summary(*, organisations: list[Organisation], today: datetime.date) -> dict:
    """Organisation id -> counts of its returns by what they need, in one query."""
    rows = (
        Return.objects.filter(organisation__in=organisations)
        .values("organisation_id")
        .annotate(
            overdue=Count("pk", filter=Q(status__in=Return.EDITABLE, due_on__lt=today)),
            due=Count("pk", filter=Q(status__in=Return.EDITABLE, due_on__gte=today)),
            returned=Count("pk", filter=Q(status=Status.RETURNED)),
            waiting=Count("pk", filter=Q(status=Status.SUBMITTED)),
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
        )
        .order_by()
    )
    return {row["organisation_id"]: row for row in rows}


def reporting_plan(*, organisation: Organisation) -> ReportingPlan | None:
    return (
        ReportingPlan.objects.filter(organisation=organisation)
        .prefetch_related("indicators")
        .first()
    )


def organisation_returns(*, organisation: Organisation) -> QuerySet[Return]:
    return (
        Return.objects.filter(organisation=organisation)
        .annotate(figures=Count("values"))
        .order_by("-period_start")
    )


def organisation_attention(*, organisation: Organisation) -> list[Return]:
    """The returns still with the organisation, oldest first: overdue, due, returned."""
    return list(
        Return.objects.filter(organisation=organisation, status__in=Return.EDITABLE)
        .annotate(figures=Count("values"))
        .order_by("period_start")
    )


def return_for_page(*, pk: int) -> Return:
    return Return.objects.select_related("organisation", "submitted_by", "approved_by").get(pk=pk)


@dataclass
class ReturnLine:
    """One indicator on a return's page: its figure (if any) and its estimate."""

    indicator: Indicator
    value: ReturnValue | None

    @property
    def estimate(self) -> Estimate | None:
        return self.indicator.estimate(self.value.value if self.value else None)


def return_lines(*, quarterly_return: Return) -> list[ReturnLine]:
    """What the organisation reports (while the return is open) and what it gave."""
    values = {
        v.indicator_id: v
        for v in ReturnValue.objects.filter(quarterly_return=quarterly_return)
        .select_related("indicator")
        .annotate(linked=Count("deliveries"))
    }
    indicators = {v.indicator_id: v.indicator for v in values.values()}
    if quarterly_return.is_editable:
        planned = Indicator.objects.filter(
            reporting_plans__organisation_id=quarterly_return.organisation_id
        )
        indicators.update({i.pk: i for i in planned})
    ordered = sorted(indicators.values(), key=lambda i: (i.order, i.name))
    return [ReturnLine(indicator=i, value=values.get(i.pk)) for i in ordered]


def return_history(*, quarterly_return: Return) -> QuerySet[ReturnEvent]:
    return quarterly_return.events.select_related("actor").order_by("-at", "-pk")


def returns_awaiting_review(*, search: str = "") -> QuerySet[Return]:
    """Submitted returns, oldest first, for the staff's queue."""
    returns = (
        Return.objects.filter(status=Status.SUBMITTED)
        .select_related("organisation", "submitted_by")
        # A correlated count: for the page's rows only (after LIMIT), and left out of
        # the paginator's count(), instead of grouping every submitted return (issue 14).
        .annotate(
            figures=Coalesce(
                Subquery(
                    ReturnValue.objects.filter(quarterly_return=OuterRef("pk"))
                    .order_by()
                    .values("quarterly_return")
                    .annotate(n=Count("*"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            )
        )
    )
    if search:
        returns = returns.filter(
            Q(organisation__name__icontains=search)
            | Q(submitted_by__display_name__icontains=search)
        )
    return returns.order_by("submitted_at", "pk")


# ---------------------------------------------------------------------------
# Who has not reported
# ---------------------------------------------------------------------------


def expected_organisations(*, quarter: Quarter) -> QuerySet[Organisation]:
    """Organisations that report and owe a return for ``quarter``."""
    return Organisation.objects.filter(
        suspended_at__isnull=True, reporting_plan__starts_on__lte=quarter.start
    )


def quarter_counts(*, quarter: Quarter) -> dict[str, int]:
    """How many organisations owe a return for ``quarter`` and where they stand."""
    this_quarter = Q(returns__period_start=quarter.start)
    counts = expected_organisations(quarter=quarter).aggregate(
        expected=Count("pk", distinct=True),
        approved=Count("pk", filter=this_quarter & Q(returns__status=Status.APPROVED)),
        waiting=Count("pk", filter=this_quarter & Q(returns__status=Status.SUBMITTED)),
    )
    counts["outstanding"] = counts["expected"] - counts["approved"] - counts["waiting"]
    return counts


def outstanding_organisations(*, quarter: Quarter, search: str = "") -> QuerySet[Organisation]:
    """Organisations whose return for ``quarter`` is not submitted or approved, with where
    that return stands, when they were last reminded, and their last approved quarter."""
    this_return = Return.objects.filter(organisation=OuterRef("pk"), period_start=quarter.start)
    organisations = (
        expected_organisations(quarter=quarter)
        .exclude(
            returns__period_start=quarter.start,
            returns__status__in=[Status.SUBMITTED, Status.APPROVED],
        )
        .annotate(
            return_id=Subquery(this_return.values("pk")[:1]),
            return_status=Subquery(this_return.values("status")[:1]),
            reminded_at=Subquery(this_return.values("reminded_at")[:1]),
            last_approved=Max("returns__period_start", filter=Q(returns__status=Status.APPROVED)),
        )
    )
    if search:
        organisations = organisations.filter(name__icontains=search)
    return organisations.order_by(F("last_approved").asc(nulls_first=True), "name")


def previous_approved_values(*, quarterly_return: Return) -> dict:
    """The organisation's latest approved return before this one, and its figures by
    indicator id, for staff to compare against."""
    previous = (
        Return.objects.filter(
            organisation_id=quarterly_return.organisation_id,
            status=Status.APPROVED,
            period_start__lt=quarterly_return.period_start,
        )
        .order_by("-period_start")
        .first()
    )
    if previous is None:
        return {"return": None, "values": {}}
    return {
        "return": previous,
        "values": {
            v.indicator_id: v.value for v in ReturnValue.objects.filter(quarterly_return=previous)
        },
    }


# ---------------------------------------------------------------------------
# Open data: approved figures in aggregate
# ---------------------------------------------------------------------------


def approved_totals_by_quarter_and_indicator(
    *, indicator: str = "", quarter: Quarter | None = None
) -> QuerySet:
    """Approved return figures summed per quarter and indicator, with how many
    organisations gave them, newest quarter first: rows of ``period_start``,
    ``period_end``, the indicator's slug, name and unit, ``organisations`` and ``total``.
    Nothing waiting, returned or in draft counts. One query."""
    values = ReturnValue.objects.filter(quarterly_return__status=Status.APPROVED)
    if indicator:
        values = values.filter(indicator__slug=indicator)
    if quarter is not None:
        values = values.filter(quarterly_return__period_start=quarter.start)
    return (
        values.values(
            "quarterly_return__period_start",
            "quarterly_return__period_end",
            "indicator__slug",
            "indicator__name",
            "indicator__unit",
            "indicator__order",
        )
        .annotate(
            organisations=Count("quarterly_return__organisation", distinct=True),
            total=Sum("value"),
        )
        .order_by("-quarterly_return__period_start", "indicator__order", "indicator__name")
    )
