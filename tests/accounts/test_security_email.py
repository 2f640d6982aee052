"""Security review, findings 4 and 6: other people's addresses.

4. A signed-in user added someone else's address at ``/accounts/email/``: the owner's
   own later sign-up then made no account, and once the owner was tricked into opening
   the confirmation link, the attacker could accept invitations meant for them.
6. 30 invitations to one address sent 30 mails, with a name the sender chose in the
   subject.
"""

from __future__ import annotations

import contextlib

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts import services
from accounts.models import Invitation, Membership, User
from core import submissions
from core.errors import DomainError
from core.models import OutboxEmail

from .factories import OrganisationFactory, UserFactory, admin_of

pytestmark = pytest.mark.django_db

OWNER = "owner@example.org"
NEW_PASSWORD = "Kersal-moor-walk-77"


def _sign_up(email: str, capture) -> None:
    with capture(execute=True):
        Client().post(
            "/accounts/signup/",
            {
                "email": email,
                "display_name": "Olu",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "joining_as": "resident",
            },
        )


@pytest.fixture
def attacker():
    return UserFactory(email="mallory@example.org", display_name="Mallory")


@pytest.fixture
def claimed(attacker, django_capture_on_commit_callbacks):
    """Mallory adds the owner's address to her account and does not confirm it."""
    client = Client()
    client.force_login(attacker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/email/", {"action_add": "", "email": OWNER})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=attacker, email=OWNER, verified=False).exists()
    return client


# ---------------------------------------------------------------------------
# 4. The confirmation mail and page say whose account it is
# ---------------------------------------------------------------------------


def test_the_confirmation_mail_names_the_account_the_address_joins(claimed, attacker):
    message = mail.outbox[-1]
    assert message.to == [OWNER]
    assert attacker.email in message.body and "Mallory" in message.body
    assert "If it is not your account, do not open the link" in message.body


def test_the_confirmation_page_names_the_account_the_address_joins(claimed, attacker):
    body = mail.outbox[-1].body
    path = body[body.index("/accounts/confirm-email/") :].split()[0]
    page = Client().get(path).content.decode()
    assert "mallory@example.org" in page and "Mallory" in page
    assert 'data-testid="not-your-account"' in page


# ---------------------------------------------------------------------------
# 4. An unconfirmed address blocks nothing and accepts nothing
# ---------------------------------------------------------------------------


def test_an_unconfirmed_claim_does_not_block_the_owners_sign_up(
    claimed, attacker, django_capture_on_commit_callbacks
):
    _sign_up(OWNER, django_capture_on_commit_callbacks)
    owner = User.objects.get(email=OWNER)
    assert owner.pk != attacker.pk
    assert EmailAddress.objects.filter(user=owner, email=OWNER).exists()
    assert not EmailAddress.objects.filter(user=attacker, email=OWNER).exists()
    assert mail.outbox[-1].to == [OWNER]
    assert "/accounts/confirm-email/" in mail.outbox[-1].body


def test_a_confirmed_address_still_blocks_a_second_account(django_capture_on_commit_callbacks):
    UserFactory(email=OWNER)
    _sign_up(OWNER, django_capture_on_commit_callbacks)
    assert User.objects.filter(email__iexact=OWNER).count() == 1


def test_an_unconfirmed_address_accepts_no_invitation(claimed, attacker):
    organisation = OrganisationFactory()
    services.invitation_create(
        organisation=organisation, invited_by=admin_of(organisation), email=OWNER
    )
    body = OutboxEmail.objects.filter(to=[OWNER]).latest("id").sealed_body
    token = body[body.index("/invitations/") :].split("/")[2]
    # Even with the link in hand, and the address made her login address:
    User.objects.filter(pk=attacker.pk).update(email=OWNER.upper())
    attacker.refresh_from_db()
    with pytest.raises(DomainError, match="Sign in with the invited address"):
        services.invitation_accept(token=token, user=attacker)
    assert not Membership.objects.filter(user=attacker, organisation=organisation).exists()
    # Nor is it listed among her invitations.
    response = claimed.get("/accounts/")
    assert organisation.name not in response.content.decode()


def test_a_confirmed_second_address_accepts_its_invitation():
    person = UserFactory(email="first@example.org")
    EmailAddress.objects.create(user=person, email="second@example.org", verified=True)
    organisation = OrganisationFactory()
    services.invitation_create(
        organisation=organisation, invited_by=admin_of(organisation), email="second@example.org"
    )
    body = OutboxEmail.objects.filter(to=["second@example.org"]).latest("id").sealed_body
    token = body[body.index("/invitations/") :].split("/")[2]
    assert services.invitation_accept(token=token, user=person).organisation == organisation


# ---------------------------------------------------------------------------
# 6. Invitation flooding
# ---------------------------------------------------------------------------


def _invite(organisation, by, email):
    return services.invitation_create(organisation=organisation, invited_by=by, email=email)


def test_thirty_invitations_to_one_address_send_one_mail(org_a, users):
    """The finding, as reported: 30 invitations, 30 mails."""
    admin = users["admin_a"]
    for _ in range(30):
        with contextlib.suppress(DomainError):
            _invite(org_a, admin, "target@example.org")
    assert OutboxEmail.objects.filter(to=["target@example.org"]).count() == 1
    assert Invitation.objects.filter(email="target@example.org").count() == 1


def test_the_same_address_is_invited_by_few_organisations_a_day(users):
    sent = 0
    for _n in range(6):
        organisation = OrganisationFactory()
        try:
            _invite(organisation, admin_of(organisation), "target@example.org")
            sent += 1
        except DomainError as error:
            assert "several invitations today" in error.message
    assert sent == services.organisations.INVITATIONS_PER_ADDRESS_PER_DAY
    assert OutboxEmail.objects.filter(to=["target@example.org"]).count() == sent


def test_an_organisation_sends_a_limited_number_of_invitations_a_day(org_a, users):
    limit = services.organisations.INVITATIONS_PER_ORGANISATION_PER_DAY
    for n in range(limit):
        _invite(org_a, users["admin_a"], f"person{n}@example.org")
    with pytest.raises(DomainError, match="invitations today"):
        _invite(org_a, users["admin_a"], "one.more@example.org")


def test_withdraw_and_invite_again_is_limited_too(org_a, users):
    """Withdrawing a live invitation to send another is the way to resend a link, and
    counts against the same daily limits."""
    admin = users["admin_a"]
    sent = 0
    for _ in range(10):
        try:
            invitation = _invite(org_a, admin, "target@example.org")
        except DomainError:
            break
        sent += 1
        services.invitation_revoke(invitation=invitation)
    assert sent == services.organisations.INVITATIONS_PER_ADDRESS_PER_DAY


def test_the_subject_carries_no_name_the_sender_chose(org_a, users):
    org_a.name = "Claim your prize at prize.example"
    org_a.save()
    _invite(org_a, users["admin_a"], "target@example.org")
    email = OutboxEmail.objects.get(to=["target@example.org"])
    assert "prize" not in email.subject
    assert "prize" in email.body


def test_a_refused_invitation_keeps_the_form_and_says_why(org_a, users, client_for):
    client = client_for("admin_a")
    _invite(org_a, users["admin_a"], "target@example.org")
    response = client.post(
        f"/organisations/{org_a.slug}/members/invite/",
        {"email": "target@example.org", submissions.FIELD: "t" * 32},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "still valid" in page
    assert 'value="target@example.org"' in page
