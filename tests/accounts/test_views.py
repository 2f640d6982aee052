"""The account and organisation pages, through HTTP, for the roles that use them."""

from __future__ import annotations

import json
import re
import secrets
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationStatusChange,
    Sector,
    User,
    Ward,
    hash_token,
)

from .factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ORG_A_URL = "/organisations/ordsall-community-cafe/"


def text(response) -> str:
    return unescape(response.content.decode())


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_invitation(organisation, email: str, *, invited_by=None, expires_in=timedelta(days=7)):
    """An open invitation and the token its link carries."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        token_hash=hash_token(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + expires_in,
    )
    return invitation, token


def membership(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def listed_names(response) -> list[str]:
    """Organisation names in the list's cards, in order."""
    block = text(response).split('data-testid="organisation-list"', 1)
    if len(block) < 2:
        return []
    return re.findall(r'<h2 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', block[1])


# ---------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------


def test_dashboard_lists_memberships_requests_and_invitations(users, org_a, org_b, client_for):
    admin = users["admin_a"]
    JoinRequest.objects.create(user=users["resident"], organisation=org_a)
    JoinRequest.objects.create(user=users["member_b"], organisation=org_a)
    make_invitation(org_b, "Admin.A@example.org")
    expired_org = OrganisationFactory(name="Expired Invite Club")
    make_invitation(expired_org, admin.email, expires_in=timedelta(days=-1))

    response = client_for("admin_a").get("/accounts/")

    assert response.status_code == 200
    html = text(response)
    assert "Hello, Ada" in html
    assert f'<a href="{ORG_A_URL}">Ordsall Community Café</a>' in html
    assert '<span class="badge text-bg-secondary">Admin</span>' in html
    assert "(2 requests to join)" in html
    assert "You are invited to join Eccles Tool Library." in html
    assert "Expired Invite Club" not in html
    assert "admin.a@example.org" in html


def test_dashboard_of_member_shows_role_without_members_link(users, org_a, client_for):
    JoinRequest.objects.create(user=users["resident"], organisation=org_a)
    html = text(client_for("member_a").get("/accounts/"))
    assert "Ordsall Community Café" in html
    assert '<span class="badge text-bg-secondary">Member</span>' in html
    assert "request to join" not in html
    assert f"{ORG_A_URL}members/" not in html.split('id="account-title"')[0]


def test_dashboard_without_organisations_points_to_the_list(users, client_for):
    html = text(client_for("resident").get("/accounts/"))
    assert "You are not part of an organisation on the portal." in html
    assert "Invitations waiting for you" not in html


def test_dashboard_needs_login(client):
    response = client.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/")


# ---------------------------------------------------------------------------
# Profile
# ---------------------------------------------------------------------------


def test_profile_edit_saves_name_and_ward(users, client_for):
    client = client_for("resident")
    html = text(client.get("/accounts/profile/"))
    assert 'value="Rosa"' in html

    response = client.post(
        "/accounts/profile/", {"display_name": "Rosa M", "ward": "ordsall"}, follow=True
    )

    assert response.redirect_chain == [("/accounts/", 302)]
    assert "Your details are saved." in text(response)
    assert "Hello, Rosa M" in text(response)
    user = User.objects.get(pk=users["resident"].pk)
    assert user.display_name == "Rosa M"
    assert user.ward.slug == "ordsall"


