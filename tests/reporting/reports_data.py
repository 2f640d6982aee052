"""Data for the progress report tests: a month and a quarter with something in every
section, made directly (the services that make them are tested in their own apps)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Organisation
from charter.models import Signature
from measures.models import CommitmentKind, Delivery
from measures.periods import Quarter
from pledges.models import Pledge
from reporting.models import ProgressReport
from reporting.reports.periods import Period, period_containing

from ..accounts.factories import OrganisationFactory
from ..charter.factories import make_signature
from ..measures.factories import (
    commissioner_organisation,
    make_city_figure,
    make_commitment,
    make_contract,
    make_delivery,
    make_lm3,
    make_plan,
    make_return,
    salford_ward,
    with_proxy,
)
from ..pledges.factories import make_pledge


def last_month() -> Period:
    return period_containing(ProgressReport.Kind.MONTHLY, timezone.localdate()).previous()


def last_quarter() -> Period:
    return period_containing(ProgressReport.Kind.QUARTERLY, timezone.localdate()).previous()


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


def city_activity(*, organisations: int = 2, period: Period | None = None) -> dict:
    """``organisations`` providers, each with a pledge made and approved in ``period``,
    a contract with social value delivered, a return and an LM3; one verified charter
    signatory; a city figure for outcome 1. Returns what the checks look for."""
    period = period or last_month()
    when = at_noon(period.start + datetime.timedelta(days=3))
    with_proxy("people-volunteering", "10", deadweight="20")
    commissioner = Organisation.objects.filter(
        name="Salford City Council"
    ).first() or commissioner_organisation(name="Salford City Council")
    quarter = Quarter.containing(period.start)
    made = []
    for i in range(organisations):
        provider = OrganisationFactory(
            ward=salford_ward(), name=f"Provider {i} ({period.start:%b %Y})"
        )
        make_plan(provider, starts=quarter.previous())
        made.append(
            make_pledge(
                status=Pledge.Status.APPROVED,
                organisation=provider,
                submitted_at=when,
                approved_at=when,
            )
        )
        contract = make_contract(
            commissioner,
            provider,
            value="100000",
            starts_on=period.start - datetime.timedelta(days=30),
            ends_on=period.end + datetime.timedelta(days=300),
        )
        commitment = make_commitment(contract, CommitmentKind.CORE, "people-volunteering", "50")
        make_delivery(commitment, quarter=quarter, quantity="5", status=Delivery.Status.CONFIRMED)
        make_return(
            provider,
            quarter=quarter.previous(),
            status="approved",
            values={"people-volunteering": "12"},
            submitted_at=when,
            approved_at=when,
        )
        make_lm3(provider)
    signature = make_signature(OrganisationFactory(name=f"Charter Co ({period.start:%b %Y})"))
    Signature.objects.filter(pk=signature.pk).update(
        status=Signature.Status.VERIFIED,
        verified_at=when,
        signatory_since=when,
        cycle_started_at=when,
    )
    make_city_figure(value="47500", start=period.start, end=period.end)
    return {"pledges": made, "commissioner": commissioner}


def ready_report(*, scope: str, organisation=None, period: Period | None = None) -> ProgressReport:
    """A report generated for real (figures, PDF) by the service, without a broker."""
    from reporting import services

    period = period or (last_month() if scope == "city" else last_quarter())
    report, _asked = services.report_request(scope=scope, organisation=organisation, period=period)
    services.report_generate(report_id=report.pk, token=str(report.run_token))
    report.refresh_from_db()
    return report
