"""Sign-up, email verification, login and password reset, through HTTP."""

from __future__ import annotations

import re
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts import services
from accounts.models import Membership, Organisation, User
from core.models import OutboxEmail

from .factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
VERIFICATION_SENT_URL = "/accounts/confirm-email/"
NEW_PASSWORD = "Kersal-moor-walk-77"


def resident_data(**overrides) -> dict:
    data = {
        "email": "nia.new@example.org",
        "display_name": "Nia",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "joining_as": "resident",
    }
    data.update(overrides)
    return data


def organisation_data(**overrides) -> dict:
    data = resident_data(
        joining_as="organisation",
        name="Weaste Allotment Society",
        sector="community_group",
        size_band="micro",
        postcode="m6  5jn",
        org_ward="weaste-seedley",
        website="weaste-allotments.example.org",
        description="Plots, seeds and a Saturday tea urn.",
    )
    data.update(overrides)
    return data


def signup(client, django_capture_on_commit_callbacks, data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(SIGNUP_URL, data)


def page_text(response) -> str:
    return unescape(response.content.decode())


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in ``message`` whose path starts with ``path_prefix``."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", message.body)
    assert match, f"no {path_prefix} link in:\n{message.body}"
    return match.group(1)


def confirm_address(client, django_capture_on_commit_callbacks) -> None:
    """Open the confirmation link in the last mail and confirm."""
    path = link_in(mail.outbox[-1], "/accounts/confirm-email/")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 302


def assert_nothing_created(email: str = "nia.new@example.org") -> None:
    assert not User.objects.filter(email__iexact=email).exists()
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    assert not OutboxEmail.objects.exists()


def assert_typed_values_kept(response, data: dict, skip=("password1", "password2")) -> None:
    html = page_text(response)
    for field, value in data.items():
        if field in skip or not value:
            continue
        if field in ("sector", "size_band", "org_ward", "ward"):
            assert re.search(rf'<option value="{re.escape(value)}"[^>]*\bselected\b', html), (
                f"{field}={value!r} not selected again"
            )
        elif field == "joining_as":
            assert re.search(rf'value="{value}"[^>]*\bchecked\b', html), "choice not kept"
        elif field == "description":
            assert f">\n{value}</textarea>" in html, "description not kept"
        else:
            assert f'value="{value}"' in html, f"{field}={value!r} not kept"


# ---------------------------------------------------------------------------
# Residents
# ---------------------------------------------------------------------------


def test_signup_page_offers_both_ways_of_joining(client):
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    html = page_text(response)
    assert 'name="joining_as" value="resident"' in html
    assert 'name="joining_as" value="organisation"' in html
    assert 'data-testid="organisation-fields"' in html


def test_resident_signup_creates_unverified_user_and_mails_verification_link(
    client, django_capture_on_commit_callbacks
):
    response = signup(
        client, django_capture_on_commit_callbacks, resident_data(email="Nia.New@Example.org")
    )

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    user = User.objects.get(email="nia.new@example.org")
    assert user.display_name == "Nia"
    assert user.ward is None
    assert user.memberships.count() == 0
    assert not Organisation.objects.exists()
    address = EmailAddress.objects.get(user=user)
    assert address.email.lower() == "nia.new@example.org"
    assert address.verified is False

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [address.email]
    assert "/accounts/confirm-email/" in message.body
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT


def test_resident_signup_saves_optional_ward(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks, resident_data(ward="ordsall"))
    assert User.objects.get(email="nia.new@example.org").ward.slug == "ordsall"