def test_profile_ward_can_be_cleared(users, client_for):
    resident = users["resident"]
    resident.ward = Ward.objects.get(slug="quays")
    resident.save()
    client_for("resident").post("/accounts/profile/", {"display_name": "Rosa", "ward": ""})
    resident.refresh_from_db()
    assert resident.ward is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"display_name": "", "ward": "quays"}, "display_name", "This field is required."),
        ({"display_name": "R" * 81, "ward": "quays"}, "display_name", "at most 80 characters"),
        ({"display_name": "Rosa Marsh", "ward": "atlantis"}, "ward", "Select a valid choice."),
    ],
)
def test_profile_edit_keeps_input_on_error(users, client_for, data, field, message):
    response = client_for("resident").post("/accounts/profile/", data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = text(response)
    assert "Please check what you entered" in html
    assert message in html
    if data["display_name"]:
        assert f'value="{data["display_name"]}"' in html
    if data["ward"] == "quays":
        assert re.search(r'<option value="quays"[^>]*selected', html)
    user = User.objects.get(pk=users["resident"].pk)
    assert user.display_name == "Rosa"
    assert user.ward is None


# ---------------------------------------------------------------------------
# Data export
# ---------------------------------------------------------------------------


def test_data_export_is_a_json_attachment_of_the_users_data(users, org_a, org_b, client_for):
    JoinRequest.objects.create(
        user=users["member_a"], organisation=org_b, message="I help on Saturdays"
    )

    response = client_for("member_a").get("/accounts/my-data.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".json" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "member.a@example.org"
    assert data["account"]["display_name"] == "Mo"
    assert data["email_addresses"] == [
        {"email": "member.a@example.org", "verified": True, "primary": True}
    ]
    assert data["memberships"] == [
        {
            "organisation": "Ordsall Community Café",
            "organisation_url": ORG_A_URL,
            "role": "member",
            "joined_at": membership(users["member_a"], org_a).joined_at.isoformat(),
        }
    ]
    assert len(data["join_requests"]) == 1
    assert data["join_requests"][0]["organisation"] == "Eccles Tool Library"
    assert data["join_requests"][0]["message"] == "I help on Saturdays"
    assert data["join_requests"][0]["status"] == "pending"
    # Nobody else's data.
    assert "admin.a@example.org" not in response.content.decode()


# ---------------------------------------------------------------------------
# Account deletion
# ---------------------------------------------------------------------------


def test_sole_admin_cannot_delete_account(users, client_for):
    client = client_for("admin_a")
    html = text(client.get("/accounts/delete/"))
    assert 'data-testid="deletion-blocked"' in html
    assert "You are the only admin of Ordsall Community Café." in html

    response = client.post("/accounts/delete/", {"confirm_email": "admin.a@example.org"})

    assert response.status_code == 200
    html = text(response)
    assert "You are the only admin of Ordsall Community Café" in html
    assert User.objects.filter(pk=users["admin_a"].pk).exists()
    assert client.get("/accounts/").status_code == 200  # still signed in


def test_admin_with_a_co_admin_can_delete_account(users, org_a, client_for):
    MembershipFactory(organisation=org_a, role=Membership.Role.ADMIN)
    response = client_for("admin_a").post(
        "/accounts/delete/", {"confirm_email": "admin.a@example.org"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=users["admin_a"].pk).exists()
    assert Organisation.objects.filter(pk=org_a.pk).exists()


@pytest.mark.parametrize("typed", ["someone.else@example.org", "not-an-email"])
def test_wrong_confirmation_email_keeps_form_with_error(users, client_for, typed):
    response = client_for("resident").post("/accounts/delete/", {"confirm_email": typed})

    assert response.status_code == 200
    assert "confirm_email" in response.context["form"].errors
    html = text(response)
    assert "Please check what you entered" in html
    assert f'value="{typed}"' in html
    assert User.objects.filter(pk=users["resident"].pk).exists()


def test_resident_deletes_account_and_is_logged_out(users, org_b, client_for):
    resident = users["resident"]
    JoinRequest.objects.create(user=resident, organisation=org_b)
    client = client_for("resident")

    response = client.post(
        "/accounts/delete/", {"confirm_email": " Resident@Example.org "}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert "Your account and your data have been deleted." in text(response)
    assert not User.objects.filter(pk=resident.pk).exists()
    assert not JoinRequest.objects.filter(user_id=resident.pk).exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/").status_code == 302


def test_member_deleting_account_leaves_organisation_intact(users, org_a, client_for):
    client_for("member_a").post("/accounts/delete/", {"confirm_email": "member.a@example.org"})
    assert not User.objects.filter(email="member.a@example.org").exists()
    assert list(org_a.memberships.values_list("user__email", flat=True)) == ["admin.a@example.org"]


# ---------------------------------------------------------------------------
# Organisation list
# ---------------------------------------------------------------------------


@pytest.fixture
def varied_orgs():
    ordsall = Ward.objects.get(slug="ordsall")
    eccles = Ward.objects.get(slug="eccles")
    return {
        "cafe": OrganisationFactory(
            name="Ordsall Food Club", sector=Sector.CHARITY, ward=ordsall, description="Meals"
        ),
        "bikes": OrganisationFactory(
            name="Eccles Bike Kitchen",
            sector=Sector.SOCIAL_ENTERPRISE,
            ward=eccles,
            description="Repairs bicycles and runs a food bank drop-off",
        ),
        "firm": OrganisationFactory(
            name="Bolton Builders", sector=Sector.PRIVATE_BUSINESS, ward=None, description=""
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Bolton Builders", "Eccles Bike Kitchen", "Ordsall Food Club"]),
        ("?q=food", ["Eccles Bike Kitchen", "Ordsall Food Club"]),  # name or description
        ("?q=KITCHEN", ["Eccles Bike Kitchen"]),
        ("?sector=charity", ["Ordsall Food Club"]),
        ("?sector=not-a-sector", ["Bolton Builders", "Eccles Bike Kitchen", "Ordsall Food Club"]),
        ("?ward=eccles", ["Eccles Bike Kitchen"]),
        ("?ward=outside", ["Bolton Builders"]),
        ("?ward=atlantis", []),
        ("?q=food&sector=charity&ward=ordsall", ["Ordsall Food Club"]),
        ("?q=food&ward=outside", []),
    ],
)
def test_organisation_list_filters(client, varied_orgs, query, expected):
    response = client.get("/organisations/" + query)
    assert response.status_code == 200
    assert listed_names(response) == expected
    if not expected:
        assert "No organisation matches those filters." in text(response)


def test_organisation_list_keeps_chosen_filters(client, varied_orgs):
    html = text(client.get("/organisations/?q=food&sector=charity&ward=outside"))
    assert 'name="q" value="food"' in html
    assert '<option value="charity" selected>' in html
    assert '<option value="outside" selected>' in html


def test_organisation_list_shows_ward_sector_and_verified_badge(client, varied_orgs):
    varied_orgs["cafe"].verified_at = timezone.now()
    varied_orgs["cafe"].save()
    html = text(client.get("/organisations/?ward=ordsall"))
    assert "Charity" in html
    assert "Ordsall" in html
    assert "Verified" in html
    assert "Verified" not in text(client.get("/organisations/?ward=outside"))


def test_organisation_list_paginates(client):
    for n in range(30):
        OrganisationFactory(name=f"Group {n:02d}", sector=Sector.CHARITY)

    first = client.get("/organisations/?sector=charity")
    assert first.status_code == 200
    assert listed_names(first) == [f"Group {n:02d}" for n in range(24)]
    html = text(first)
    assert "30 organisations" in html
    assert "Page 1 of 2" in html
    assert 'href="?sector=charity&page=2"' in html  # the filter stays on the next page

    second = client.get("/organisations/?sector=charity&page=2")
    assert listed_names(second) == [f"Group {n:02d}" for n in range(24, 30)]
    assert "Page 2 of 2" in text(second)

    # Out-of-range or nonsense page numbers fall back to a real page, not an error.
    assert listed_names(client.get("/organisations/?page=99")) == listed_names(second)
    assert listed_names(client.get("/organisations/?page=abc")) == listed_names(first)


def test_suspended_organisation_hidden_from_list(client, org_a, org_b):
    org_a.suspended_at = timezone.now()
    org_a.save()
    response = client.get("/organisations/")
    assert listed_names(response) == ["Eccles Tool Library"]
    assert "1 organisation" in text(response)
    assert listed_names(client.get("/organisations/?q=ordsall")) == []


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("resident", 404),
        ("member_b", 404),
        ("commissioner", 404),
        ("member_a", 200),
        ("admin_a", 200),
        ("staff", 200),
    ],
)
def test_suspended_organisation_page_only_for_members_and_staff(
    users, org_a, client_for, role, status
):
    org_a.suspended_at = timezone.now()
    org_a.save()
    response = client_for(role).get(ORG_A_URL)
    assert response.status_code == status
    if status == 200:
        html = text(response)
        assert "This organisation is suspended" in html
        assert "Suspended" in html


# ---------------------------------------------------------------------------
# Organisation page and staff moderation
# ---------------------------------------------------------------------------


def test_organisation_page_shows_profile(client, org_a, users):
    org_a.ward = Ward.objects.get(slug="ordsall")
    org_a.website = "https://cafe.example.org"
    org_a.save()
    response = client.get(ORG_A_URL)
    assert response.status_code == 200
    html = text(response)
    assert '<h1 class="mb-0">Ordsall Community Café</h1>' in html
    assert "Ordsall ward, Salford (M5 4WT)" in html
    assert 'href="https://cafe.example.org"' in html
    assert "We run a community café and a weekly food club." in html
    assert "Log in to ask to join" in html
    assert "Verified" not in html
    assert 'data-testid="moderation-panel"' not in html


def test_unknown_organisation_is_404(client):
    assert client.get("/organisations/no-such-place/").status_code == 404


def test_staff_verify_shows_badge_and_history(
    users, org_a, client_for, django_capture_on_commit_callbacks
):
    staff = client_for("staff")
    assert 'data-testid="moderation-panel"' in text(staff.get(ORG_A_URL))

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"{ORG_A_URL}status/",
            {"action": "verified", "reason": "Checked with the Charity Commission"},
            follow=True,
        )

    assert response.redirect_chain == [(ORG_A_URL, 302)]
    html = text(response)
    assert "Ordsall Community Café: verified." in html
    assert '<span class="badge text-bg-success">Verified</span>' in html
    org_a.refresh_from_db()
    assert org_a.verified_at is not None
    change = OrganisationStatusChange.objects.get(organisation=org_a)
    assert change.changed_by == users["staff"]
    assert change.reason == "Checked with the Charity Commission"
    # The admins are told.
    assert [m.to for m in mail.outbox] == [["admin.a@example.org"]]
    assert "verified" in mail.outbox[0].subject

    when = timezone.localtime(change.changed_at).strftime("%-d %B %Y, %H:%M")
    entry = f"<strong>Verified</strong> by Sam on {when}: Checked with the Charity Commission"
    for role in ("admin_a", "staff"):
        page = " ".join(text(client_for(role).get(ORG_A_URL)).split())
        assert 'data-testid="history"' in page, role
        assert entry in page, role
    for role in ("anonymous", "resident", "member_a", "member_b", "commissioner"):
        page = text(client_for(role).get(ORG_A_URL))
        assert '<span class="badge text-bg-success">Verified</span>' in page, role
        assert "History" not in page, role
        assert "Charity Commission" not in page, role


def test_history_is_empty_until_staff_act(org_a, users, client_for):
    html = text(client_for("admin_a").get(ORG_A_URL))
    assert "No changes by staff yet." in html


def test_suspend_without_reason_is_refused(users, org_a, client_for):
    response = client_for("staff").post(
        f"{ORG_A_URL}status/", {"action": "suspended", "reason": "   "}, follow=True
    )
    assert response.status_code == 200
    assert "Give a reason for the suspension" in text(response)
    org_a.refresh_from_db()
    assert org_a.suspended_at is None
    assert not OrganisationStatusChange.objects.exists()


def test_suspend_with_reason_hides_organisation(users, org_a, client_for):
    response = client_for("staff").post(
        f"{ORG_A_URL}status/", {"action": "suspended", "reason": "Complaint under review"}
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.is_suspended
    assert Client().get(ORG_A_URL).status_code == 404
    html = text(client_for("admin_a").get(ORG_A_URL))
    assert "Suspended</strong>" in html
    assert "Complaint under review" in html


def test_status_change_needs_a_real_action(users, org_a, client_for):
    response = client_for("staff").post(f"{ORG_A_URL}status/", {"action": "delete"}, follow=True)
    assert "Choose what to do with the organisation." in text(response)
    assert not OrganisationStatusChange.objects.exists()


def test_verifying_twice_is_refused_with_message(users, org_a, client_for):
    staff = client_for("staff")
    staff.post(f"{ORG_A_URL}status/", {"action": "verified"})
    response = staff.post(f"{ORG_A_URL}status/", {"action": "verified"}, follow=True)
    assert "Nothing to change" in text(response)
    assert OrganisationStatusChange.objects.count() == 1


def test_admin_cannot_verify_own_organisation(users, org_a, client_for):
    response = client_for("admin_a").post(f"{ORG_A_URL}status/", {"action": "verified"})
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.verified_at is None


# ---------------------------------------------------------------------------
# Editing the organisation's profile
# ---------------------------------------------------------------------------


def edit_data(**overrides) -> dict:
    data = {
        "name": "Ordsall Community Café",
        "sector": "social_enterprise",
        "size_band": "medium",
        "postcode": "m5 3aa",
        "org_ward": "ordsall",
        "website": "https://ordsall-cafe.example.org",
        "description": "Now open on Sundays too.",
    }
    data.update(overrides)
    return data


def test_edit_form_shows_current_profile(users, org_a, client_for):
    response = client_for("admin_a").get(f"{ORG_A_URL}edit/")
    assert response.status_code == 200
    html = text(response)
    assert 'value="Ordsall Community Café"' in html
    assert 'value="M5 4WT"' in html
    assert re.search(r'<option value="outside"[^>]*selected', html)


def test_admin_edits_profile(users, org_a, client_for):
    response = client_for("admin_a").post(f"{ORG_A_URL}edit/", edit_data(), follow=True)

    assert response.redirect_chain == [(ORG_A_URL, 302)]
    html = text(response)
    assert "The organisation’s profile is saved." in html
    assert "Now open on Sundays too." in html
    assert "Ordsall ward, Salford (M5 3AA)" in html
    assert "Social enterprise" in html
    org_a.refresh_from_db()
    assert org_a.postcode == "M5 3AA"
    assert org_a.ward.slug == "ordsall"
    assert org_a.size_band == "medium"
    assert org_a.slug == "ordsall-community-cafe"  # shared links keep working


def test_admin_can_recase_own_name_and_move_outside_salford(users, org_a, client_for):
    response = client_for("admin_a").post(
        f"{ORG_A_URL}edit/", edit_data(name="ORDSALL  Community Café", org_ward="outside")
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.name == "ORDSALL Community Café"
    assert org_a.ward is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"postcode": "M5 4WTX"}, "postcode", "Enter a UK postcode, such as M5 4WT."),
        ({"postcode": "NOTAPOSTCODE"}, "postcode", "Enter a UK postcode, such as M5 4WT."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "?!"}, "name", "The name needs at least one letter or digit."),
        (
            {"name": "eccles tool-library"},
            "name",
            "An organisation called “Eccles Tool Library” is already registered.",
        ),
        ({"website": "http://not a site"}, "website", "Enter a valid URL."),
        ({"description": "x" * 2001}, "description", "at most 2000 characters"),
        ({"org_ward": "atlantis"}, "org_ward", "Select a valid choice."),
        ({"sector": ""}, "sector", "This field is required."),
    ],
)
def test_bad_profile_edit_keeps_typed_values(
    users, org_a, org_b, client_for, overrides, field, message
):
    data = edit_data(**overrides)
    response = client_for("admin_a").post(f"{ORG_A_URL}edit/", data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = text(response)
    assert "Please check what you entered" in html
    assert message in html
    for key in ("name", "postcode", "website"):
        if data[key] and not (key == "website" and field == "website"):
            assert f'value="{data[key]}"' in html, key
    if field == "website":
        assert 'value="http://not a site"' in html
    if field != "description":
        assert ">\nNow open on Sundays too.</textarea>" in html
    if field != "org_ward":
        assert re.search(r'<option value="ordsall"[^>]*selected', html)
    org_a.refresh_from_db()
    assert org_a.name == "Ordsall Community Café"
    assert org_a.postcode == "M5 4WT"
    assert org_a.description == "We run a community café and a weekly food club."


def test_suspended_organisation_cannot_be_edited(users, org_a, client_for):
    org_a.suspended_at = timezone.now()
    org_a.save()
    response = client_for("admin_a").post(f"{ORG_A_URL}edit/", edit_data())
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.description == "We run a community café and a weekly food club."


# ---------------------------------------------------------------------------
# Members page
# ---------------------------------------------------------------------------


def test_admin_sees_members_invitations_and_requests(users, org_a, client_for):
    make_invitation(org_a, "pat@example.org", invited_by=users["admin_a"])
    JoinRequest.objects.create(user=users["resident"], organisation=org_a, message="Hi there")

    response = client_for("admin_a").get(f"{ORG_A_URL}members/")

    assert response.status_code == 200
    html = text(response)
    assert "Ada (you)" in html
    assert "member.a@example.org" in html
    assert "Make Mo an admin" in html
    assert "Remove Mo" in html
    assert "Withdraw invitation to pat@example.org" in html
    assert "Let Rosa join" in html
    assert "Hi there" in html
    assert "Hand the admin role to Mo" in html


def test_member_sees_members_but_cannot_manage(users, org_a, client_for):
    make_invitation(org_a, "pat@example.org")
    JoinRequest.objects.create(user=users["resident"], organisation=org_a)
    html = text(client_for("member_a").get(f"{ORG_A_URL}members/"))
    assert "admin.a@example.org" in html
    assert "Mo (you)" in html
    assert "Invite a colleague" not in html
    assert "Hand the admin role" not in html
    assert "Remove Ada" not in html
    assert "pat@example.org" not in html
    assert "Rosa" not in html
    assert "Leave this organisation" in html


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


def invite(client, capture, email: str, follow=False):
    with capture(execute=True):
        return client.post(f"{ORG_A_URL}members/invite/", {"email": email}, follow=follow)


def test_admin_invites_by_email(users, org_a, client_for, django_capture_on_commit_callbacks):
    response = invite(
        client_for("admin_a"), django_capture_on_commit_callbacks, " Pat@Example.org ", True
    )

    assert response.redirect_chain == [(f"{ORG_A_URL}members/", 302)]
    assert "Invitation sent to pat@example.org." in text(response)
    assert "Withdraw invitation to pat@example.org" in text(response)
    invitation = Invitation.objects.get()
    assert invitation.email == "pat@example.org"
    assert invitation.invited_by == users["admin_a"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@example.org"]
    # The sender chooses the organisation's name: it stays out of the subject.
    assert "Ordsall Community Café" not in message.subject
    assert "Ordsall Community Café" in message.body
    assert "Ada has invited you" in message.body
    token = re.search(r"/invitations/([^/\s]+)/", message.body).group(1)
    assert hash_token(token) == invitation.token_hash
    assert token not in invitation.token_hash  # only the hash is stored


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("member.a@example.org", "member.a@example.org is already a member."),
        ("pat@", "Enter a valid email address."),
        ("", "This field is required."),
    ],
)
def test_bad_invitation_keeps_typed_email(
    users, org_a, client_for, django_capture_on_commit_callbacks, email, message
):
    response = invite(client_for("admin_a"), django_capture_on_commit_callbacks, email)
    assert response.status_code == 200
    html = text(response)
    assert message in html
    if email:
        assert f'value="{email}"' in html
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_invitee_opens_link_and_joins(users, org_a, client_for, django_capture_on_commit_callbacks):
    invite(client_for("admin_a"), django_capture_on_commit_callbacks, "pat@example.org")
    link = re.search(r"https?://[^/\s]+(/invitations/\S+)", mail.outbox[0].body).group(1)
    pat = UserFactory(email="pat@example.org", display_name="Pat")
    client = signed_in(pat)

    response = client.get(link)
    assert response.status_code == 200
    html = text(response)
    assert "Ada invited pat@example.org to join Ordsall Community Café" in html
    assert re.search(r'<button type="submit"[^>]*>Join Ordsall Community Café</button>', html)

    response = client.post(link, follow=True)
    assert response.redirect_chain == [(ORG_A_URL, 302)]
    assert "Welcome to Ordsall Community Café." in text(response)
    assert membership(pat, org_a).role == Membership.Role.MEMBER
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == pat
    assert invitation.accepted_at is not None

    # The link works once.
    response = client.post(link, follow=True)
    assert "This invitation has already been used." in text(response)
    response = client.get(link)
    assert "This invitation has already been used" in text(response)
    assert Membership.objects.filter(user=pat).count() == 1


