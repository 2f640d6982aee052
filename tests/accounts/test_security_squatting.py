"""Security review, finding 5: organisation name squatting.

An unverified sign-up reserved "Salford City Council" and got a public page. Now the
organisation waits for its first admin to confirm their address before it has a page
or holds its name, and staff can release a name held without right.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from accounts import services
from accounts.models import Organisation, OrganisationStatusChange, PendingOrganisation, User
from core.errors import DomainError
from core.models import OutboxEmail

from .factories import PASSWORD, OrganisationFactory, UserFactory, admin_of

pytestmark = pytest.mark.django_db

COUNCIL = "Salford City Council"


def _sign_up_as(name: str, email: str, capture) -> Client:
    client = Client()
    with capture(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": email,
                "display_name": "Sam",
                "password1": "Kersal-moor-walk-77",
                "password2": "Kersal-moor-walk-77",
                "joining_as": "organisation",
                "name": name,
                "sector": "public_sector",
                "size_band": "large",
                "postcode": "M27 5AW",
                "org_ward": "swinton-park",
                "website": "",
                "description": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def _confirm(email: str, capture) -> None:
    body = next(m.body for m in reversed(mail.outbox) if m.to == [email])
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", body).group(1)
    with capture(execute=True):
        assert Client().post(path).status_code == 302


def test_an_unconfirmed_sign_up_gets_no_page_and_holds_no_name(
    django_capture_on_commit_callbacks,
):
    _sign_up_as(COUNCIL, "squatter@example.org", django_capture_on_commit_callbacks)
    assert not Organisation.objects.exists()
    assert PendingOrganisation.objects.get().name == COUNCIL
    assert Client().get("/organisations/salford-city-council/").status_code == 404
    assert COUNCIL not in Client().get("/organisations/").content.decode()

    # The real council registers the name, and gets the address.
    real = services.organisation_register(
        user=UserFactory(),
        name=COUNCIL,
        sector="public_sector",
        size_band="large",
        postcode="M27 5AW",
        ward=None,
    )
    assert real.slug == "salford-city-council"
    assert Client().get("/organisations/salford-city-council/").status_code == 200


def test_confirming_the_address_registers_the_organisation(
    django_capture_on_commit_callbacks,
):
    _sign_up_as(COUNCIL, "clerk@example.org", django_capture_on_commit_callbacks)
    _confirm("clerk@example.org", django_capture_on_commit_callbacks)
    organisation = Organisation.objects.get(name=COUNCIL)
    user = User.objects.get(email="clerk@example.org")
    assert organisation.memberships.get().user == user
    assert not PendingOrganisation.objects.exists()
    # Confirming again (a second click) registers nothing more.
    assert services.organisation_register_on_confirmation(user=user) is None
    assert Organisation.objects.count() == 1


def test_of_two_sign_ups_with_one_name_the_first_to_confirm_gets_it(
    django_capture_on_commit_callbacks,
):
    _sign_up_as(COUNCIL, "squatter@example.org", django_capture_on_commit_callbacks)
    _sign_up_as(COUNCIL, "clerk@example.org", django_capture_on_commit_callbacks)
    _confirm("clerk@example.org", django_capture_on_commit_callbacks)
    _confirm("squatter@example.org", django_capture_on_commit_callbacks)
    organisation = Organisation.objects.get()
    assert organisation.memberships.get().user.email == "clerk@example.org"
    told = OutboxEmail.objects.filter(to=["squatter@example.org"]).latest("id")
    assert "not registered" in told.subject
    assert organisation.get_absolute_url() in told.body
    # The one who lost out still has an account, and can ask to join.
    assert User.objects.filter(email="squatter@example.org").exists()


def test_a_name_already_registered_is_refused_at_sign_up(django_capture_on_commit_callbacks):
    OrganisationFactory(name=COUNCIL)
    response = Client().post(
        "/accounts/signup/",
        {
            "email": "squatter@example.org",
            "display_name": "Sam",
            "password1": "Kersal-moor-walk-77",
            "password2": "Kersal-moor-walk-77",
            "joining_as": "organisation",
            "name": COUNCIL.upper(),
            "sector": "public_sector",
            "size_band": "large",
            "postcode": "M27 5AW",
            "org_ward": "swinton-park",
        },
    )
    assert response.status_code == 200
    assert not PendingOrganisation.objects.exists()


# ---------------------------------------------------------------------------
# Staff release a squatted name
# ---------------------------------------------------------------------------


@pytest.fixture
def squatted():
    organisation = OrganisationFactory(name=COUNCIL, slug="salford-city-council")
    admin_of(organisation, email="squatter@example.org")
    return organisation


def test_staff_release_a_squatted_name_in_the_admin(users, squatted):
    client = Client()
    client.force_login(users["staff"])
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    response = client.post(
        "/admin/accounts/organisation/",
        {"action": "release_name", "_selected_action": [squatted.pk]},
    )
    assert response.status_code == 302
    squatted.refresh_from_db()
    assert squatted.name != COUNCIL and squatted.slug != "salford-city-council"
    assert squatted.is_suspended
    change = squatted.status_changes.get()
    assert change.action == OrganisationStatusChange.Action.NAME_RELEASED
    assert change.changed_by == users["staff"]
    assert "squatter@example.org" in OutboxEmail.objects.latest("id").to

    real = services.organisation_register(
        user=UserFactory(),
        name=COUNCIL,
        sector="public_sector",
        size_band="large",
        postcode="M27 5AW",
        ward=None,
    )
    assert real.slug == "salford-city-council"


def test_releasing_needs_a_reason_and_happens_once(users, squatted):
    with pytest.raises(DomainError, match="Say why"):
        services.organisation_release_name(organisation=squatted, actor=users["staff"], reason=" ")
    services.organisation_release_name(organisation=squatted, actor=users["staff"], reason="Squat")
    with pytest.raises(DomainError, match="already been released"):
        services.organisation_release_name(
            organisation=squatted, actor=users["staff"], reason="Squat"
        )


def test_only_staff_may_release_a_name(users, squatted):
    client = Client()
    client.force_login(users["admin_a"])
    client.post(
        "/admin/accounts/organisation/",
        {"action": "release_name", "_selected_action": [squatted.pk]},
    )
    squatted.refresh_from_db()
    assert squatted.name == COUNCIL