def test_resident_verifies_email_then_logs_in(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks, resident_data())
    confirm_path = link_in(mail.outbox[0], "/accounts/confirm-email/")
    assert re.fullmatch(r"/accounts/confirm-email/[^/]+/", confirm_path)

    # Not yet verified: logging in is turned away to the "check your email" page.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LOGIN_URL, {"login": "nia.new@example.org", "password": NEW_PASSWORD}
        )
    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/").status_code == 302

    assert "Check your email" in page_text(client.get(VERIFICATION_SENT_URL))

    # Opening the link shows a confirmation page; it takes a POST to confirm.
    response = client.get(confirm_path)
    assert response.status_code == 200
    assert "Confirming adds nia.new@example.org to the account of <strong>Nia</strong>" in " ".join(
        page_text(response).split()
    )
    assert not EmailAddress.objects.get(email="nia.new@example.org").verified
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nia.new@example.org").verified

    response = client.post(
        LOGIN_URL, {"login": "nia.new@example.org", "password": NEW_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/home/"
    assert response.status_code == 200
    assert "Hello, Nia" in page_text(response)


def test_confirmation_link_with_bad_key_does_not_verify(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks, resident_data())
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    assert "This confirmation link has expired or is not valid." in page_text(response)
    assert client.post("/accounts/confirm-email/not-a-real-key/").status_code == 404
    assert not EmailAddress.objects.get(email="nia.new@example.org").verified


def test_signup_with_registered_email_reveals_nothing_and_creates_nothing(
    client, django_capture_on_commit_callbacks
):
    """allauth prevents account enumeration: the page looks like a normal sign-up, and the
    address's owner is mailed that someone tried to register it again."""
    existing = UserFactory(email="taken@example.org", display_name="Tam")
    data = organisation_data(email="Taken@example.org", display_name="Impostor")
    response = signup(client, django_capture_on_commit_callbacks, data)
    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    existing.refresh_from_db()
    assert existing.display_name == "Tam"
    assert not Organisation.objects.exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["taken@example.org"]
    assert "already exists" in mail.outbox[0].body
    assert "/accounts/confirm-email/" not in mail.outbox[0].body


def test_organisation_fields_are_ignored_when_joining_as_resident(
    client, django_capture_on_commit_callbacks
):
    """Scripts hide the organisation fields for residents, so whatever is left in them,
    even nonsense, must neither block the sign-up nor create an organisation."""
    data = organisation_data(
        joining_as="resident",
        postcode="NOTAPOSTCODE",
        website="not a website",
        org_ward="atlantis",
        description="x" * 2001,
    )
    response = signup(client, django_capture_on_commit_callbacks, data)
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(email="nia.new@example.org")
    assert not Organisation.objects.exists()
    assert not Membership.objects.filter(user=user).exists()


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------


def test_organisation_signup_registers_organisation_with_user_as_admin(
    client, django_capture_on_commit_callbacks
):
    response = signup(client, django_capture_on_commit_callbacks, organisation_data())

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    user = User.objects.get(email="nia.new@example.org")
    # No page and no name held until the address is confirmed (security review, 5).
    assert not Organisation.objects.exists()
    assert len(mail.outbox) == 1  # the verification mail
    confirm_address(client, django_capture_on_commit_callbacks)
    organisation = Organisation.objects.get()
    assert organisation.name == "Weaste Allotment Society"
    assert organisation.slug == "weaste-allotment-society"
    assert organisation.postcode == "M6 5JN"
    assert organisation.ward.slug == "weaste-seedley"
    assert organisation.sector == "community_group"
    assert organisation.size_band == "micro"
    assert organisation.website == "https://weaste-allotments.example.org"
    assert organisation.description == "Plots, seeds and a Saturday tea urn."
    assert organisation.verified_at is None
    membership = Membership.objects.get(user=user)
    assert membership.organisation == organisation
    assert membership.role == Membership.Role.ADMIN


def test_organisation_outside_salford_has_no_ward(client, django_capture_on_commit_callbacks):
    data = organisation_data(org_ward="outside", postcode="bl1 1aa")
    response = signup(client, django_capture_on_commit_callbacks, data)
    assert response.status_code == 302
    confirm_address(client, django_capture_on_commit_callbacks)
    organisation = Organisation.objects.get()
    assert organisation.ward is None
    assert organisation.postcode == "BL1 1AA"


def test_organisation_signup_is_one_transaction(client, monkeypatch):
    """If registering the organisation fails, the user and their address are not kept."""

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "organisation_register_pending", broken)
    with pytest.raises(RuntimeError):
        client.post(SIGNUP_URL, organisation_data())
    assert_nothing_created()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "typed_name", ["ordsall community cafe", "ORDSALL COMMUNITY CAFÉ!", "Ordsall Community-Café"]
)
def test_duplicate_organisation_name_is_refused_with_ask_to_join_offer(
    client, django_capture_on_commit_callbacks, typed_name
):
    existing = OrganisationFactory(name="Ordsall Community Café", slug="ordsall-community-cafe")
    data = organisation_data(name=typed_name)
    response = signup(client, django_capture_on_commit_callbacks, data)

    assert response.status_code == 200
    html = page_text(response)
    assert "An organisation called “Ordsall Community Café” is already registered." in html
    assert f'href="{existing.get_absolute_url()}"' in html
    assert "Visit its page" in html
    assert_nothing_created()
    assert Organisation.objects.count() == 1
    assert_typed_values_kept(response, data)