def test_expired_invitation_says_so(users, org_a):
    pat = UserFactory(email="pat@example.org")
    _, token = make_invitation(org_a, "pat@example.org", expires_in=timedelta(seconds=-1))
    client = signed_in(pat)

    response = client.get(f"/invitations/{token}/")
    assert response.status_code == 200
    html = text(response)
    assert "This invitation has expired" in html
    assert "<button" not in html.split('<main id="main"')[1]

    response = client.post(f"/invitations/{token}/", follow=True)
    assert "This invitation has expired. Ask the organisation for a new one." in text(response)
    assert not Membership.objects.filter(user=pat).exists()


def test_anonymous_visitor_is_asked_to_register_or_log_in(users, org_a):
    _, token = make_invitation(org_a, "pat@example.org", invited_by=users["admin_a"])
    link = f"/invitations/{token}/"

    response = Client().get(link)

    assert response.status_code == 200
    html = text(response)
    assert "Join Ordsall Community Café" in html
    assert "Register or log in with that email address to accept." in html
    assert f'href="/accounts/signup/?next={link}"' in html
    assert f'href="/accounts/login/?next={link}"' in html

    response = Client().post(link)
    assert response.status_code == 200
    assert not Membership.objects.filter(organisation=org_a, user__email="pat@example.org").exists()


