"""Query counts for the moderation pages: they must not grow with the data.

Each page is built at two data sizes and held to one maximum, so an N+1 (a query per
pledge, commitment, outcome, concern or history event) fails the larger size.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from measures.models import Outcome
from pledges import services
from pledges.models import ConcernReport, Pledge, PledgeEvent

from ..accounts.factories import OrganisationFactory, UserFactory
from .factories import CommitmentFactory, ProgressUpdateFactory, make_pledge

pytestmark = pytest.mark.django_db

Status = Pledge.Status

# Every signed-in page: session, user, groups, memberships (4). Then the page's own.
# Queue: two summary aggregates, count and rows of pledges, count and rows of concerns;
# then the sections other apps register (case studies: rows and their total in one).
QUEUE_MAX = 4 + 6 + 1
# Review: the pledge, its commitments, their outcomes and updates, the history.
REVIEW_MAX = 4 + 5
# A revision's review adds the approved pledge (4 more) and its history (1).
REVISION_REVIEW_MAX = 4 + 10


def _queue_data(n: int) -> None:
    """``n`` submitted pledges of every kind and ``n`` open concerns, from many owners."""
    outcomes = list(Outcome.objects.all())
    for i in range(n):
        organisation = OrganisationFactory(verified_at=timezone.now() if i % 2 else None)
        kind = i % 4
        if kind == 0:  # a resident's own pledge
            pledge = make_pledge(status=Status.SUBMITTED)
        elif kind == 1:  # a revision of an approved pledge
            approved = make_pledge(status=Status.APPROVED, organisation=organisation)
            pledge = make_pledge(
                status=Status.SUBMITTED, organisation=organisation, revision_of=approved
            )
        elif kind == 2:  # a renewal
            lapsed = make_pledge(status=Status.LAPSED, organisation=organisation)
            pledge = make_pledge(
                status=Status.SUBMITTED, organisation=organisation, renewed_from=lapsed
            )
        else:
            pledge = make_pledge(
                status=Status.SUBMITTED,
                organisation=organisation,
                commitments=3,
                outcomes=outcomes[i % 11 : i % 11 + 2],
            )
        Pledge.objects.filter(pk=pledge.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(hours=n - i)
        )
        public = make_pledge(status=Status.APPROVED, organisation=organisation)
        ConcernReport.objects.create(
            pledge=public,
            text=f"Concern {i}",
            reporter=UserFactory() if i % 2 else None,
            reporter_email="" if i % 2 else f"worried{i}@example.net",
        )


@pytest.mark.parametrize("n", [2, 30])
def test_queue_queries_do_not_grow_with_the_queue(n, client_for, django_assert_max_num_queries):
    """Prevents an N+1 per listed pledge (its organisation and verified badge, pledger,
    campaign, revision or renewal link, commitment count) and per open concern (its
    pledge, that pledge's organisation or pledger, the reporter)."""
    _queue_data(n)
    client = client_for("staff")

    with django_assert_max_num_queries(QUEUE_MAX):
        response = client.get("/moderation/")

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n, 20)
    assert len(response.context["concerns"].object_list) == min(n, 10)


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