# ---------------------------------------------------------------------------
# Bad input: a clear message, nothing saved, what was typed kept
# ---------------------------------------------------------------------------

BAD_INPUT = [
    pytest.param(
        organisation_data(name=""), "name", "Enter the organisation’s name.", id="org-name-missing"
    ),
    pytest.param(
        organisation_data(sector=""), "sector", "Choose the organisation’s sector.", id="no-sector"
    ),
    pytest.param(
        organisation_data(size_band=""),
        "size_band",
        "Choose the organisation’s size.",
        id="no-size",
    ),
    pytest.param(
        organisation_data(postcode=""),
        "postcode",
        "Enter the organisation’s postcode.",
        id="no-postcode",
    ),
    pytest.param(
        organisation_data(org_ward=""),
        "org_ward",
        "Choose the organisation’s ward, or “Outside Salford”.",
        id="no-ward",
    ),
    pytest.param(
        organisation_data(postcode="NOTAPOSTCODE"),
        "postcode",
        "Enter a UK postcode, such as M5 4WT.",
        id="not-a-postcode",
    ),
    pytest.param(
        organisation_data(postcode="M5 4WTX"),
        "postcode",
        "Enter a UK postcode, such as M5 4WT.",
        id="bad-postcode",
    ),
    pytest.param(
        organisation_data(website="http://not a website"),
        "website",
        "Enter a valid URL.",
        id="bad-website",
    ),
    pytest.param(
        organisation_data(description="d" * 2001),
        "description",
        "at most 2000 characters",
        id="description-too-long",
    ),
    pytest.param(
        organisation_data(org_ward="atlantis"),
        "org_ward",
        "Select a valid choice.",
        id="unknown-ward",
    ),
    pytest.param(
        organisation_data(name="!!!"),
        "name",
        "at least one letter or digit",
        id="org-name-only-punctuation",
    ),
    pytest.param(
        resident_data(password2="Something-else-99"),
        "password2",
        "same password",
        id="passwords-differ",
    ),
    pytest.param(
        resident_data(email="nia.new@"), "email", "Enter a valid email address.", id="bad-email"
    ),
    pytest.param(
        resident_data(display_name=""), "display_name", "This field is required.", id="no-name"
    ),
    pytest.param(
        resident_data(display_name="N" * 81),
        "display_name",
        "at most 80 characters",
        id="name-too-long",
    ),
    pytest.param(
        resident_data(ward="atlantis"), "ward", "Select a valid choice.", id="unknown-home-ward"
    ),
    pytest.param(
        resident_data(joining_as="alien"), "joining_as", "Select a valid choice.", id="bad-choice"
    ),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD_INPUT)