def test_invitation_for_someone_else_is_explained(users, org_a, client_for):
    _, token = make_invitation(org_a, "pat@example.org")

    response = client_for("resident").post(f"/invitations/{token}/", follow=True)

    html = text(response)
    assert (
        "This invitation was sent to pat@example.org, but you are signed in as "
        "resident@example.org. Sign in with the invited address to accept it."
    ) in html
    assert not Membership.objects.filter(user=users["resident"]).exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitation_for_someone_else_says_so_before_any_click(users, org_a, client_for):
    _, token = make_invitation(org_a, "pat@example.org")

    html = text(client_for("resident").get(f"/invitations/{token}/"))

    assert (
        "This invitation was sent to pat@example.org, but you are signed in as "
        "resident@example.org. Log out and sign in with the invited address to accept it."
    ) in html
    assert "Join Ordsall Community Café</button>" not in html


def test_unknown_invitation_link_is_404(users, client_for):
    for role in ("anonymous", "resident"):
        response = client_for(role).get("/invitations/not-a-token/")
        assert response.status_code == 404
        assert "This invitation link is not valid" in text(response)


def test_withdrawn_invitation_link_stops_working(users, org_a, client_for):
    invitation, token = make_invitation(org_a, "pat@example.org")
    response = client_for("admin_a").post(
        f"{ORG_A_URL}invitations/{invitation.pk}/revoke/", follow=True
    )
    assert "The invitation to pat@example.org is withdrawn." in text(response)
    assert not Invitation.objects.exists()
    pat = UserFactory(email="pat@example.org")
    assert signed_in(pat).get(f"/invitations/{token}/").status_code == 404


