"""Query counts for the charter's pages: they must not grow with the data.

Each page is built at two data sizes and held to the SAME maximum, so an N+1 (a query per
signatory, organisation, ward, version, statement or evidence link) fails the larger size.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import Sector, SizeBand, Ward
from charter.models import EvidenceLink, Signature
from charter.services import signature_review_accept, signature_review_submit
from pledges.models import Pledge

from ..accounts.factories import OrganisationFactory
from ..pledges.factories import make_pledge
from .factories import make_signature, statements

pytestmark = pytest.mark.django_db

SECTORS = Sector.values
SIZES = SizeBand.values
ROLES = ["commissioner", "provider", "both"]

# The charter page: the current version, the published versions, two grouped counts.
CHARTER_MAX = 4
# The directory: wards and versions for the filters, the count and the page of rows (with
# organisation, ward and version joined), and the four grouped figures.
DIRECTORY_MAX = 8
# Signed in adds the session, the user, their groups and their memberships.
SIGNED_IN = 4


def _signatories(n: int) -> None:
    """``n`` verified signatories across sectors, sizes, roles, wards and a year."""
    wards = list(Ward.objects.all())
    for i in range(n):
        organisation = OrganisationFactory(
            sector=SECTORS[i % len(SECTORS)],
            size_band=SIZES[i % len(SIZES)],
            ward=wards[i % len(wards)] if i % 4 else None,
        )
        make_signature(organisation, role=ROLES[i % 3], months_ago=i % 15)


@pytest.mark.parametrize("n", [2, 30])
def test_charter_page_queries_do_not_grow(n, client_for, django_assert_max_num_queries):
    """Prevents a query per sector or role count, or per signatory."""
    _signatories(n)
    client = client_for("anonymous")
    with django_assert_max_num_queries(CHARTER_MAX):
        response = client.get("/charter/")
    assert response.context["summary"]["total"] == n


@pytest.mark.parametrize("n", [2, 40])
def test_directory_queries_do_not_grow(n, client_for, django_assert_max_num_queries):
    """Prevents an N+1 per row: its organisation, ward, version and whether a review waits."""
    _signatories(n)
    client = client_for("anonymous")
    with django_assert_max_num_queries(DIRECTORY_MAX):
        response = client.get("/charter/signatories/")
    assert response.context["page"].paginator.count == n
    with django_assert_max_num_queries(DIRECTORY_MAX):
        client.get("/charter/signatories/?role=provider&size=small&page=2")


@pytest.mark.parametrize("n", [2, 40])
def test_directory_csv_queries_do_not_grow(n, client_for, django_assert_max_num_queries):
    """Prevents a query per CSV row."""
    _signatories(n)
    with django_assert_max_num_queries(3):
        response = client_for("anonymous").get("/charter/signatories.csv")
        # Streamed: the rows are read from the database as the body is sent.
        body = b"".join(response.streaming_content).decode()
    assert body.count("\n") == n + 1


def _evidenced(organisation, links: int, users) -> Signature:
    """A signature whose every statement cites ``links`` pledges, with an accepted review."""
    pledges = [
        make_pledge(status=Pledge.Status.APPROVED, organisation=organisation) for _ in range(links)
    ]
    signature = make_signature(organisation, months_ago=12, signed_by=users["admin_a"])
    for statement in signature.statements.all():
        EvidenceLink.objects.bulk_create(
            EvidenceLink(statement=statement, content_type_id=ct, object_id=p.pk)
            for p in pledges
            for ct in [_pledge_type()]
        )
    keys = tuple(f"pledges.pledge:{p.pk}" for p in pledges)
    review = signature_review_submit(
        signature=signature,
        actor=users["admin_a"],
        entries=statements(embed=keys, deliver=keys, demonstrate=keys),
    )
    signature_review_accept(review=review, actor=users["staff"])
    return signature


def _pledge_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Pledge).pk


# The organisation page: the organisation, its member count, its pledges (three queries)
# and its charter panel: the signature, its statements, their evidence and the pledges
# cited, the latest review, whether one waits, its entries, their evidence and pledges,
# and the content type (cached after the first page).
ORGANISATION_MAX = 15


@pytest.mark.parametrize("links", [1, 8])
def test_organisation_page_queries_do_not_grow_with_evidence(
    links, users, org_a, client_for, django_assert_max_num_queries
):
    """Prevents a query per statement's evidence link, per review entry and per item cited."""
    _evidenced(org_a, links, users)
    client = client_for("anonymous")
    with django_assert_max_num_queries(ORGANISATION_MAX):
        response = client.get(f"/organisations/{org_a.slug}/")
    rows = response.context["charter"]["statements"]
    assert [len(row["evidence"]) for row in rows] == [links] * 3


@pytest.mark.parametrize("links", [1, 8])
def test_signature_page_queries_do_not_grow_with_evidence(
    links, users, org_a, client_for, django_assert_max_num_queries
):
    """Prevents a query per statement, evidence link, history event or review entry."""
    signature = _evidenced(org_a, links, users)
    client = client_for("admin_a")
    # The signature, its statements, their evidence and items, the open and latest
    # reviews, the latest's entries with evidence and items, the history.
    with django_assert_max_num_queries(SIGNED_IN + 11):
        response = client.get(signature.get_absolute_url())
    assert response.status_code == 200
    assert timezone.now() >= signature.verified_at


def test_the_directory_csv_is_what_the_page_shows_with_formulae_escaped(client_for):
    formula = OrganisationFactory(name='=HYPERLINK("http://x")', sector=Sector.CHARITY)
    make_signature(formula, role="provider", months_ago=1)
    business = OrganisationFactory(name="Pendleton Printers", sector=Sector.PRIVATE_BUSINESS)
    make_signature(business, role="provider", months_ago=1)

    response = client_for("anonymous").get("/charter/signatories.csv", {"sector": "charity"})

    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert "Pendleton Printers" not in body
