"""The staff work queue (/moderation/): every kind of submission, oldest first, with
filters by kind and a search; its query count does not grow with the queue."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.utils import timezone

from measures.models import Outcome, Return
from moderation.selectors import QueueSection
from pledges.models import ConcernReport, Pledge
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.measures.factories import make_return
from tests.pledges.factories import make_pledge
from tests.toolkit.case_study_factories import make_case_study
from toolkit.models import CaseStudy

pytestmark = pytest.mark.django_db

QUEUE = "/moderation/"
SUBMITTED = Pledge.Status.SUBMITTED
APPROVED = Pledge.Status.APPROVED
# Every signed-in page: session, user, groups, memberships (4). Then the pledges' summary
# (2 aggregates), and a count and a page of rows for each of the eight kinds (16).
QUEUE_MAX = 4 + 2 + 16


def _charter_queue_data(n: int) -> None:
    """``n`` of each kind of charter work: signatures to verify, yearly reviews to read,
    signatories overdue for review, and concerns (anonymous and signed)."""
    from charter.models import SignatureConcern, SignatureReview
    from tests.charter.factories import make_signature

    for i in range(n):
        make_signature(OrganisationFactory(), status="submitted")
        reviewed = make_signature(OrganisationFactory(), months_ago=12)
        SignatureReview.objects.create(signature=reviewed, status="submitted")
        overdue = make_signature(OrganisationFactory(), months_ago=14)
        SignatureConcern.objects.create(
            signature=overdue, text=f"Concern {i}", reporter=UserFactory() if i % 2 else None
        )


def text(response) -> str:
    return unescape(response.content.decode())


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def concern_url(concern: ConcernReport) -> str:
    return f"/moderation/concerns/{concern.pk}/"


def section(response, slug: str) -> QueueSection:
    (found,) = [s for s in response.context["sections"] if s.kind.slug == slug]
    return found


# ---------------------------------------------------------------------------
# The queue
# ---------------------------------------------------------------------------


def test_queue_lists_submitted_pledges_oldest_first_with_counts_and_kinds(client_for, org_a, users):
    approved = make_pledge(status=APPROVED, organisation=org_a, title="The approved one")
    lapsed = make_pledge(status=Pledge.Status.LAPSED, organisation=org_a, title="Last year’s")
    make_pledge(status=SUBMITTED, title="Middle pledge", submitted_at=days_ago(3))
    make_pledge(
        status=SUBMITTED,
        organisation=org_a,
        title="Newest pledge",
        submitted_at=days_ago(1),
        renewed_from=lapsed,
    )
    make_pledge(
        status=SUBMITTED,
        organisation=org_a,
        title="Oldest pledge",
        submitted_at=days_ago(6),
        revision_of=approved,
    )
    make_pledge(title="A draft nobody submitted")

    response = client_for("staff").get(QUEUE)

    assert response.status_code == 200
    titles = [p.title for p in section(response, "pledges").page.object_list]
    assert titles == ["Oldest pledge", "Middle pledge", "Newest pledge"]
    body = text(response)
    assert "3 pledges are waiting" in body
    assert "new: 1, revisions of approved pledges: 1, renewals: 1" in body
    oldest = days_ago(6)
    assert f"waited since {oldest.day} {oldest:%B %Y}" in body
    rows = body.split('data-testid="queued-pledge"')[1:]
    assert "Revision of an approved pledge" in rows[0]
    assert "New" in rows[1]
    assert "Renewal" in rows[2]
    assert "A draft nobody submitted" not in body


def test_queue_lists_open_concerns_oldest_first_each_with_a_resolve_form(client_for, org_a, users):
    pledge = make_pledge(status=APPROVED, organisation=org_a, title="Our public pledge")
    ConcernReport.objects.create(pledge=pledge, text="Second worry", created_at=days_ago(1))
    first = ConcernReport.objects.create(
        pledge=pledge, text="First worry", created_at=days_ago(2), reporter=users["resident"]
    )
    ConcernReport.objects.create(
        pledge=pledge, text="Already dealt with", resolved_at=timezone.now()
    )

    response = client_for("staff").get(QUEUE)

    body = text(response)
    assert [c.text for c in section(response, "concerns").page.object_list] == [
        "First worry",
        "Second worry",
    ]
    assert "2 concerns are open." in body
    assert "Already dealt with" not in body
    assert f'action="{concern_url(first)}"' in body
    # One form per concern, each field with its own id.
    assert f'id="id_concern_{first.pk}_resolution"' in body
    assert "No pledges are waiting." in body


def test_queue_previews_each_kind_and_paginates_one_kind(client_for):
    for n in range(23):
        make_pledge(status=SUBMITTED, title=f"Pledge {n:02d}", submitted_at=days_ago(30 - n))

    everything = client_for("staff").get(QUEUE)
    first = client_for("staff").get(QUEUE, {"kind": "pledges"})
    second = client_for("staff").get(QUEUE, {"kind": "pledges", "page": 2})

    # With every kind shown, each section previews the oldest and links to the rest.
    assert len(section(everything, "pledges").page.object_list) == 10
    assert 'href="?kind=pledges"' in text(everything)
    assert "See all 23 pledges waiting" in text(everything)
    assert len(section(first, "pledges").page.object_list) == 20
    assert [p.title for p in section(second, "pledges").page.object_list] == [
        "Pledge 20",
        "Pledge 21",
        "Pledge 22",
    ]
    assert "23 pledges are waiting" in text(second)


def test_the_kind_filter_shows_one_section(client_for, org_a):
    make_pledge(status=SUBMITTED, title="A pledge")
    make_case_study(organisation=org_a, status=CaseStudy.Status.SUBMITTED, title="A story")

    response = client_for("staff").get(QUEUE, {"kind": "case-studies"})

    assert [s.kind.slug for s in response.context["sections"]] == ["case-studies"]
    assert "A story" in text(response)
    assert "A pledge" not in text(response)


def test_an_unknown_kind_shows_everything(client_for):
    response = client_for("staff").get(QUEUE, {"kind": "nonsense"})

    assert response.status_code == 200
    assert [s.kind.slug for s in response.context["sections"]] == [
        "pledges",
        "case-studies",
        "returns",
        "concerns",
        "charter-signatures",
        "charter-reviews",
        "charter-overdue",
        "charter-concerns",
    ]


def test_search_finds_a_new_pledge_that_would_be_on_page_two(client_for, org_a):
    """Why the search exists: staff could not find a new pledge behind older ones."""
    for n in range(25):
        make_pledge(status=SUBMITTED, title=f"Older pledge {n}", submitted_at=days_ago(30 - n))
    organisation = OrganisationFactory(name="Irlam Allotment Society")
    make_pledge(status=SUBMITTED, organisation=organisation, title="Grow more food")

    by_organisation = client_for("staff").get(QUEUE, {"q": "irlam allotment"})
    by_title = client_for("staff").get(QUEUE, {"kind": "pledges", "q": "grow MORE"})

    for response in (by_organisation, by_title):
        titles = [p.title for p in section(response, "pledges").page.object_list]
        assert titles == ["Grow more food"]
    assert section(by_organisation, "pledges").count == 1
    assert 'value="irlam allotment"' in text(by_organisation)


def test_search_covers_case_studies_and_concerns(client_for, org_a):
    make_case_study(organisation=org_a, status=CaseStudy.Status.SUBMITTED, title="Tool library")
    make_case_study(organisation=org_a, status=CaseStudy.Status.SUBMITTED, title="Food bank")
    public = make_pledge(status=APPROVED, organisation=org_a, title="Paying the living wage")
    ConcernReport.objects.create(pledge=public, text="They do not pay it")
    ConcernReport.objects.create(pledge=public, text="Fine by me")

    response = client_for("staff").get(QUEUE, {"q": "tool"})
    concerns = client_for("staff").get(QUEUE, {"q": "do not pay"})

    assert [c.title for c in section(response, "case-studies").page.object_list] == ["Tool library"]
    assert [c.text for c in section(concerns, "concerns").page.object_list] == [
        "They do not pay it"
    ]
    assert "No pledges waiting match your search." in text(response)


def _queue_data(n: int) -> None:
    """``n`` submitted pledges of every kind, ``n`` case studies and ``n`` open concerns,
    from many owners, some suspended, some authors gone."""
    outcomes = list(Outcome.objects.all())
    for i in range(n):
        organisation = OrganisationFactory(
            verified_at=timezone.now() if i % 2 else None,
            suspended_at=timezone.now() if i % 5 == 4 else None,
        )
        kind = i % 4
        if kind == 0:  # a resident's own pledge
            pledge = make_pledge(status=SUBMITTED)
        elif kind == 1:  # a revision of an approved pledge
            approved = make_pledge(status=APPROVED, organisation=organisation)
            pledge = make_pledge(status=SUBMITTED, organisation=organisation, revision_of=approved)
        elif kind == 2:  # a renewal
            lapsed = make_pledge(status=Pledge.Status.LAPSED, organisation=organisation)
            pledge = make_pledge(status=SUBMITTED, organisation=organisation, renewed_from=lapsed)
        else:
            pledge = make_pledge(
                status=SUBMITTED,
                organisation=organisation,
                commitments=3,
                outcomes=outcomes[i % 11 : i % 11 + 2],
            )
        Pledge.objects.filter(pk=pledge.pk).update(submitted_at=days_ago((n - i) / 24))
        make_case_study(
            organisation=organisation,
            status=CaseStudy.Status.SUBMITTED,
            submitted_at=days_ago((n - i) / 24),
            author=None if i % 3 == 2 else UserFactory(),
        )
        make_return(
            organisation,
            status=Return.Status.SUBMITTED,
            values={"people-volunteering": str(i)},
            submitted_at=days_ago((n - i) / 24),
            submitted_by=None if i % 3 == 2 else UserFactory(),
        )
        public = make_pledge(status=APPROVED, organisation=organisation)
        ConcernReport.objects.create(
            pledge=public,
            text=f"Concern {i}",
            reporter=UserFactory() if i % 2 else None,
            reporter_email="" if i % 2 else f"worried{i}@example.net",
        )


@pytest.mark.parametrize(
    "kind",
    [
        "",
        "pledges",
        "case-studies",
        "returns",
        "concerns",
        "charter-signatures",
        "charter-reviews",
        "charter-overdue",
        "charter-concerns",
    ],
)
@pytest.mark.parametrize("n", [2, 25])
def test_queue_queries_do_not_grow_with_the_queue(
    n, kind, client_for, django_assert_max_num_queries
):
    """Prevents an N+1 per listed pledge (its organisation and verified badge, pledger,
    campaign, revision or renewal link, commitment count), per case study (its
    organisation, its author), per return (its organisation, who submitted it, its
    figures) and per open concern (its pledge, that pledge's organisation or pledger, the
    reporter), per charter signature, review, overdue signatory or concern (its
    organisation and version, the reporter), whichever kinds are shown."""
    _queue_data(n)
    _charter_queue_data(n)
    client = client_for("staff")

    with django_assert_max_num_queries(QUEUE_MAX):
        response = client.get(QUEUE, {"kind": kind} if kind else {})

    assert response.status_code == 200
    shown = min(n, 20 if kind else 10)
    for each in response.context["sections"]:
        assert each.count == n
        assert len(each.page.object_list) == shown