# ---------------------------------------------------------------------------
# Roles: hand-over, promotion, demotion, removal, leaving
# ---------------------------------------------------------------------------


def test_admin_hands_over_to_a_member(users, org_a, client_for):
    target = membership(users["member_a"], org_a)

    response = client_for("admin_a").post(
        f"{ORG_A_URL}members/hand-over/", {"membership": target.pk}, follow=True
    )

    assert response.redirect_chain == [(ORG_A_URL, 302)]
    assert "Mo is now an admin of Ordsall Community Café, and you are a member." in text(response)
    assert membership(users["member_a"], org_a).role == Membership.Role.ADMIN
    assert membership(users["admin_a"], org_a).role == Membership.Role.MEMBER
    # The former admin has lost the admin pages.
    assert client_for("admin_a").get(f"{ORG_A_URL}edit/").status_code == 403


@pytest.mark.parametrize("choice", ["other-org", "self", "", "junk"])
def test_hand_over_needs_a_member_of_this_organisation(users, org_a, org_b, client_for, choice):
    ids = {
        "other-org": membership(users["member_b"], org_b).pk,
        "self": membership(users["admin_a"], org_a).pk,
        "": "",
        "junk": "junk",
    }
    response = client_for("admin_a").post(
        f"{ORG_A_URL}members/hand-over/", {"membership": ids[choice]}, follow=True
    )
    assert response.redirect_chain == [(f"{ORG_A_URL}members/", 302)]
    assert "Choose the member who will become the admin." in text(response)
    assert membership(users["admin_a"], org_a).role == Membership.Role.ADMIN
    assert membership(users["member_b"], org_b).role == Membership.Role.MEMBER


