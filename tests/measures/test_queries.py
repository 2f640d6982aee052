"""Query counts for every measures page with a list: built at two data sizes and held to
the SAME maximum, so a query per row (an N+1) fails the larger size."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from measures.models import CommitmentKind, Delivery, ImportJob, Indicator, LM3Survey, Return
from measures.periods import Quarter

from ..accounts.factories import OrganisationFactory, UserFactory
from .factories import (
    commissioner_organisation,
    make_city_figure,
    make_commitment,
    make_contract,
    make_delivery,
    make_lm3,
    make_plan,
    make_return,
    quarters_ago,
    salford_ward,
    with_proxy,
)

pytestmark = pytest.mark.django_db

SIZES = [2, 12]
# Every signed-in page: the session, the user, the user's groups and memberships.
SIGNED_IN = 4
ORG_SLUGS = [
    "people-volunteering",
    "waste-recycled",
    "travel-co2",
    "unpaid-help-to-others",
    "valued-employment",
    "green-travel-to-work",
    "spend-with-salford-organisations",
    "paid-the-real-living-wage",
    "vulnerable-groups-into-jobs",
]


def organisation_indicators(n: int) -> list[str]:
    return ORG_SLUGS[: min(n, len(ORG_SLUGS))]


def returns_for(organisation, n: int, status=Return.Status.APPROVED) -> list[Return]:
    slugs = organisation_indicators(n)
    made = []
    quarter = quarters_ago(0)
    for i in range(n):
        made.append(
            make_return(
                organisation,
                quarter,
                status=Return.Status.DRAFT if i == 0 else status,
                values={slug: str(i + 1) for slug in slugs},
                submitted_by=UserFactory(),
            )
        )
        quarter = quarter.previous()
    return made


@pytest.mark.parametrize("n", SIZES)
def test_your_returns(n, org_a, users, client_for, django_assert_max_num_queries):
    """Prevents a count per organisation: the summary is one grouped query."""
    for _i in range(n):
        organisation = OrganisationFactory()
        users["member_a"].memberships.create(organisation=organisation)
        returns_for(organisation, 2)
    client = client_for("member_a")
    with django_assert_max_num_queries(SIGNED_IN + 1):
        response = client.get("/measures/returns/")
    assert len(response.context["rows"]) == n + 1


@pytest.mark.parametrize("n", SIZES)
def test_an_organisations_returns(n, org_a, client_for, django_assert_max_num_queries):
    """Prevents a query per return (its figures counted) and per indicator of the plan
    or upload listed."""
    make_plan(org_a, slugs=organisation_indicators(n))
    returns_for(org_a, n)
    for i in range(n):
        ImportJob.objects.create(
            kind=ImportJob.Kind.RETURNS, organisation=org_a, filename=f"{i}.csv", status="done"
        )
    client = client_for("member_a")
    # The organisation, its plan and indicators, the open returns, the page's count and
    # rows, the recent uploads.
    with django_assert_max_num_queries(SIGNED_IN + 7):
        response = client.get(f"/measures/organisations/{org_a.slug}/returns/")
    assert len(response.context["page"].object_list) == n


@pytest.mark.parametrize("n", SIZES)
def test_a_return_being_filled_in(n, org_a, client_for, django_assert_max_num_queries):
    """Prevents a query per indicator (its estimate, its linked deliveries) and per
    history event (its actor)."""
    for slug in organisation_indicators(n):
        with_proxy(slug, "10", deadweight="5")
    make_plan(org_a, slugs=organisation_indicators(n))
    (quarterly_return,) = returns_for(org_a, 1)
    for _i in range(n):
        quarterly_return.events.create(action="uploaded", actor=UserFactory())
    client = client_for("member_a")
    with django_assert_max_num_queries(SIGNED_IN + 4):
        response = client.get(f"/measures/returns/{quarterly_return.pk}/")
    assert len(response.context["lines"]) == len(organisation_indicators(n))


@pytest.mark.parametrize("n", SIZES)
def test_the_staff_review_of_a_return(n, org_a, client_for, django_assert_max_num_queries):
    """Prevents a query per figure for the last approved return's figure beside it."""
    make_plan(org_a, slugs=organisation_indicators(n))
    returns = returns_for(org_a, 3)
    submitted = returns[1]
    Return.objects.filter(pk=submitted.pk).update(status=Return.Status.SUBMITTED)
    client = client_for("staff")
    with django_assert_max_num_queries(SIGNED_IN + 5):
        response = client.get(f"/moderation/returns/{submitted.pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_who_has_not_reported(n, client_for, django_assert_max_num_queries):
    """Prevents a query per organisation for its return's status, reminder and last
    approved quarter, and per indicator of the quarter's totals."""
    for i in range(n):
        organisation = OrganisationFactory()
        make_plan(organisation, starts=quarters_ago(4))
        if i % 2:  # owes the quarter, reminded; approved the one before
            make_return(organisation, quarters_ago(1), reminded_at=timezone.now())
        make_return(
            organisation,
            quarters_ago(2 if i % 2 or i % 4 else 1),
            status=Return.Status.APPROVED,
            values={"people-volunteering": "3", "waste-recycled": "1"},
        )
    client = client_for("staff")
    with django_assert_max_num_queries(SIGNED_IN + 6):
        response = client.get("/measures/returns/outstanding/", {"quarter": quarters_ago(1).code})
    assert response.context["counts"]["expected"] == n


@pytest.mark.parametrize("n", SIZES)
def test_city_figures(n, client_for, django_assert_max_num_queries):
    """Prevents a query per figure (its indicator, who entered it) and per upload."""
    staff = UserFactory()
    slugs = list(Indicator.objects.values_list("slug", flat=True))
    for i in range(n):
        figure = make_city_figure(
            slugs[i % len(slugs)],
            start=datetime.date(2000 + i, 1, 1),
            end=datetime.date(2000 + i, 12, 31),
        )
        figure.entered_by = staff
        figure.save()
        ImportJob.objects.create(
            kind=ImportJob.Kind.CITY_FIGURES, filename=f"{i}.csv", created_by=staff
        )
    client = client_for("staff")
    with django_assert_max_num_queries(SIGNED_IN + 4):
        response = client.get("/measures/figures/")
    assert len(response.context["page"].object_list) == n


def _contracts(n: int, commissioner, provider) -> list:
    with_proxy("people-volunteering", "50", deadweight="10", attribution="5")
    made = []
    for i in range(n):
        contract = make_contract(
            commissioner,
            provider if i % 2 else OrganisationFactory(ward=salford_ward()),
            value=str(10_000 * (i + 1)),
            commitments=[
                (CommitmentKind.CORE, "people-volunteering", "20"),
                (CommitmentKind.ADDED, "waste-recycled", "5"),
            ],
        )
        core = contract.commitments.get(kind=CommitmentKind.CORE)
        make_delivery(core, quarters_ago(1), "4", Delivery.Status.CONFIRMED)
        make_delivery(core, quarters_ago(0), "2")
        make_delivery(
            make_commitment(contract, CommitmentKind.UNPREDICTED, "unpaid-help-to-others"),
            quarters_ago(0),
            "7",
            reported_by=UserFactory(),
        )
        made.append(contract)
    return made


@pytest.mark.parametrize("n", SIZES)
def test_the_contracts_register(n, org_a, users, client_for, django_assert_max_num_queries):
    """Prevents a query per contract (its parties, the provider's ward, its counts) and
    per indicator of the register's totals."""
    council = commissioner_organisation(users["commissioner"])
    _contracts(n, council, org_a)
    client = client_for("commissioner")
    # The page's count and rows; the register: totals, the size grid, promised and
    # delivered by indicator, the indicators, and pounds promised and delivered.
    with django_assert_max_num_queries(SIGNED_IN + 9):
        response = client.get("/measures/contracts/")
    assert len(response.context["page"].object_list) == n


@pytest.mark.parametrize("n", SIZES)
def test_a_contract_with_its_commitments_and_deliveries(
    n, org_a, users, client_for, django_assert_max_num_queries
):
    """Prevents a query per commitment (its indicator, what was delivered) and per
    delivery (its commitment, indicator and who reported it)."""
    council = commissioner_organisation(users["commissioner"])
    contract = make_contract(council, org_a)
    for i in range(n):
        commitment = make_commitment(
            contract, CommitmentKind.CORE, ORG_SLUGS[i % len(ORG_SLUGS)], str(i + 1)
        )
        make_delivery(
            commitment, quarters_ago(1), "1", Delivery.Status.CONFIRMED, reported_by=UserFactory()
        )
        make_delivery(commitment, quarters_ago(0), "1", reported_by=UserFactory())
    client = client_for("commissioner")
    with django_assert_max_num_queries(SIGNED_IN + 10):
        response = client.get(f"/measures/contracts/{contract.pk}/")
    assert len(response.context["lines"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_the_delivery_report_form(n, org_a, users, client_for, django_assert_max_num_queries):
    """Prevents a query per commitment for what was reported this quarter."""
    council = commissioner_organisation(users["commissioner"])
    contract = make_contract(council, org_a)
    for i in range(n):
        commitment = make_commitment(contract, CommitmentKind.CORE, ORG_SLUGS[i % 9], "5")
        make_delivery(commitment, Quarter.containing(timezone.localdate()), "1")
    client = client_for("member_a")
    with django_assert_max_num_queries(SIGNED_IN + 3):
        response = client.get(f"/measures/contracts/{contract.pk}/deliveries/")
    assert len(response.context["form"].lines) == n


@pytest.mark.parametrize("n", SIZES)
def test_an_organisations_lm3(n, org_a, client_for, django_assert_max_num_queries):
    """The history is one query however long."""
    for i in range(n):
        survey = make_lm3(org_a)
        LM3Survey.objects.filter(pk=survey.pk).update(
            period_start=datetime.date(2000 + i, 4, 1), period_end=datetime.date(2001 + i, 3, 31)
        )
    client = client_for("member_a")
    with django_assert_max_num_queries(SIGNED_IN + 2):
        response = client.get(f"/measures/organisations/{org_a.slug}/lm3/")
    assert len(response.context["history"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_an_uploads_problems(n, org_a, client_for, django_assert_max_num_queries):
    """The problems are kept on the job: no query per problem."""
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS,
        organisation=org_a,
        filename="r.csv",
        status=ImportJob.Status.INVALID,
        problem_count=n,
        problems=[{"row": i + 2, "column": "value", "problem": "Wrong"} for i in range(n)],
    )
    client = client_for("member_a")
    with django_assert_max_num_queries(SIGNED_IN + 1):
        response = client.get(f"/measures/imports/{job.pk}/")
    assert response.content.decode().count('data-testid="import-problem"') == n
