"""Query counts for the case study pages: they must not grow with the data.

Each page is built at two data sizes and held to the SAME maximum, so an N+1 (a query
per case study, organisation, outcome, theme or history event) fails the larger size.
"""

from __future__ import annotations

import pytest

from measures.models import Outcome
from toolkit.models import CaseStudy, CaseStudyEvent

from ..accounts.factories import OrganisationFactory, UserFactory
from .case_study_factories import make_case_study, upload

pytestmark = pytest.mark.django_db

Status = CaseStudy.Status

# Anonymous list: the outcomes for the filter, the count, the page of case studies with
# their organisations, and the page's outcomes with their themes.
LIST_MAX = 4
# Signed in adds the session, the user, their groups and memberships.
SIGNED_IN = 4
# A case study's page: the case study (organisation, author), its outcomes, its history.
DETAIL_MAX = SIGNED_IN + 3
# The staff review: the same, and no more.
REVIEW_MAX = SIGNED_IN + 3


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _published(n: int) -> None:
    """``n`` published case studies from ``n`` organisations, each with an image and two
    or three outcomes from different themes."""
    outcomes = list(Outcome.objects.all())
    for i in range(n):
        make_case_study(
            organisation=OrganisationFactory(),
            status=Status.APPROVED,
            outcomes=[outcomes[i % 11], outcomes[(i + 4) % 11], outcomes[(i + 8) % 11]][
                : 2 + i % 2
            ],
            image=upload() if i % 2 else "",
            image_alt="A picture" if i % 2 else "",
            shows_delivery=bool(i % 3),
        )


@pytest.mark.parametrize("n", [3, 30])
def test_list_queries_do_not_grow_with_the_case_studies(
    n, client_for, django_assert_max_num_queries
):
    """Prevents an N+1 per card: its organisation, its outcomes and their themes."""
    _published(n)
    client = client_for("anonymous")

    with django_assert_max_num_queries(LIST_MAX):
        response = client.get("/toolkit/case-studies/")

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n, 12)


@pytest.mark.parametrize("n", [3, 30])
def test_filtered_list_queries_do_not_grow_for_a_member(
    n, client_for, django_assert_max_num_queries
):
    """Prevents an N+1 per card when filtering by outcome and quality and searching, and
    in the member's "write a case study" check."""
    _published(n)
    outcome = Outcome.objects.get(number=1)
    client = client_for("member_a")

    with django_assert_max_num_queries(SIGNED_IN + LIST_MAX):
        response = client.get(
            "/toolkit/case-studies/",
            {
                "outcome": outcome.slug,
                "quality": "values",
                "q": "café",
                "sector": "community_group",
            },
        )

    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1


def _case_study_with(n: int, org_a, users, status: str) -> CaseStudy:
    """A case study with ``n`` outcomes and ``n`` history events by different people."""
    case_study = make_case_study(
        organisation=org_a,
        author=users["member_a"],
        status=status,
        outcomes=list(Outcome.objects.all()[:n]),
        image=upload(),
        image_alt="A picture",
    )
    for i in range(n):
        CaseStudyEvent.objects.create(
            case_study=case_study,
            action=CaseStudyEvent.Action.CHANGES_REQUESTED,
            actor=UserFactory(),
            note=f"Change {i}",
        )
    return case_study


@pytest.mark.parametrize("n", [1, 10])
def test_detail_queries_do_not_grow_with_outcomes_or_history(
    n, org_a, users, client_for, django_assert_max_num_queries
):
    """Prevents an N+1 per outcome (its theme) and per history event (who made it)."""
    case_study = _case_study_with(n, org_a, users, Status.DRAFT)
    client = client_for("member_a")

    with django_assert_max_num_queries(DETAIL_MAX):
        response = client.get(f"/toolkit/case-studies/{case_study.pk}/")

    assert response.status_code == 200
    assert len(response.context["history"]) == n


@pytest.mark.parametrize("n", [1, 10])
def test_review_queries_do_not_grow_with_outcomes_or_history(
    n, org_a, users, client_for, django_assert_max_num_queries
):
    """Prevents an N+1 per outcome (its theme) and per history event (who made it)."""
    case_study = _case_study_with(n, org_a, users, Status.SUBMITTED)
    client = client_for("staff")

    with django_assert_max_num_queries(REVIEW_MAX):
        response = client.get(f"/moderation/case-studies/{case_study.pk}/")

    assert response.status_code == 200