def test_member_cannot_hand_over(users, org_a, client_for):
    response = client_for("member_a").post(
        f"{ORG_A_URL}members/hand-over/",
        {"membership": membership(users["member_a"], org_a).pk},
    )
    assert response.status_code == 403
    assert membership(users["member_a"], org_a).role == Membership.Role.MEMBER


def test_last_admin_cannot_demote_themselves(users, org_a, client_for):
    own = membership(users["admin_a"], org_a)
    response = client_for("admin_a").post(
        f"{ORG_A_URL}members/{own.pk}/role/", {"role": "member"}, follow=True
    )
    assert response.redirect_chain == [(f"{ORG_A_URL}members/", 302)]
    assert "An organisation must always have an admin." in text(response)
    assert membership(users["admin_a"], org_a).role == Membership.Role.ADMIN


def test_admin_promotes_then_steps_down(users, org_a, client_for):
    client = client_for("admin_a")
    mo = membership(users["member_a"], org_a)
    response = client.post(f"{ORG_A_URL}members/{mo.pk}/role/", {"role": "admin"}, follow=True)
    assert "Mo is now admin." in text(response)
    assert membership(users["member_a"], org_a).role == Membership.Role.ADMIN

    own = membership(users["admin_a"], org_a)
    response = client.post(f"{ORG_A_URL}members/{own.pk}/role/", {"role": "member"})
    # No longer an admin, so not sent back to a page they cannot manage.
    assert response.status_code == 302
    assert response["Location"] == ORG_A_URL
    assert membership(users["admin_a"], org_a).role == Membership.Role.MEMBER


