"""Query counts for the pledge review pages (the queue's are in tests/moderation): they
must not grow with the data.

Each page is built at two data sizes and held to one maximum, so an N+1 (a query per
pledge, commitment, outcome, concern or history event) fails the larger size.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from measures.models import Outcome
from pledges import services
from pledges.models import Pledge, PledgeEvent

from ..accounts.factories import OrganisationFactory, UserFactory
from .factories import CommitmentFactory, ProgressUpdateFactory, make_pledge

pytestmark = pytest.mark.django_db

Status = Pledge.Status

# Every signed-in page: session, user, groups, memberships (4). Then the page's own.
# Review: the pledge, its commitments, their outcomes and updates, the history.
REVIEW_MAX = 4 + 5
# A revision's review adds the approved pledge (4 more) and its history (1).
REVISION_REVIEW_MAX = 4 + 10


def _pledge_with_commitments(n: int, users) -> Pledge:
    organisation = OrganisationFactory(verified_at=timezone.now())
    pledge = make_pledge(
        status=Status.SUBMITTED,
        organisation=organisation,
        commitments=n,
        outcomes=list(Outcome.objects.all()[:3]),
    )
    for i in range(n):
        PledgeEvent.objects.create(
            pledge=pledge, action=PledgeEvent.Action.SUBMITTED, actor=UserFactory(), note=str(i)
        )
    return pledge


@pytest.mark.parametrize("n", [1, 8])
def test_review_queries_do_not_grow_with_the_commitments(
    n, users, client_for, django_assert_max_num_queries
):
    """Prevents an N+1 per commitment (its outcomes, their themes, its progress updates)
    and per history event (who made it)."""
    pledge = _pledge_with_commitments(n, users)
    client = client_for("staff")

    with django_assert_max_num_queries(REVIEW_MAX):
        response = client.get(f"/moderation/pledges/{pledge.pk}/")

    assert response.status_code == 200
    assert len(response.context["pledge"].commitments.all()) == n


@pytest.mark.parametrize("n", [1, 8])
def test_revision_review_queries_do_not_grow_with_the_commitments(
    n, users, client_for, django_assert_max_num_queries
):
    """Prevents an N+1 in the comparison: per approved commitment (its outcomes, its
    progress) and per proposed commitment (matching it to the one it continues)."""
    author = users["member_a"]
    organisation = author.memberships.get().organisation
    approved = make_pledge(
        status=Status.APPROVED,
        organisation=organisation,
        pledger=author,
        commitments=n,
        outcomes=list(Outcome.objects.all()[:2]),
    )
    for commitment in approved.commitments.all():
        ProgressUpdateFactory(commitment=commitment)
    revision = services.pledge_start_revision(pledge=approved, actor=author)
    revision.commitments.first().delete()
    CommitmentFactory(pledge=revision, text="Something new")
    services.pledge_submit(pledge=revision, actor=author)
    client = client_for("staff")

    with django_assert_max_num_queries(REVISION_REVIEW_MAX):
        response = client.get(f"/moderation/pledges/{revision.pk}/")

    assert response.status_code == 200
    assert response.context["comparison"].counts["removed"] == 1
