"""The parts of signed-in pages kept in the cache (core.cache.cached_part and
core.fragments): for each, that it is kept, and that the write that changes what it
shows moves it on. The test settings turn these caches off (PART_CACHE_SECONDS = 0) for
every other test; here they are on, as in production."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import OrganisationStatusChange
from accounts.services import organisation_change_status
from accounts.services.organisations import membership_leave
from pledges.models import ConcernReport, Pledge
from pledges.services import pledge_approve
from pledges.services.engagement import support_add
from reporting.models import ProgressReport

from .accounts.factories import OrganisationFactory, UserFactory, admin_of, reauthenticate
from .pledges.factories import make_pledge
from .reporting.test_homes import _report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def part_cache_on(settings):
    settings.PART_CACHE_SECONDS = 120


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """A block whose on-commit callbacks (the cache bumps) run, as after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_kept_part_costs_no_queries_the_second_time(client_for, users, django_assert_num_queries):
    client = client_for("staff")
    client.get("/moderation/")
    # The session and the user; the queue's sections, figures and the staff's roles
    # come from the cache.
    with django_assert_num_queries(2):
        assert client.get("/moderation/").status_code == 200


# ---------------------------------------------------------------------------
# The roles behind the navigation and every permission check
# ---------------------------------------------------------------------------


def test_granting_and_revoking_a_role_takes_effect_on_the_next_page(users, commit):
    person = UserFactory(email="new.staff@example.org")
    client = Client()
    client.force_login(person)
    assert client.get("/moderation/").status_code == 403  # the roles are now kept

    with commit():
        call_command("grant_role", person.email, "staff", stdout=io.StringIO())
    assert client.get("/moderation/").status_code == 200

    with commit():
        call_command("grant_role", person.email, "staff", "--revoke", stdout=io.StringIO())
    assert client.get("/moderation/").status_code == 403


def test_leaving_an_organisation_takes_it_off_the_navigation(users, org_a, client_for, commit):
    client = client_for("member_a")
    assert org_a.name in text(client.get("/accounts/"))

    with commit():
        membership_leave(user=users["member_a"], organisation=org_a)

    assert org_a.name not in text(client.get("/accounts/"))


# ---------------------------------------------------------------------------
# The staff's queue and home, shared by every member of staff
# ---------------------------------------------------------------------------


def test_an_approved_pledge_leaves_the_kept_queue(users, org_a, client_for, commit):
    pledge = make_pledge(status=Pledge.Status.SUBMITTED, organisation=org_a, title="Plant trees")
    client = client_for("staff")
    assert "Plant trees" in text(client.get("/moderation/"))
    assert "Plant trees" in text(client.get("/moderation/"))  # kept

    with commit():
        pledge_approve(pledge=pledge, actor=users["staff"])

    page = text(client.get("/moderation/"))
    assert "Plant trees" not in page
    assert "No pledges are waiting." in page


def test_a_kept_concern_form_carries_each_persons_own_csrf_token(users, org_a, commit):
    """The section is rendered once; each member of staff posts its form with their own
    token, checked as in production."""
    pledge = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a)
    concern = ConcernReport.objects.create(pledge=pledge, text="Not true", reporter_email="x@y.z")
    other = UserFactory(email="staff.two@example.org")
    with commit():
        call_command("grant_role", other.email, "staff", stdout=io.StringIO())

    tokens = []
    for person in (users["staff"], other):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        reauthenticate(client, person)
        page = text(client.get("/moderation/"))
        token = re.search(
            rf'action="/moderation/concerns/{concern.pk}/"[^>]*>\s*'
            r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
            page,
        )
        assert token, "the kept concern form has a CSRF token"
        tokens.append((client, token.group(1)))

    client, token = tokens[1]  # the second reader, served the kept section
    with commit():
        response = client.post(
            f"/moderation/concerns/{concern.pk}/",
            {"resolution": "Spoke to them", "csrfmiddlewaretoken": token},
        )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.resolved_at is not None
    assert "No concerns are open." in text(client.get("/moderation/"))


def test_verifying_an_organisation_updates_the_kept_staff_home(users, client_for, commit):
    waiting = OrganisationFactory(name="Kersal Tenants")
    client = client_for("staff")
    assert "Kersal Tenants" in text(client.get("/home/"))

    with commit():
        organisation_change_status(
            organisation=waiting,
            actor=users["staff"],
            action=OrganisationStatusChange.Action.VERIFIED,
        )

    assert "Kersal Tenants" not in text(client.get("/home/"))