def test_bad_signup_input_is_refused_and_typed_values_kept(
    client, django_capture_on_commit_callbacks, data, field, message
):
    response = signup(client, django_capture_on_commit_callbacks, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    html = page_text(response)
    assert "Please check what you entered" in html
    assert message in html
    assert_nothing_created(data["email"])
    assert not Organisation.objects.exists()
    skip = ("password1", "password2", field)
    assert_typed_values_kept(response, data, skip=skip)
    if field in ("password1", "password2"):
        # Passwords are never sent back in the page.
        assert data[field] not in html
    elif field not in ("ward", "org_ward", "joining_as", "description") and data[field]:
        # Even the rejected value is shown again for the person to correct.
        assert_typed_values_kept(response, {field: data[field]}, skip=())


def test_bad_description_is_shown_again_to_be_shortened(client, django_capture_on_commit_callbacks):
    data = organisation_data(description="d" * 2001)
    response = signup(client, django_capture_on_commit_callbacks, data)
    assert ">\n" + "d" * 2001 + "</textarea>" in page_text(response)


# ---------------------------------------------------------------------------
# Login and its rate limit
# ---------------------------------------------------------------------------


def test_login_lands_on_dashboard(client):
    UserFactory(email="lou@example.org", display_name="Lou")
    response = client.post(LOGIN_URL, {"login": "LOU@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_wrong_password_is_refused_with_message(client):
    UserFactory(email="lou@example.org")
    response = client.post(LOGIN_URL, {"login": "lou@example.org", "password": "wrong-one-1"})
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in page_text(response)
    assert 'value="lou@example.org"' in page_text(response)
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_for_one_email_are_rate_limited(client):
    """login_failed is "10/m/ip,5/5m/key": after five failures for one address, the sixth
    attempt is refused even with the right password."""
    UserFactory(email="lou@example.org")
    for attempt in range(5):
        response = client.post(
            LOGIN_URL, {"login": "lou@example.org", "password": f"bad-{attempt}"}
        )
        assert response.status_code == 200
        assert "not correct" in page_text(response)

    response = client.post(LOGIN_URL, {"login": "lou@example.org", "password": PASSWORD})
    # allauth refuses through the form (the whole-view "login" limit would answer 429).
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in page_text(response)
    assert "_auth_user_id" not in client.session


def test_rate_limit_for_one_email_does_not_lock_out_another(client):
    UserFactory(email="lou@example.org")
    UserFactory(email="kim@example.org")
    for attempt in range(5):
        client.post(LOGIN_URL, {"login": "lou@example.org", "password": f"bad-{attempt}"})
    response = client.post(LOGIN_URL, {"login": "kim@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_successful_logins_do_not_count_as_failures(client):
    UserFactory(email="lou@example.org")
    for _ in range(7):
        other = client.__class__()
        response = other.post(LOGIN_URL, {"login": "lou@example.org", "password": PASSWORD})
        assert response.status_code == 302


def test_signups_from_one_address_are_rate_limited(client):
    """ACCOUNT_RATE_LIMITS["signup"] is "20/m/ip": the 21st attempt in a minute gets a 429
    and creates nothing, even with good input."""
    for n in range(20):
        response = client.post(SIGNUP_URL, resident_data(email=f"bad-{n}@"))
        assert response.status_code == 200
    response = client.post(SIGNUP_URL, resident_data())
    assert response.status_code == 429
    assert not User.objects.filter(email="nia.new@example.org").exists()


# ---------------------------------------------------------------------------
# Password reset
# ---------------------------------------------------------------------------


def test_password_reset_by_email(client, django_capture_on_commit_callbacks):
    UserFactory(email="lou@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "lou@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lou@example.org"]
    reset_path = link_in(mail.outbox[0], "/accounts/password/reset/key/")

    response = client.get(reset_path, follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    new_password = "Irwell-bridge-2031"
    response = client.post(form_path, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    fresh = client.__class__()
    response = fresh.post(LOGIN_URL, {"login": "lou@example.org", "password": PASSWORD})
    assert response.status_code == 200  # the old password no longer works
    response = fresh.post(LOGIN_URL, {"login": "lou@example.org", "password": new_password})
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_password_reset_for_unknown_email_sends_nothing_to_it(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # no hint whether the address is registered
    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)


def test_password_reset_link_with_bad_key_is_refused(client):
    UserFactory(email="lou@example.org")
    response = client.get("/accounts/password/reset/key/1-not-a-key/", follow=True)
    assert response.status_code == 200
    assert 'name="password1"' not in page_text(response)


def test_postcode_typed_with_extra_spaces_is_accepted(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks, organisation_data(postcode="M 5 4 W T"))
    confirm_address(client, django_capture_on_commit_callbacks)
    assert Organisation.objects.get(name="Weaste Allotment Society").postcode == "M5 4WT"


def test_organisation_registered_in_the_meantime_is_refused_without_an_error_page(
    client, django_capture_on_commit_callbacks, org_a, monkeypatch
):
    """Two people register the same organisation at once: the form's check passes for
    both, the second save finds the first. The sign-up is undone and the offer shown."""

    class NoMatchYet:
        class objects:  # stands in for the model manager
            @staticmethod
            def matching_name(name):
                return Organisation.objects.none()

    monkeypatch.setattr("accounts.forms.Organisation", NoMatchYet)
    response = signup(
        client, django_capture_on_commit_callbacks, organisation_data(name=org_a.name.upper())
    )
    assert response.status_code == 200
    assert f"An organisation called “{org_a.name}” is already registered." in page_text(response)
    assert org_a.get_absolute_url() in page_text(response)
    assert_nothing_created()
