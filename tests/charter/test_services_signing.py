"""Signing, verification and withdrawal, rule by rule."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from charter import selectors, services
from charter.models import EvidenceLink, Signature, SignatureEvent
from charter.services import StatementInput
from core.errors import DomainError
from pledges.models import Pledge
from toolkit.models import CaseStudy

from ..accounts.factories import admin_of
from ..pledges.factories import make_pledge
from ..toolkit.case_study_factories import CaseStudyFactory
from .factories import current_version, make_signature, sign_kwargs, statements

pytestmark = pytest.mark.django_db

Status = Signature.Status


def sign(user, organisation, **overrides) -> Signature:
    return services.charter_sign(actor=user, organisation=organisation, **sign_kwargs(**overrides))


def submitted(users, org_a) -> Signature:
    return sign(users["admin_a"], org_a, submit=True)


# --- Who may sign ------------------------------------------------------------------


def test_an_admin_signs_and_the_draft_names_what_they_gave(users, org_a):
    signature = sign(users["admin_a"], org_a, role="both")
    assert signature.status == Status.DRAFT
    assert signature.version == current_version()
    assert signature.role == "both"
    assert signature.signed_by == users["admin_a"]
    assert sorted(signature.statements.values_list("area", flat=True)) == [
        "deliver",
        "demonstrate",
        "embed",
    ]
    assert not SignatureEvent.objects.filter(signature=signature).exists()


@pytest.mark.parametrize("role", ["member_a", "member_b", "resident", "staff", "commissioner"])
def test_only_admins_sign(users, org_a, role):
    with pytest.raises(DomainError) as refused:
        sign(users[role], org_a)
    assert refused.value.code == "not_admin"
    assert not Signature.objects.exists()


def test_a_suspended_organisation_cannot_sign(users, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save(update_fields=["suspended_at"])
    with pytest.raises(DomainError) as refused:
        sign(users["admin_a"], org_a, submit=True)
    assert refused.value.code == "suspended"
    assert not Signature.objects.exists()


# --- One live signature per organisation per version ---------------------------


def test_saving_again_carries_on_with_the_same_draft(users, org_a):
    first = sign(users["admin_a"], org_a, signatory_name="Ada")
    again = sign(users["admin_a"], org_a, signatory_name="Ada Lovelace", submit=True)
    assert again.pk == first.pk
    assert Signature.objects.count() == 1
    assert again.status == Status.SUBMITTED
    assert again.statements.count() == 3


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.VERIFIED])
def test_one_live_signature_per_organisation_per_version(users, org_a, status):
    make_signature(org_a, status=status)
    with pytest.raises(DomainError) as refused:
        sign(users["admin_a"], org_a)
    assert refused.value.code == "already_signed"
    assert Signature.objects.count() == 1


def test_the_database_refuses_a_second_live_signature_too(org_a):
    from django.db import IntegrityError

    make_signature(org_a, status=Status.SUBMITTED)
    with pytest.raises(IntegrityError):
        make_signature(org_a, status=Status.DRAFT)


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.LAPSED])
def test_an_ended_signature_leaves_room_to_sign_again(users, org_a, status):
    make_signature(org_a, status=status)
    signature = sign(users["admin_a"], org_a, submit=True)
    assert signature.status == Status.SUBMITTED
    assert Signature.objects.filter(organisation=org_a).count() == 2


# --- What submitting needs ---------------------------------------------------------


def test_submitting_needs_the_signatorys_authority(users, org_a):
    with pytest.raises(DomainError) as refused:
        sign(users["admin_a"], org_a, authority_confirmed=False, submit=True)
    assert refused.value.code == "no_authority"
    # A draft may wait for it.
    assert sign(users["admin_a"], org_a, authority_confirmed=False).status == Status.DRAFT


def test_submitting_needs_the_contract_when_a_contract_requires_it(users, org_a):
    with pytest.raises(DomainError) as refused:
        sign(users["admin_a"], org_a, basis="contract", submit=True)
    assert refused.value.code == "no_contract"
    signature = sign(
        users["admin_a"], org_a, basis="contract", contract_reference="Home care 2026", submit=True
    )
    assert signature.contract_reference == "Home care 2026"


def test_submitting_needs_all_three_statements_with_future_dates(users, org_a):
    partial = statements()
    del partial["demonstrate"]
    with pytest.raises(DomainError) as refused:
        sign(users["admin_a"], org_a, statements=partial, submit=True)
    assert refused.value.code == "incomplete"
    past = statements()
    past["embed"] = StatementInput(text="Change our policy.", target_date=timezone.localdate())
    with pytest.raises(DomainError) as refused:
        sign(users["admin_a"], org_a, statements=past, submit=True)
    assert refused.value.code == "past_target"
    # A draft keeps what is there: two statements.
    draft = sign(users["admin_a"], org_a, statements=partial)
    assert draft.statements.count() == 2


# --- Evidence: the organisation's own public work ---------------------------------


def test_a_statement_links_the_organisations_own_public_pledges_and_case_studies(users, org_a):
    pledge = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a)
    story = CaseStudyFactory(
        organisation=org_a, status=CaseStudy.Status.APPROVED, published_at=timezone.now()
    )
    signature = sign(
        users["admin_a"],
        org_a,
        statements=statements(
            embed=(f"pledges.pledge:{pledge.pk}", f"toolkit.casestudy:{story.pk}")
        ),
    )
    embed = signature.statements.get(area="embed")
    assert {link.item for link in EvidenceLink.objects.filter(statement=embed)} == {pledge, story}
    shown = selectors.statements_with_evidence(selectors.signature_for_page(pk=signature.pk))
    assert [item.title for item in shown[0]["evidence"]] == [pledge.title, story.title]


@pytest.mark.parametrize("whose", ["another organisation’s", "a draft"])
def test_evidence_must_be_the_organisations_own_and_public(users, org_a, org_b, whose):
    if whose == "a draft":
        pledge = make_pledge(status=Pledge.Status.DRAFT, organisation=org_a)
    else:
        pledge = make_pledge(status=Pledge.Status.APPROVED, organisation=org_b)
    with pytest.raises(DomainError) as refused:
        sign(
            users["admin_a"],
            org_a,
            statements=statements(deliver=(f"pledges.pledge:{pledge.pk}",)),
        )
    assert refused.value.code == "not_own_evidence"
    assert not Signature.objects.exists()


def test_evidence_of_a_kind_not_in_the_setting_is_refused(users, org_a):
    with pytest.raises(DomainError) as refused:
        sign(users["admin_a"], org_a, statements=statements(embed=(f"accounts.user:{org_a.pk}",)))
    assert refused.value.code == "bad_evidence"


# --- Verification ---------------------------------------------------------------


def test_staff_verify_the_certificate_follows_and_the_organisation_is_told(
    users, org_a, django_capture_on_commit_callbacks
):
    signature = submitted(users, org_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_verify(signature=signature, actor=users["staff"])
    signature.refresh_from_db()
    assert signature.status == Status.VERIFIED
    assert signature.certificate_number == f"SVC-1-{signature.pk:06d}"
    assert signature.cycle_started_at == signature.verified_at == signature.signatory_since
    assert len(signature.certificate_token) >= 32
    event = SignatureEvent.objects.get(signature=signature, action="approved")
    assert event.actor == users["staff"]
    assert [m.to for m in mail.outbox] == [[users["admin_a"].email]]
    assert "verified" in mail.outbox[0].subject
    assert selectors.certificate_state(signature) == "current"


def test_asking_for_changes_needs_a_reason_and_sends_it_back_as_a_draft(
    users, org_a, django_capture_on_commit_callbacks
):
    signature = submitted(users, org_a)
    with pytest.raises(DomainError) as refused:
        services.signature_request_changes(signature=signature, actor=users["staff"], comment="")
    assert refused.value.code == "comment_required"
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_request_changes(
            signature=signature, actor=users["staff"], comment="Name a date for Deliver."
        )
    signature.refresh_from_db()
    assert signature.status == Status.DRAFT
    assert signature.moderation_note == "Name a date for Deliver."
    event = SignatureEvent.objects.get(signature=signature, action="changes_requested")
    assert event.note == "Name a date for Deliver."
    assert "Name a date for Deliver." in mail.outbox[0].body


@pytest.mark.parametrize("role", ["admin_a", "member_a", "commissioner"])
def test_only_staff_verify(users, org_a, role):
    signature = submitted(users, org_a)
    with pytest.raises(DomainError) as refused:
        services.signature_verify(signature=signature, actor=users[role])
    assert refused.value.code == "forbidden"


def test_a_suspended_organisation_is_not_verified(users, org_a):
    signature = submitted(users, org_a)
    org_a.suspended_at = timezone.now()
    org_a.save(update_fields=["suspended_at"])
    with pytest.raises(DomainError) as refused:
        services.signature_verify(signature=signature, actor=users["staff"])
    assert refused.value.code == "suspended"
    signature.refresh_from_db()
    assert signature.status == Status.SUBMITTED


def test_verifying_a_newer_version_supersedes_the_older(users, org_a):
    older = make_signature(org_a, months_ago=20)
    version = services.charter_version_copy_as_draft(version=current_version())
    services.charter_version_publish(version=version, actor=users["staff"])
    newer = sign(users["admin_a"], org_a, submit=True)
    assert newer.version == version
    services.signature_verify(signature=newer, actor=users["staff"])
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.status == Status.SUPERSEDED
    assert selectors.certificate_state(older) == "superseded"
    assert newer.status == Status.VERIFIED
    # A signatory since it first signed.
    assert newer.signatory_since == older.signatory_since
    assert list(Signature.objects.listed()) == [newer]


# --- Withdrawal -------------------------------------------------------------------


def test_a_withdrawn_certificate_verifies_as_withdrawn(users, org_a):
    signature = make_signature(org_a)
    services.signature_withdraw(signature=signature, actor=users["admin_a"], reason="Merging.")
    signature.refresh_from_db()
    assert signature.status == Status.WITHDRAWN
    assert selectors.signature_by_token(token=signature.certificate_token) == signature
    assert selectors.certificate_state(signature) == "withdrawn"
    assert not Signature.objects.listed().exists()
    # The history stays.
    assert SignatureEvent.objects.get(signature=signature, action="withdrawn").note == "Merging."
    assert signature.statements.count() == 3


@pytest.mark.parametrize("role", ["member_a", "staff", "admin_b"])
def test_only_the_organisations_admins_withdraw(users, org_a, org_b, role):
    signature = make_signature(org_a)
    actor = admin_of(org_b) if role == "admin_b" else users[role]
    with pytest.raises(DomainError) as refused:
        services.signature_withdraw(signature=signature, actor=actor)
    assert refused.value.code == "not_admin"


def test_an_ended_signature_cannot_be_withdrawn_again(users, org_a):
    signature = make_signature(org_a, status=Status.LAPSED)
    with pytest.raises(DomainError) as refused:
        services.signature_withdraw(signature=signature, actor=users["admin_a"])
    assert refused.value.code == "not_live"


def test_a_draft_of_an_earlier_version_moves_to_the_current_one(users, org_a):
    draft = sign(users["admin_a"], org_a)
    version = services.charter_version_copy_as_draft(version=current_version())
    services.charter_version_publish(version=version)
    again = sign(users["admin_a"], org_a)
    assert again.pk == draft.pk
    assert again.version == version


def test_signature_dates_follow_the_yearly_clock(org_a):
    signature = make_signature(org_a, months_ago=13)
    assert signature.is_review_overdue()
    assert signature.review_opens_at() < timezone.now()
    assert signature.lapses_at() - signature.cycle_started_at > datetime.timedelta(days=540)