# ---------------------------------------------------------------------------
# Each person's home and pledges, kept for them
# ---------------------------------------------------------------------------


def test_supporting_a_pledge_shows_on_the_kept_home(users, org_a, client_for, commit):
    pledge = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, title="Fix bikes")
    client = client_for("resident")
    assert "Fix bikes" not in text(client.get("/home/"))

    with commit():
        support_add(pledge=pledge, user=users["resident"])

    assert "Fix bikes" in text(client.get("/home/"))


def test_a_new_report_shows_on_the_kept_home(users, org_a, client_for, commit):
    client = client_for("member_a")
    assert not ProgressReport.objects.exists()
    text(client.get("/home/"))

    with commit():
        report = _report(org_a)

    assert report.get_absolute_url() in text(client.get("/home/"))


def test_a_new_pledge_shows_on_the_kept_list_of_your_pledges(users, org_a, client_for, commit):
    client = client_for("member_a")
    assert "Litter pick" not in text(client.get("/pledges/mine/"))

    with commit():
        make_pledge(organisation=org_a, pledger=users["admin_a"], title="Litter pick")

    assert "Litter pick" in text(client.get("/pledges/mine/"))


# ---------------------------------------------------------------------------
# The commissioners' dashboard, its figures rendered once for each set of filters
# ---------------------------------------------------------------------------


def test_an_approved_pledge_moves_the_kept_dashboard_on(users, org_a, client_for, commit):
    pledge = make_pledge(status=Pledge.Status.SUBMITTED, organisation=org_a)
    client = client_for("commissioner")

    def approved() -> int:
        page = text(client.get("/measures/dashboard/"))
        table = page[page.index('data-testid="table-pledges_by_sector"') :]
        table = table[: table.index("</table>")]
        return sum(int(n) for n in re.findall(r'<td class="text-end">(\d+)</td>', table))

    assert approved() == 0
    with commit():
        pledge_approve(pledge=pledge, actor=users["staff"])
    assert approved() == 1


def test_a_new_name_shows_in_the_kept_queue_and_signing_in_moves_nothing(users, client_for, commit):
    from accounts.services.users import user_update_profile
    from core.cache import versions

    pledger = UserFactory(display_name="Olu")
    make_pledge(status=Pledge.Status.SUBMITTED, organisation=None, pledger=pledger)
    client = client_for("staff")
    assert "Olu" in text(client.get("/moderation/"))

    before = versions("people")
    with commit():
        Client().force_login(pledger)  # saves last_login only
    assert versions("people") == before

    with commit():
        user_update_profile(user=pledger, display_name="Oluwaseun", ward=None)
    assert "Oluwaseun" in text(client.get("/moderation/"))


def test_an_invitation_shows_on_the_kept_account_page(users, org_b, client_for, commit):
    from accounts.services.organisations import invitation_create

    person = users["resident"]  # the factory confirms their address
    inviter = admin_of(org_b)
    client = client_for("resident")
    assert "You are invited to join" not in text(client.get("/accounts/"))

    with commit():
        invitation_create(organisation=org_b, email=person.email, invited_by=inviter)

    assert f"You are invited to join {org_b.name}" in text(client.get("/accounts/"))


def test_roles_changed_in_a_request_are_read_afresh_before_it_commits(users, org_a):
    """The shared cache moves on when the change commits; until then the service's own
    request must not be told the old roles."""
    from accounts.permissions import is_member

    person = users["member_a"]
    assert is_member(person, org_a)  # kept in the cache now
    person = type(person).objects.get(pk=person.pk)  # the next request's user object
    membership_leave(user=person, organisation=org_a)  # no commit: the bump waits
    assert not is_member(person, org_a)


def test_every_kept_part_names_families_something_bumps(settings):
    """A family no write bumps would keep its parts until they time out."""
    from accounts.permissions import ROLES_FAMILIES
    from accounts.roles import ROLES_CACHE_FAMILY
    from moderation.selectors import QUEUE_FAMILIES
    from pledges.views.authoring import MY_PLEDGES_FAMILIES
    from reporting.selectors.homes import HOME_FAMILIES

    bumped = set(settings.CACHE_FAMILY_MODELS) | {ROLES_CACHE_FAMILY}  # accounts.signals
    for families in (QUEUE_FAMILIES, HOME_FAMILIES, MY_PLEDGES_FAMILIES, ROLES_FAMILIES):
        assert set(families) <= bumped, families