def test_unknown_role_is_refused(users, org_a, client_for):
    mo = membership(users["member_a"], org_a)
    response = client_for("admin_a").post(
        f"{ORG_A_URL}members/{mo.pk}/role/", {"role": "owner"}, follow=True
    )
    assert "Unknown role." in text(response)
    assert membership(users["member_a"], org_a).role == Membership.Role.MEMBER


def test_admin_removes_a_member(users, org_a, client_for):
    mo = membership(users["member_a"], org_a)
    response = client_for("admin_a").post(f"{ORG_A_URL}members/{mo.pk}/remove/", follow=True)
    assert response.redirect_chain == [(f"{ORG_A_URL}members/", 302)]
    assert "Mo is no longer a member." in text(response)
    assert not Membership.objects.filter(pk=mo.pk).exists()
    assert User.objects.filter(pk=users["member_a"].pk).exists()


def test_admin_cannot_remove_themselves(users, org_a, client_for):
    own = membership(users["admin_a"], org_a)
    response = client_for("admin_a").post(f"{ORG_A_URL}members/{own.pk}/remove/", follow=True)
    assert "To remove yourself, use “Leave this organisation”." in text(response)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_membership_of_another_organisation_is_404(users, org_a, org_b, client_for):
    bea = membership(users["member_b"], org_b)
    client = client_for("admin_a")
    assert client.post(f"{ORG_A_URL}members/{bea.pk}/remove/").status_code == 404
    assert client.post(f"{ORG_A_URL}members/{bea.pk}/role/", {"role": "admin"}).status_code == 404
    assert Membership.objects.filter(pk=bea.pk, role=Membership.Role.MEMBER).exists()


def test_member_leaves(users, org_a, client_for):
    client = client_for("member_a")
    assert "Leave Ordsall Community Café?" in text(client.get(f"{ORG_A_URL}leave/"))

    response = client.post(f"{ORG_A_URL}leave/", follow=True)

    assert response.redirect_chain == [("/accounts/", 302)]
    assert "You have left Ordsall Community Café." in text(response)
    assert not Membership.objects.filter(user=users["member_a"]).exists()


def test_sole_admin_cannot_leave(users, org_a, client_for):
    response = client_for("admin_a").post(f"{ORG_A_URL}leave/")
    assert response.status_code == 200
    assert (
        "You are the only admin of Ordsall Community Café. Make another member an admin "
        "before you leave."
    ) in text(response)
    assert membership(users["admin_a"], org_a).role == Membership.Role.ADMIN


