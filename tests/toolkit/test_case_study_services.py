"""Case study services: writing, submitting and the three moderation decisions, each
recorded and told to the organisation."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership
from core.errors import DomainError
from measures.models import Outcome
from toolkit import services
from toolkit.models import CaseStudy, CaseStudyEvent

from ..accounts.factories import MembershipFactory, UserFactory
from .case_study_factories import make_case_study, upload

pytestmark = pytest.mark.django_db

Status = CaseStudy.Status
Action = CaseStudyEvent.Action


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def content(**overrides) -> dict:
    values = {
        "title": "  How our café   became a hub ",
        "summary": "Neighbours meet here.",
        "story": "We started with **one table**.",
        "sector": "community_group",
        "shows_values": True,
        "shows_partnerships": True,
    }
    values.update(overrides)
    return values


def submitted_case_study(org_a, users) -> CaseStudy:
    return make_case_study(
        organisation=org_a, author=users["member_a"], status=Status.SUBMITTED, title="Our café"
    )


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def test_create_saves_a_private_draft_with_tidied_text_and_outcomes(org_a, users):
    outcomes = list(Outcome.objects.filter(number__in=[1, 4]))

    case_study = services.case_study_create(
        author=users["member_a"], organisation=org_a, outcomes=outcomes, **content()
    )

    case_study.refresh_from_db()
    assert case_study.status == Status.DRAFT
    assert case_study.author == users["member_a"]
    assert case_study.title == "How our café became a hub"
    assert case_study.story_html == "<p>We started with <strong>one table</strong>.</p>"
    assert case_study.qualities == ["Values and ethos", "Partnerships"]
    assert set(case_study.outcomes.all()) == set(outcomes)
    assert not CaseStudy.objects.published().exists()
    assert not case_study.events.exists()


@pytest.mark.parametrize("role", ["resident", "member_b", "staff"])
def test_only_members_write_for_an_organisation(org_a, users, role):
    with pytest.raises(DomainError) as refused:
        services.case_study_create(author=users[role], organisation=org_a, **content())
    assert refused.value.code == "not_member"


def test_a_suspended_organisation_cannot_write(org_a, users):
    org_a.suspended_at = timezone.now()
    org_a.save(update_fields=["suspended_at"])

    with pytest.raises(DomainError):
        services.case_study_create(author=users["member_a"], organisation=org_a, **content())


def test_at_least_one_quality(org_a, users):
    with pytest.raises(DomainError) as refused:
        services.case_study_create(
            author=users["member_a"],
            organisation=org_a,
            **content(shows_values=False, shows_partnerships=False),
        )
    assert refused.value.code == "no_quality"


def test_an_image_needs_its_description(org_a, users):
    with pytest.raises(DomainError) as refused:
        services.case_study_create(
            author=users["member_a"],
            organisation=org_a,
            image=upload("a.png"),
            image_alt="  ",
            **content(),
        )
    assert refused.value.code == "alt_required"
    assert not CaseStudy.objects.exists()


def test_an_image_is_stored_under_its_organisation(org_a, users):
    case_study = services.case_study_create(
        author=users["member_a"],
        organisation=org_a,
        image=upload("0123abcd.png"),
        image_alt="Volunteers serving lunch",
        **content(),
    )

    assert case_study.image.name.startswith(f"case-studies/{org_a.pk}/")
    assert case_study.image.storage.exists(case_study.image.name)
    assert case_study.image_alt == "Volunteers serving lunch"


def test_the_database_refuses_an_image_without_a_description(org_a, users):
    """The check constraint backs up the form and the service."""
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStudy.objects.create(
            organisation=org_a,
            title="No alt",
            summary="s",
            story="s",
            sector="charity",
            image="case-studies/1/x.png",
            image_alt="",
        )


def test_update_changes_a_draft(org_a, users):
    case_study = make_case_study(organisation=org_a, author=users["member_a"])

    services.case_study_update(
        case_study=case_study,
        actor=users["admin_a"],
        outcomes=[Outcome.objects.get(number=2)],
        **content(title="A better title", story="## Heading\n\nText"),
    )

    case_study.refresh_from_db()
    assert case_study.title == "A better title"
    assert case_study.story_html.startswith("<h2>Heading</h2>")
    assert [o.number for o in case_study.outcomes.all()] == [2]


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED])
def test_update_refuses_what_is_not_a_draft_or_rejected(org_a, users, status):
    case_study = make_case_study(organisation=org_a, author=users["member_a"], status=status)

    with pytest.raises(DomainError) as refused:
        services.case_study_update(case_study=case_study, actor=users["member_a"], **content())
    assert refused.value.code == "not_editable"


def test_update_refuses_another_organisation(org_a, users):
    case_study = make_case_study(organisation=org_a, author=users["member_a"])

    with pytest.raises(DomainError):
        services.case_study_update(case_study=case_study, actor=users["member_b"], **content())


def test_replacing_an_image_deletes_the_old_file_once_saved(
    org_a, users, django_capture_on_commit_callbacks
):
    case_study = services.case_study_create(
        author=users["member_a"],
        organisation=org_a,
        image=upload("first.png"),
        image_alt="The first picture",
        **content(),
    )
    old = case_study.image.name
    storage = case_study.image.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_update(
            case_study=case_study,
            actor=users["member_a"],
            image=upload("second.png"),
            image_alt="The second picture",
            **content(),
        )

    case_study.refresh_from_db()
    assert case_study.image.name != old
    assert storage.exists(case_study.image.name)
    assert not storage.exists(old)


def test_storage_failing_to_delete_the_old_image_does_not_fail_the_saved_change(
    org_a, users, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    case_study = services.case_study_create(
        author=users["member_a"],
        organisation=org_a,
        image=upload("first.png"),
        image_alt="The first picture",
        **content(),
    )

    def unreachable(name):
        raise OSError("object storage unreachable")

    monkeypatch.setattr(case_study.image.storage, "delete", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_update(
            case_study=case_study,
            actor=users["member_a"],
            image=upload("second.png"),
            image_alt="The second picture",
            **content(),
        )

    case_study.refresh_from_db()
    assert case_study.image_alt == "The second picture"
    assert "object storage unreachable" in caplog.text


def test_removing_the_image_drops_its_description(org_a, users, django_capture_on_commit_callbacks):
    case_study = services.case_study_create(
        author=users["member_a"],
        organisation=org_a,
        image=upload(),
        image_alt="A picture",
        **content(),
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_update(
            case_study=case_study, actor=users["member_a"], remove_image=True, **content()
        )

    case_study.refresh_from_db()
    assert (case_study.image.name, case_study.image_alt) == ("", "")


def test_keeping_an_image_still_needs_its_description(org_a, users):
    case_study = services.case_study_create(
        author=users["member_a"],
        organisation=org_a,
        image=upload(),
        image_alt="A picture",
        **content(),
    )

    with pytest.raises(DomainError):
        services.case_study_update(
            case_study=case_study, actor=users["member_a"], image_alt="", **content()
        )


# ---------------------------------------------------------------------------
# Submitting
# ---------------------------------------------------------------------------


def test_submit_queues_it_and_records_who(org_a, users):
    case_study = make_case_study(organisation=org_a, author=users["member_a"])

    services.case_study_submit(case_study=case_study, actor=users["admin_a"])

    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED
    assert abs(case_study.submitted_at - timezone.now()) < datetime.timedelta(minutes=1)
    event = case_study.events.get()
    assert (event.action, event.actor) == (Action.SUBMITTED, users["admin_a"])
    with pytest.raises(DomainError):
        services.case_study_submit(case_study=case_study, actor=users["admin_a"])


def test_submit_refuses_someone_outside_the_organisation(org_a, users):
    case_study = make_case_study(organisation=org_a, author=users["member_a"])

    with pytest.raises(DomainError) as refused:
        services.case_study_submit(case_study=case_study, actor=users["member_b"])
    assert refused.value.code == "not_member"


def test_a_rejected_case_study_can_be_changed_and_submitted_again(org_a, users):
    case_study = submitted_case_study(org_a, users)
    services.case_study_reject(case_study=case_study, actor=users["staff"], reason="Too short.")

    services.case_study_update(case_study=case_study, actor=users["member_a"], **content())
    services.case_study_submit(case_study=case_study, actor=users["member_a"])

    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED
    assert list(case_study.events.values_list("action", flat=True)) == [
        Action.SUBMITTED,
        Action.REJECTED,
    ]


# ---------------------------------------------------------------------------
# Moderation: each decision recorded and told
# ---------------------------------------------------------------------------


@pytest.fixture
def told(org_a, users) -> set[str]:
    """Who hears: the author and the organisation's admins, not its other members."""
    MembershipFactory(
        organisation=org_a,
        role=Membership.Role.ADMIN,
        user=UserFactory(email="gone.admin@example.org", is_active=False),
    )
    return {"member.a@example.org", "admin.a@example.org"}


