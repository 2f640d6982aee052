"""The charter's demo builder: a realistic share of organisations sign, in every state,
some overdue, and the same every time for a seed."""

from __future__ import annotations

import io
import random

import pytest
from django.utils import timezone

from charter import selectors
from charter.models import ActionStatement, Signature, SignatureEvent, SignatureReview
from demo import charter as demo_builder

from ..accounts.factories import OrganisationFactory, admin_of

pytestmark = pytest.mark.django_db

Status = Signature.Status


def _organisations(n: int) -> list:
    organisations = []
    for i in range(n):
        organisation = OrganisationFactory(sector=["charity", "public_sector"][i % 2])
        admin_of(organisation)
        organisations.append(organisation)
    return organisations


def _build(organisations, seed: int = 7, staff=None) -> dict:
    return demo_builder.build(
        rng=random.Random(seed),
        organisations=organisations,
        now=timezone.now(),
        staff=staff,
        stdout=io.StringIO(),
    )


def test_a_realistic_share_signs_in_every_state(users):
    organisations = _organisations(60)
    summary = _build(organisations, staff=users["staff"])
    signatures = list(Signature.objects.select_related("organisation"))
    assert summary["charter signatures"] == len(signatures) == 30  # half of them
    statuses = {s.status for s in signatures}
    assert {Status.VERIFIED, Status.SUBMITTED, Status.DRAFT, Status.WITHDRAWN} <= statuses
    assert summary["verified"] >= len(signatures) // 2
    assert summary["overdue for review"] >= 1
    assert summary["overdue for review"] == selectors.signatures_overdue().count()
    # Every verified signature has its certificate, statements and history.
    for signature in signatures:
        if signature.verified_at:
            assert signature.certificate_number.startswith("SVC-1-")
            assert signature.statements.count() == 3
            assert SignatureEvent.objects.filter(signature=signature, action="approved").exists()
    # Public bodies commission; nobody else signs only as a commissioner.
    assert all(
        s.role != "commissioner" or s.organisation.sector == "public_sector" for s in signatures
    )
    assert SignatureReview.objects.filter(status="accepted").exists()
    # The directory and its figures read it.
    figures = selectors.directory_figures(selectors.DirectoryFilters())
    assert figures["total"] == Signature.objects.listed().count() == summary["verified"]


def test_the_dates_follow_the_yearly_clock(users):
    _build(_organisations(40))
    now = timezone.now()
    for signature in Signature.objects.filter(status=Status.VERIFIED):
        assert signature.lapses_at() > now
    for signature in Signature.objects.filter(status=Status.LAPSED):
        assert signature.ended_at <= now


def test_the_same_seed_signs_the_same_way(users):
    organisations = _organisations(20)
    first = _build(organisations, seed=3)
    made = list(
        Signature.objects.order_by("organisation_id").values_list("organisation_id", "status")
    )
    ActionStatement.objects.all().delete()
    Signature.objects.all().delete()
    assert _build(organisations, seed=3) == first
    assert made == list(
        Signature.objects.order_by("organisation_id").values_list("organisation_id", "status")
    )


def test_nothing_to_sign_with_no_organisations():
    assert _build([]) == {"charter signatures": 0}