def test_non_member_cannot_leave(users, org_a, client_for):
    assert client_for("resident").post(f"{ORG_A_URL}leave/").status_code == 403


# ---------------------------------------------------------------------------
# Asking to join
# ---------------------------------------------------------------------------


def ask_to_join(client, capture, message="I run the Tuesday lunch club", follow=False):
    with capture(execute=True):
        return client.post(f"{ORG_A_URL}join/", {"message": message}, follow=follow)


def test_resident_asks_to_join_and_admins_are_emailed(
    users, org_a, client_for, django_capture_on_commit_callbacks
):
    second_admin = MembershipFactory(
        organisation=org_a,
        role=Membership.Role.ADMIN,
        user=UserFactory(email="second.admin@example.org"),
    ).user
    client = client_for("resident")
    assert "Ask to join" in text(client.get(ORG_A_URL))
    assert client.get(f"{ORG_A_URL}join/").status_code == 200

    response = ask_to_join(client, django_capture_on_commit_callbacks, follow=True)

    assert response.redirect_chain == [(ORG_A_URL, 302)]
    assert "Your request is with Ordsall Community Café’s admins." in text(response)
    join_request = JoinRequest.objects.get()
    assert join_request.user == users["resident"]
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.message == "I run the Tuesday lunch club"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted(["admin.a@example.org", second_admin.email])
    assert "Rosa" in message.subject
    assert "Rosa (resident@example.org) has asked to join Ordsall Community Café" in message.body
    assert "Their note: I run the Tuesday lunch club" in message.body
    assert f"{ORG_A_URL}members/" in message.body


def test_asking_twice_is_refused(users, org_a, client_for, django_capture_on_commit_callbacks):
    client = client_for("resident")
    ask_to_join(client, django_capture_on_commit_callbacks)
    response = ask_to_join(client, django_capture_on_commit_callbacks, message="Again")
    assert response.status_code == 200
    html = text(response)
    assert "You have already asked to join; its admins will reply." in html
    assert ">\nAgain</textarea>" in html
    assert JoinRequest.objects.count() == 1


def test_overlong_join_note_is_refused_and_kept(users, org_a, client_for):
    response = client_for("resident").post(f"{ORG_A_URL}join/", {"message": "n" * 1001})
    assert response.status_code == 200
    assert "at most 1000 characters" in text(response)
    assert ">\n" + "n" * 1001 + "</textarea>" in text(response)
    assert not JoinRequest.objects.exists()


def test_member_cannot_ask_to_join(users, org_a, client_for):
    assert client_for("member_a").post(f"{ORG_A_URL}join/").status_code == 403


def test_admin_approves_join_request(users, org_a, client_for, django_capture_on_commit_callbacks):
    join_request = JoinRequest.objects.create(user=users["resident"], organisation=org_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin_a").post(
            f"{ORG_A_URL}join-requests/{join_request.pk}/", {"decision": "approve"}, follow=True
        )

    assert response.redirect_chain == [(f"{ORG_A_URL}members/", 302)]
    assert "Rosa has joined." in text(response)
    assert membership(users["resident"], org_a).role == Membership.Role.MEMBER
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == users["admin_a"]
    assert [m.to for m in mail.outbox] == [["resident@example.org"]]
    assert "You are now a member of Ordsall Community Café" in mail.outbox[0].body
    # Rosa now sees the organisation on her dashboard.
    assert "Ordsall Community Café" in text(client_for("resident").get("/accounts/"))

    response = client_for("admin_a").post(
        f"{ORG_A_URL}join-requests/{join_request.pk}/", {"decision": "decline"}, follow=True
    )
    assert "This request has already been answered." in text(response)
    assert Membership.objects.filter(user=users["resident"], organisation=org_a).exists()


def test_admin_declines_join_request(users, org_a, client_for, django_capture_on_commit_callbacks):
    join_request = JoinRequest.objects.create(user=users["resident"], organisation=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin_a").post(
            f"{ORG_A_URL}join-requests/{join_request.pk}/", {"decision": "decline"}, follow=True
        )
    assert "You declined Rosa’s request." in text(response)
    assert not Membership.objects.filter(user=users["resident"], organisation=org_a).exists()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert "have declined your request" in mail.outbox[0].body


def test_join_request_of_another_organisation_is_404(users, org_a, org_b, client_for):
    other = JoinRequest.objects.create(user=users["resident"], organisation=org_b)
    response = client_for("admin_a").post(
        f"{ORG_A_URL}join-requests/{other.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(user=users["resident"]).exists()


def test_member_cannot_decide_join_request(users, org_a, client_for):
    join_request = JoinRequest.objects.create(user=users["resident"], organisation=org_a)
    response = client_for("member_a").post(
        f"{ORG_A_URL}join-requests/{join_request.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