def test_approve_publishes_records_and_tells(
    org_a, users, told, django_capture_on_commit_callbacks
):
    case_study = submitted_case_study(org_a, users)

    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_approve(
            case_study=case_study, actor=users["staff"], note="  A fine example. "
        )

    case_study.refresh_from_db()
    assert case_study.status == Status.APPROVED
    assert abs(case_study.published_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert list(CaseStudy.objects.published()) == [case_study]
    event = case_study.events.get()
    assert (event.action, event.actor, event.note) == (
        Action.APPROVED,
        users["staff"],
        "A fine example.",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == told
    assert "“Our café” is published" in message.subject
    assert "A fine example." in message.body
    assert f"/toolkit/case-studies/{case_study.pk}/" in message.body


def test_reject_needs_a_reason_and_tells_it(org_a, users, told, django_capture_on_commit_callbacks):
    case_study = submitted_case_study(org_a, users)
    with pytest.raises(DomainError) as refused:
        services.case_study_reject(case_study=case_study, actor=users["staff"], reason=" ")
    assert refused.value.code == "reason_required"

    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_reject(
            case_study=case_study, actor=users["staff"], reason="It is an advert."
        )

    case_study.refresh_from_db()
    assert (case_study.status, case_study.moderation_note) == (
        Status.REJECTED,
        "It is an advert.",
    )
    event = case_study.events.get()
    assert (event.action, event.note) == (Action.REJECTED, "It is an advert.")
    assert set(mail.outbox[0].to) == told
    assert "It is an advert." in mail.outbox[0].body
    assert "not published" in mail.outbox[0].subject


def test_ask_for_changes_sends_it_back_as_a_draft_with_the_comment(
    org_a, users, told, django_capture_on_commit_callbacks
):
    case_study = submitted_case_study(org_a, users)
    with pytest.raises(DomainError) as refused:
        services.case_study_request_changes(case_study=case_study, actor=users["staff"], comment="")
    assert refused.value.code == "comment_required"

    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_request_changes(
            case_study=case_study, actor=users["staff"], comment="Add what changed."
        )

    case_study.refresh_from_db()
    assert (case_study.status, case_study.moderation_note) == (
        Status.DRAFT,
        "Add what changed.",
    )
    assert case_study.events.get().action == Action.CHANGES_REQUESTED
    assert set(mail.outbox[0].to) == told
    assert "Add what changed." in mail.outbox[0].body


@pytest.mark.parametrize("role", ["member_a", "admin_a", "commissioner"])
def test_only_staff_decide(org_a, users, role):
    case_study = submitted_case_study(org_a, users)

    with pytest.raises(DomainError) as refused:
        services.case_study_approve(case_study=case_study, actor=users[role])
    assert refused.value.code == "forbidden"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.APPROVED, Status.REJECTED])
def test_decisions_only_on_what_is_submitted(org_a, users, status):
    case_study = make_case_study(organisation=org_a, author=users["member_a"], status=status)

    for decide in (
        lambda: services.case_study_approve(case_study=case_study, actor=users["staff"]),
        lambda: services.case_study_reject(
            case_study=case_study, actor=users["staff"], reason="No."
        ),
        lambda: services.case_study_request_changes(
            case_study=case_study, actor=users["staff"], comment="Change it."
        ),
    ):
        with pytest.raises(DomainError) as refused:
            decide()
        assert refused.value.code == "not_submitted"


def test_a_title_with_an_ampersand_is_not_escaped_in_the_subject(
    org_a, users, django_capture_on_commit_callbacks
):
    case_study = make_case_study(
        organisation=org_a, author=users["member_a"], status=Status.SUBMITTED, title="Tea & talk"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_approve(case_study=case_study, actor=users["staff"])

    assert "“Tea & talk”" in mail.outbox[0].subject
    assert "“Tea & talk”" in mail.outbox[0].body
