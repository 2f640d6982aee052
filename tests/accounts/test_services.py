"""The accounts write layer: organisations, members, invitations, join requests,
moderation and people. Mail is only checked as queued here; test_outbox.py sends it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import permissions, services
from accounts.models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationStatusChange,
    Sector,
    SizeBand,
    User,
    Ward,
    hash_token,
)
from core.errors import DomainError
from core.models import OutboxEmail

from .factories import MembershipFactory, OrganisationFactory, UserFactory, admin_of, member_of

pytestmark = pytest.mark.django_db

Action = OrganisationStatusChange.Action
ADMIN, MEMBER = Membership.Role.ADMIN, Membership.Role.MEMBER


def register(user: User, name: str = "Ordsall Food Club", **overrides) -> Organisation:
    fields = {
        "sector": Sector.COMMUNITY_GROUP,
        "size_band": SizeBand.SMALL,
        "postcode": "M5 4WT",
        "ward": Ward.objects.get(slug="ordsall"),
    }
    fields.update(overrides)
    return services.organisation_register(user=user, name=name, **fields)


def membership(user: User, organisation: Organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def mails_to(address: str) -> list[OutboxEmail]:
    return [m for m in OutboxEmail.objects.all() if address in m.to]


def invite(organisation, by, email) -> tuple[Invitation, str]:
    """Invite ``email`` and return the invitation with the raw token from its mail."""
    invitation = services.invitation_create(organisation=organisation, invited_by=by, email=email)
    # The link is only in the copy that is sent; the stored readable one has it redacted.
    body = OutboxEmail.objects.filter(to=[invitation.email]).latest("id").sealed_body
    return invitation, re.search(r"/invitations/([^/\s]+)/", body).group(1)


# ---------------------------------------------------------------------------
# Registering and editing organisations
# ---------------------------------------------------------------------------


def test_register_creates_organisation_with_the_user_as_its_admin():
    user = UserFactory()
    organisation = register(user, name="Ordsall Food Club", website="https://food.example.org")
    organisation.refresh_from_db()
    assert organisation.name == "Ordsall Food Club"
    assert organisation.slug == "ordsall-food-club"
    assert organisation.ward.slug == "ordsall"
    assert organisation.website == "https://food.example.org"
    assert organisation.verified_at is None and organisation.suspended_at is None
    assert list(organisation.memberships.values_list("user", "role")) == [(user.pk, ADMIN)]


def test_register_clears_the_users_cached_roles():
    user = UserFactory()
    assert permissions.memberships_by_org(user) == {}  # primes the cache
    organisation = register(user)
    assert permissions.is_admin(user, organisation)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("St. John's Trust", "st johns trust"),
        ("ACME Ltd", "acme ltd."),
        ("Ordsall Community Café", "ORDSALL COMMUNITY CAFE"),
        ("Salford Lads Club", "  Salford   Lads' Club "),
    ],
)
def test_register_refuses_a_name_already_registered(first, second):
    existing = register(UserFactory(), name=first)
    latecomer = UserFactory()
    with pytest.raises(services.DuplicateOrganisation) as excinfo:
        register(latecomer, name=second)
    assert excinfo.value.existing == existing
    assert first.strip() in excinfo.value.message
    assert isinstance(excinfo.value, DomainError)
    assert Organisation.objects.count() == 1
    assert not Membership.objects.filter(user=latecomer).exists()


def test_register_gives_each_organisation_its_own_slug():
    # Different names (Ł is a letter of its own, not an accented L) that slugify alike.
    first = register(UserFactory(), name="Łódź Community Kitchen")
    second = register(UserFactory(), name="Odz Community Kitchen")
    assert first.name_key != second.name_key
    assert first.slug == "odz-community-kitchen"
    assert second.slug == "odz-community-kitchen-2"


def test_register_skips_a_slug_another_organisation_already_has():
    OrganisationFactory(name="Something Else Entirely", slug="salford-food-bank")
    OrganisationFactory(name="Another One", slug="salford-food-bank-2")
    organisation = register(UserFactory(), name="Salford Food Bank")
    assert organisation.slug == "salford-food-bank-3"


def test_register_normalises_the_postcode():
    assert register(UserFactory(), postcode="m54wt").postcode == "M5 4WT"


@pytest.mark.parametrize("postcode", ["M5", "12345", "hello world", ""])
def test_register_rejects_a_bad_postcode(postcode):
    user = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        register(user, postcode=postcode)
    assert "postcode" in excinfo.value.message_dict
    assert not Organisation.objects.exists()
    assert not Membership.objects.filter(user=user).exists()


def test_register_rejects_a_name_without_letters():
    with pytest.raises(ValidationError) as excinfo:
        register(UserFactory(), name="!!!")
    assert "name" in excinfo.value.message_dict
    assert not Organisation.objects.exists()


def test_register_outside_salford_has_no_ward():
    organisation = register(UserFactory(), ward=None, postcode="SW1A 1AA")
    assert organisation.outside_salford


def test_update_changes_fields_and_normalises_postcode(org_a):
    ward = Ward.objects.get(slug="quays")
    services.organisation_update(
        organisation=org_a, description="A new description.", postcode="m32la", ward=ward
    )
    org_a.refresh_from_db()
    assert org_a.description == "A new description."
    assert org_a.postcode == "M3 2LA"
    assert org_a.ward == ward


def test_update_rename_keeps_slug_and_updates_name_key(org_a):
    services.organisation_update(organisation=org_a, name="Ordsall Community Kitchen")
    org_a.refresh_from_db()
    assert org_a.name == "Ordsall Community Kitchen"
    assert org_a.slug == "ordsall-community-cafe"  # shared links keep working
    assert Organisation.objects.matching_name("ordsall community kitchen").get() == org_a


def test_update_refuses_renaming_onto_another_organisations_name(org_a, org_b):
    with pytest.raises(services.DuplicateOrganisation) as excinfo:
        services.organisation_update(organisation=org_a, name="eccles tool-library")
    assert excinfo.value.existing == org_b
    org_a.refresh_from_db()
    assert org_a.name == "Ordsall Community Café"


def test_update_allows_changing_only_the_case_of_its_own_name(org_a):
    services.organisation_update(organisation=org_a, name="ORDSALL COMMUNITY CAFÉ")
    org_a.refresh_from_db()
    assert org_a.name == "ORDSALL COMMUNITY CAFÉ"


@pytest.mark.parametrize("field", ["slug", "verified_at", "suspended_at", "name_key"])
def test_update_refuses_fields_that_are_not_editable(org_a, field):
    with pytest.raises(ValueError, match=field):
        services.organisation_update(organisation=org_a, **{field: "x"})


def test_update_rejects_a_bad_postcode(org_a):
    with pytest.raises(ValidationError):
        services.organisation_update(organisation=org_a, postcode="nope")
    org_a.refresh_from_db()
    assert org_a.postcode == "M5 4WT"


# ---------------------------------------------------------------------------
# Members: an organisation is never left without an admin
# ---------------------------------------------------------------------------


def test_remove_the_last_admin_is_refused(users, org_a):
    admin_membership = membership(users["admin_a"], org_a)
    with pytest.raises(DomainError, match="must always have an admin"):
        services.membership_remove(membership=admin_membership, actor=users["staff"])
    assert Membership.objects.filter(pk=admin_membership.pk).exists()


def test_remove_one_of_two_admins_is_allowed(users, org_a):
    second_admin = admin_of(org_a)
    services.membership_remove(membership=membership(second_admin, org_a), actor=users["admin_a"])
    assert list(org_a.memberships.filter(role=ADMIN).values_list("user", flat=True)) == [
        users["admin_a"].pk
    ]


def test_admin_removes_a_member(users, org_a):
    services.membership_remove(
        membership=membership(users["member_a"], org_a), actor=users["admin_a"]
    )
    assert not Membership.objects.filter(user=users["member_a"], organisation=org_a).exists()


def test_removing_yourself_is_refused_even_with_another_admin(users, org_a):
    admin_of(org_a)
    mine = membership(users["admin_a"], org_a)
    with pytest.raises(DomainError, match="Leave this organisation"):
        services.membership_remove(membership=mine, actor=users["admin_a"])
    assert Membership.objects.filter(pk=mine.pk).exists()


def test_last_admin_cannot_leave_and_is_told_why(users, org_a):
    with pytest.raises(DomainError) as excinfo:
        services.membership_leave(user=users["admin_a"], organisation=org_a)
    assert excinfo.value.message == (
        "You are the only admin of Ordsall Community Café. "
        "Make another member an admin before you leave."
    )
    assert membership(users["admin_a"], org_a).role == ADMIN


def test_member_may_leave(users, org_a):
    member = users["member_a"]
    assert permissions.is_member(member, org_a)  # primes the cache
    services.membership_leave(user=member, organisation=org_a)
    assert not Membership.objects.filter(user=member, organisation=org_a).exists()
    assert not permissions.is_member(member, org_a)


def test_admin_may_leave_when_another_admin_remains(users, org_a):
    other = admin_of(org_a)
    services.membership_leave(user=users["admin_a"], organisation=org_a)
    assert list(org_a.memberships.filter(role=ADMIN).values_list("user", flat=True)) == [other.pk]


def test_leaving_an_organisation_you_are_not_in_is_refused(users, org_a):
    with pytest.raises(DomainError, match="not a member"):
        services.membership_leave(user=users["member_b"], organisation=org_a)


def test_demoting_the_last_admin_is_refused(users, org_a):
    mine = membership(users["admin_a"], org_a)
    with pytest.raises(DomainError, match="must always have an admin"):
        services.membership_set_role(membership=mine, role=MEMBER, actor=users["admin_a"])
    assert membership(users["admin_a"], org_a).role == ADMIN


def test_promoting_a_member_then_demoting_the_first_admin(users, org_a):
    theirs = membership(users["member_a"], org_a)
    services.membership_set_role(membership=theirs, role=ADMIN, actor=users["admin_a"])
    assert membership(users["member_a"], org_a).role == ADMIN
    mine = membership(users["admin_a"], org_a)
    services.membership_set_role(membership=mine, role=MEMBER, actor=users["admin_a"])
    assert membership(users["admin_a"], org_a).role == MEMBER
    assert org_a.memberships.filter(role=ADMIN).count() == 1


def test_set_role_refuses_an_unknown_role(users, org_a):
    theirs = membership(users["member_a"], org_a)
    with pytest.raises(DomainError, match="Unknown role"):
        services.membership_set_role(membership=theirs, role="owner", actor=users["admin_a"])
    assert membership(users["member_a"], org_a).role == MEMBER


def test_hand_over_swaps_the_roles(users, org_a):
    actor = users["admin_a"]
    assert permissions.is_admin(actor, org_a)  # primes the cache
    services.membership_hand_over(
        organisation=org_a, actor=actor, to=membership(users["member_a"], org_a)
    )
    assert membership(users["member_a"], org_a).role == ADMIN
    assert membership(actor, org_a).role == MEMBER
    assert org_a.memberships.filter(role=ADMIN).count() == 1
    assert not permissions.is_admin(actor, org_a)


def test_hand_over_to_yourself_is_refused(users, org_a):
    with pytest.raises(DomainError, match="other than yourself"):
        services.membership_hand_over(
            organisation=org_a, actor=users["admin_a"], to=membership(users["admin_a"], org_a)
        )
    assert membership(users["admin_a"], org_a).role == ADMIN


def test_hand_over_to_someone_in_another_organisation_is_refused(users, org_a, org_b):
    with pytest.raises(DomainError, match="not a member of this organisation"):
        services.membership_hand_over(
            organisation=org_a, actor=users["admin_a"], to=membership(users["member_b"], org_b)
        )
    assert membership(users["admin_a"], org_a).role == ADMIN
    assert membership(users["member_b"], org_b).role == MEMBER


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


def test_invitation_create_queues_a_mail_with_a_working_link(users, org_a):
    invitation, token = invite(org_a, users["admin_a"], "  New.Person@Example.ORG ")
    assert invitation.email == "new.person@example.org"
    assert invitation.invited_by == users["admin_a"]
    assert invitation.expires_at - invitation.created_at == timedelta(
        days=settings.INVITATION_VALID_DAYS
    )
    mail = OutboxEmail.objects.get(to=["new.person@example.org"])
    assert mail.status == OutboxEmail.Status.PENDING
    assert f"{settings.SITE_URL}/invitations/{token}/" in mail.sealed_body
    assert token not in mail.body
    assert "Ordsall Community Café" in mail.body
    assert "Ada" in mail.body  # who invited them
    assert services.invitation_for_token(token) == invitation


def test_invitation_token_is_stored_only_as_a_hash(users, org_a):
    invitation, token = invite(org_a, users["admin_a"], "new@example.org")
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert stored["token_hash"] == hash_token(token)
    assert all(token not in str(value) for value in stored.values())
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_inviting_an_existing_member_is_refused(users, org_a):
    with pytest.raises(DomainError, match="already a member"):
        services.invitation_create(
            organisation=org_a, invited_by=users["admin_a"], email="MEMBER.A@example.org"
        )
    assert not Invitation.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_a_member_elsewhere_can_be_invited(users, org_a):
    invitation, _token = invite(org_a, users["admin_a"], users["member_b"].email)
    assert invitation.email == "member.b@example.org"


def test_reinviting_while_an_invitation_is_live_sends_nothing(users, org_a):
    invite(org_a, users["admin_a"], "new@example.org")
    with pytest.raises(DomainError, match="still valid"):
        services.invitation_create(
            organisation=org_a, invited_by=users["admin_a"], email="NEW@example.org"
        )
    assert OutboxEmail.objects.filter(to=["new@example.org"]).count() == 1


def test_reinviting_after_expiry_replaces_the_earlier_invitation(users, org_a):
    first, old_token = invite(org_a, users["admin_a"], "new@example.org")
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now())
    second, new_token = invite(org_a, users["admin_a"], "NEW@example.org")
    assert old_token != new_token
    assert list(Invitation.objects.filter(email="new@example.org")) == [second]
    assert not Invitation.objects.filter(pk=first.pk).exists()
    assert services.invitation_for_token(old_token) is None
    invitee = UserFactory(email="new@example.org")
    with pytest.raises(DomainError, match="not valid"):
        services.invitation_accept(token=old_token, user=invitee)
    assert services.invitation_accept(token=new_token, user=invitee).organisation == org_a


def test_accept_makes_the_invitee_a_member(users, org_a):
    invitation, token = invite(org_a, users["admin_a"], "new@example.org")
    invitee = UserFactory(email="new@example.org")
    assert not permissions.is_member(invitee, org_a)  # primes the cache
    result = services.invitation_accept(token=token, user=invitee)
    assert result == membership(invitee, org_a)
    assert result.role == MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == invitee
    assert permissions.is_member(invitee, org_a)


def test_accepting_twice_is_refused(users, org_a):
    _invitation, token = invite(org_a, users["admin_a"], "new@example.org")
    invitee = UserFactory(email="new@example.org")
    services.invitation_accept(token=token, user=invitee)
    with pytest.raises(DomainError, match="already been used") as excinfo:
        services.invitation_accept(token=token, user=invitee)
    assert excinfo.value.code == "used"
    assert Membership.objects.filter(user=invitee).count() == 1


def test_an_expired_invitation_is_refused(users, org_a):
    invitation, token = invite(org_a, users["admin_a"], "new@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    invitee = UserFactory(email="new@example.org")
    with pytest.raises(DomainError, match="expired") as excinfo:
        services.invitation_accept(token=token, user=invitee)
    assert excinfo.value.code == "expired"
    assert not Membership.objects.filter(user=invitee).exists()


def test_accepting_while_signed_in_as_someone_else_is_refused(users, org_a):
    invitation, token = invite(org_a, users["admin_a"], "new@example.org")
    with pytest.raises(DomainError) as excinfo:
        services.invitation_accept(token=token, user=users["resident"])
    assert excinfo.value.code == "wrong_user"
    assert "new@example.org" in excinfo.value.message
    assert "resident@example.org" in excinfo.value.message
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Membership.objects.filter(user=users["resident"], organisation=org_a).exists()


def test_an_unknown_token_is_refused(users):
    with pytest.raises(DomainError, match="not valid") as excinfo:
        services.invitation_accept(token="made-up-token", user=users["resident"])
    assert excinfo.value.code == "invalid"


def test_accepting_an_invitation_to_a_suspended_organisation_is_refused(users, org_a):
    _invitation, token = invite(org_a, users["admin_a"], "new@example.org")
    org_a.suspended_at = timezone.now()
    org_a.save()
    invitee = UserFactory(email="new@example.org")
    with pytest.raises(DomainError, match="suspended"):
        services.invitation_accept(token=token, user=invitee)
    assert not Membership.objects.filter(user=invitee).exists()


def test_accepting_when_already_a_member_keeps_the_one_membership(users, org_a):
    _invitation, token = invite(org_a, users["admin_a"], "new@example.org")
    invitee = UserFactory(email="new@example.org")
    MembershipFactory(user=invitee, organisation=org_a, role=ADMIN)
    assert services.invitation_accept(token=token, user=invitee).role == ADMIN
    assert Membership.objects.filter(user=invitee, organisation=org_a).count() == 1


def test_revoke_deletes_an_open_invitation_but_keeps_a_used_one(users, org_a):
    open_invitation, open_token = invite(org_a, users["admin_a"], "open@example.org")
    used, used_token = invite(org_a, users["admin_a"], "used@example.org")
    services.invitation_accept(token=used_token, user=UserFactory(email="used@example.org"))
    services.invitation_revoke(invitation=open_invitation)
    services.invitation_revoke(invitation=Invitation.objects.get(pk=used.pk))
    assert list(Invitation.objects.all()) == [used]
    assert services.invitation_for_token(open_token) is None


def test_purge_deletes_only_expired_unaccepted_invitations(users, org_a):
    past = timezone.now() - timedelta(days=1)
    fresh, _ = invite(org_a, users["admin_a"], "fresh@example.org")
    stale, _ = invite(org_a, users["admin_a"], "stale@example.org")
    used, used_token = invite(org_a, users["admin_a"], "used@example.org")
    services.invitation_accept(token=used_token, user=UserFactory(email="used@example.org"))
    Invitation.objects.filter(pk__in=[stale.pk, used.pk]).update(expires_at=past)

    assert services.invitations_purge_expired() == 1
    assert set(Invitation.objects.all()) == {fresh, used}
    assert services.invitations_purge_expired() == 0
    assert set(Invitation.objects.all()) == {fresh, used}


# ---------------------------------------------------------------------------
# Asking to join
# ---------------------------------------------------------------------------


def test_join_request_is_recorded_and_mailed_to_the_admins(users, org_a):
    second_admin = admin_of(org_a, email="admin2.a@example.org")
    join_request = services.join_request_create(
        user=users["resident"], organisation=org_a, message="I volunteer on Tuesdays."
    )
    assert join_request.status == JoinRequest.Status.PENDING
    mail = OutboxEmail.objects.get()
    assert sorted(mail.to) == sorted(["admin.a@example.org", second_admin.email])
    assert "member.a@example.org" not in mail.to
    assert "Rosa" in mail.subject
    assert "I volunteer on Tuesdays." in mail.body
    assert f"{settings.SITE_URL}/organisations/ordsall-community-cafe/members/" in mail.body


def test_asking_twice_while_pending_is_refused(users, org_a):
    services.join_request_create(user=users["resident"], organisation=org_a)
    with pytest.raises(DomainError, match="already asked"):
        services.join_request_create(user=users["resident"], organisation=org_a)
    assert JoinRequest.objects.count() == 1


def test_asking_again_after_a_decline_is_allowed(users, org_a):
    first = services.join_request_create(user=users["resident"], organisation=org_a)
    services.join_request_decide(join_request=first, actor=users["admin_a"], approve=False)
    again = services.join_request_create(user=users["resident"], organisation=org_a)
    assert again.pk != first.pk and again.status == JoinRequest.Status.PENDING


@pytest.mark.parametrize("role", ["member_a", "admin_a"])
def test_a_member_cannot_ask_to_join(users, org_a, role):
    with pytest.raises(DomainError, match="already a member of Ordsall Community Café"):
        services.join_request_create(user=users[role], organisation=org_a)
    assert not JoinRequest.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_asking_to_join_a_suspended_organisation_is_refused(users, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save()
    with pytest.raises(DomainError, match="suspended"):
        services.join_request_create(user=users["resident"], organisation=org_a)
    assert not JoinRequest.objects.exists()


def test_asking_to_join_an_organisation_with_no_admin_says_whom_to_ask(users):
    nobody_to_answer = OrganisationFactory(name="Ordsall Allotments")
    with pytest.raises(DomainError, match="no admin to answer"):
        services.join_request_create(user=users["resident"], organisation=nobody_to_answer)
    assert not JoinRequest.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_approving_makes_a_member_and_tells_the_requester(users, org_a):
    join_request = services.join_request_create(user=users["resident"], organisation=org_a)
    decided = services.join_request_decide(
        join_request=join_request, actor=users["admin_a"], approve=True
    )
    assert decided.status == JoinRequest.Status.APPROVED
    assert decided.decided_by == users["admin_a"]
    assert decided.decided_at is not None
    assert membership(users["resident"], org_a).role == MEMBER
    (mail,) = mails_to("resident@example.org")
    assert "You are now a member of Ordsall Community Café" in mail.body
    assert "/organisations/ordsall-community-cafe/" in mail.body


def test_declining_makes_no_member_and_tells_the_requester(users, org_a):
    join_request = services.join_request_create(user=users["resident"], organisation=org_a)
    decided = services.join_request_decide(
        join_request=join_request, actor=users["admin_a"], approve=False
    )
    assert decided.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=users["resident"], organisation=org_a).exists()
    (mail,) = mails_to("resident@example.org")
    assert "declined" in mail.body


def test_deciding_twice_is_refused_even_from_a_stale_copy(users, org_a):
    join_request = services.join_request_create(user=users["resident"], organisation=org_a)
    stale = JoinRequest.objects.get(pk=join_request.pk)
    services.join_request_decide(join_request=join_request, actor=users["admin_a"], approve=True)
    with pytest.raises(DomainError, match="already been answered"):
        services.join_request_decide(join_request=stale, actor=users["admin_a"], approve=False)
    assert JoinRequest.objects.get(pk=join_request.pk).status == JoinRequest.Status.APPROVED
    assert Membership.objects.filter(user=users["resident"], organisation=org_a).exists()
    assert len(mails_to("resident@example.org")) == 1


# ---------------------------------------------------------------------------
# Staff moderation of organisations
# ---------------------------------------------------------------------------


def change(organisation, actor, action, reason=""):
    return services.organisation_change_status(
        organisation=organisation, actor=actor, action=action, reason=reason
    )


def test_verify_records_who_when_and_why_and_mails_the_admins(users, org_a):
    record = change(org_a, users["staff"], Action.VERIFIED, "  Checked the charity number. ")
    org_a.refresh_from_db()
    assert org_a.verified_at is not None
    assert record.changed_at == org_a.verified_at
    assert record.changed_by == users["staff"]
    assert record.reason == "Checked the charity number."
    assert list(org_a.status_changes.values_list("action", flat=True)) == [Action.VERIFIED]
    mail = OutboxEmail.objects.get()
    assert mail.to == ["admin.a@example.org"]
    assert "verified" in mail.subject


def test_an_organisation_with_no_admin_can_be_verified_and_suspended_with_no_mail(users):
    """Staff may act on an organisation whose last admin left: no one to tell, no 500."""
    lone = OrganisationFactory(name="Irlam Men's Shed")
    member_of(lone)
    change(lone, users["staff"], Action.VERIFIED, "Checked the charity number.")
    change(lone, users["staff"], Action.SUSPENDED, "Reported as a copy of another charity.")
    lone.refresh_from_db()
    assert lone.verified_at is not None and lone.suspended_at is not None
    assert not OutboxEmail.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_suspend_needs_a_reason(users, org_a, reason):
    with pytest.raises(DomainError, match="Give a reason"):
        change(org_a, users["staff"], Action.SUSPENDED, reason)
    org_a.refresh_from_db()
    assert org_a.suspended_at is None
    assert not OrganisationStatusChange.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_suspend_then_reinstate(users, org_a):
    change(org_a, users["staff"], Action.SUSPENDED, "Complaint under review.")
    org_a.refresh_from_db()
    assert org_a.is_suspended
    suspended_mail = OutboxEmail.objects.get()
    assert "Reason: Complaint under review." in suspended_mail.body

    change(org_a, users["staff"], Action.REINSTATED)
    org_a.refresh_from_db()
    assert org_a.suspended_at is None
    assert list(org_a.status_changes.values_list("action", flat=True)) == [
        Action.REINSTATED,
        Action.SUSPENDED,
    ]
    assert OutboxEmail.objects.count() == 2


def test_withdrawing_verification_clears_it(users, org_a):
    change(org_a, users["staff"], Action.VERIFIED)
    change(org_a, users["staff"], Action.UNVERIFIED, "Registration lapsed.")
    org_a.refresh_from_db()
    assert org_a.verified_at is None


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ({}, Action.REINSTATED),
        ({}, Action.UNVERIFIED),
        ({"verified_at": timezone.now()}, Action.VERIFIED),
        ({"suspended_at": timezone.now()}, Action.SUSPENDED),
    ],
)
def test_a_change_to_the_state_it_is_already_in_is_refused(users, org_a, setup, action):
    Organisation.objects.filter(pk=org_a.pk).update(**setup)
    before = Organisation.objects.filter(pk=org_a.pk).values("verified_at", "suspended_at").get()
    with pytest.raises(DomainError, match="Nothing to change"):
        change(org_a, users["staff"], action, "A reason.")
    after = Organisation.objects.filter(pk=org_a.pk).values("verified_at", "suspended_at").get()
    assert after == before
    assert not OrganisationStatusChange.objects.exists()


def test_an_unknown_action_is_refused(users, org_a):
    with pytest.raises(DomainError, match="Unknown action"):
        change(org_a, users["staff"], "deleted", "Because.")


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------


def test_sole_admin_cannot_delete_their_account(users, org_a):
    admin = users["admin_a"]
    with pytest.raises(DomainError) as excinfo:
        services.user_delete(user=admin)
    assert excinfo.value.code == "last_admin"
    assert "Ordsall Community Café" in excinfo.value.message
    assert User.objects.filter(pk=admin.pk).exists()


def test_sole_admin_of_two_organisations_is_told_both(users, org_a, org_b):
    admin = users["admin_a"]
    MembershipFactory(user=admin, organisation=org_b, role=ADMIN)
    shared = OrganisationFactory(name="Shared Trust")
    MembershipFactory(user=admin, organisation=shared, role=ADMIN)
    admin_of(shared)
    assert services.organisations_blocking_deletion(admin) == [
        "Eccles Tool Library",
        "Ordsall Community Café",
    ]
    with pytest.raises(DomainError, match="Eccles Tool Library, Ordsall Community Café"):
        services.user_delete(user=admin)


def test_admin_can_delete_their_account_when_another_admin_remains(users, org_a):
    admin = users["admin_a"]
    admin_of(org_a)
    invitation, _token = invite(org_a, admin, "new@example.org")
    services.user_delete(user=admin)
    assert not User.objects.filter(pk=admin.pk).exists()
    assert not Membership.objects.filter(user_id=admin.pk).exists()
    assert Organisation.objects.filter(pk=org_a.pk).exists()
    assert Invitation.objects.get(pk=invitation.pk).invited_by is None


@pytest.mark.parametrize("role", ["resident", "member_a", "staff"])
def test_people_without_sole_admin_duties_can_delete_their_account(users, role):
    from allauth.account.models import EmailAddress

    user = users[role]
    assert services.organisations_blocking_deletion(user) == []
    services.user_delete(user=user)
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert not EmailAddress.objects.filter(user_id=user.pk).exists()


def test_deleting_staff_keeps_the_moderation_history(users, org_a):
    record = change(org_a, users["staff"], Action.VERIFIED)
    services.user_delete(user=users["staff"])
    record.refresh_from_db()
    assert record.changed_by is None
    assert record.action == Action.VERIFIED


def test_deleting_a_requester_removes_their_join_requests(users, org_a):
    services.join_request_create(user=users["resident"], organisation=org_a)
    services.user_delete(user=users["resident"])
    assert not JoinRequest.objects.exists()


def test_update_profile(users):
    user = users["resident"]
    ward = Ward.objects.get(slug="eccles")
    services.user_update_profile(user=user, display_name="Rosa M.", ward=ward)
    user.refresh_from_db()
    assert user.display_name == "Rosa M."
    assert user.ward == ward
    services.user_update_profile(user=user, display_name="Rosa M.", ward=None)
    user.refresh_from_db()
    assert user.ward is None


def test_update_profile_needs_a_display_name(users):
    user = users["resident"]
    with pytest.raises(ValidationError) as excinfo:
        services.user_update_profile(user=user, display_name="", ward=None)
    assert "display_name" in excinfo.value.message_dict
    user.refresh_from_db()
    assert user.display_name == "Rosa"


def test_update_profile_leaves_the_password_alone(users):
    from .factories import PASSWORD

    user = users["resident"]
    services.user_update_profile(user=user, display_name="R", ward=None)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_member_of_helper_is_not_an_admin(org_a):
    # Guards the factories these tests lean on.
    assert membership(member_of(org_a), org_a).role == MEMBER
    assert membership(admin_of(org_a), org_a).role == ADMIN
