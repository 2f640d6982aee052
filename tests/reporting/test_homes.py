"""/home/ ("Your dashboard"): a home for every role, and where signing in lands."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from accounts.models import Membership
from charter.models import Signature
from measures.models import CommitmentKind, Delivery, Return
from pledges.models import Pledge
from tests.accounts.factories import PASSWORD, OrganisationFactory, UserFactory, admin_of
from tests.charter.factories import make_signature
from tests.measures.factories import (
    commissioner_organisation,
    make_contract,
    make_delivery,
    make_return,
    quarters_ago,
)
from tests.pledges.factories import SupportFactory, make_pledge
from tests.toolkit.case_study_factories import make_case_study
from tests.toolkit.checklist_factories import make_completed

pytestmark = pytest.mark.django_db

URL = "/home/"
DAY = datetime.timedelta(days=1)


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def rows(html: str, testid: str) -> list[str]:
    start = html.index(f'data-testid="{testid}"')
    body = html[start : html.index("</table>", start)]
    return [
        unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))).strip()
        for row in re.findall(r'<tr data-testid="home-item">(.*?)</tr>', body, flags=re.S)
    ]


def organisation_work(organisation, author) -> dict:
    """A bit of everything an organisation can leave unfinished."""
    now = timezone.now()
    return {
        "draft": make_pledge(organisation=organisation, pledger=author, title="Our draft pledge"),
        "submitted": make_pledge(
            status=Pledge.Status.SUBMITTED, organisation=organisation, title="Waiting pledge"
        ),
        "ending": make_pledge(
            status=Pledge.Status.APPROVED,
            organisation=organisation,
            title="Ending pledge",
            expires_at=now + 20 * DAY,
        ),
        "public": make_pledge(
            status=Pledge.Status.APPROVED,
            organisation=organisation,
            title="Settled pledge",
            expires_at=now + 300 * DAY,
        ),
        "case_study": make_case_study(organisation=organisation, title="Our saved case study"),
        "signature": make_signature(organisation, status=Signature.Status.SUBMITTED),
        "overdue": make_return(organisation, quarters_ago(2)),
        "returned": make_return(organisation, quarters_ago(1), Return.Status.RETURNED),
        "checklist": [
            make_completed(organisation, overall=40, completed_at=now - 200 * DAY),
            make_completed(organisation, overall=55, completed_at=now - 10 * DAY),
        ],
    }


def test_a_member_sees_what_waits_on_whom_and_the_next_step(client_for, users, org_a):
    work = organisation_work(org_a, users["member_a"])
    response = client_for("member_a").get(URL)
    html = response.content.decode()
    assert "Hello, Mo" in text(response)

    on_you = rows(html, "waiting-on-you")
    assert any("Our draft pledge" in r and "Finish it and send it to staff" in r for r in on_you)
    assert any(
        "Case study: Our saved case study" in r and "Finish it and send it to staff" in r
        for r in on_you
    )
    assert f'href="/toolkit/case-studies/{work["case_study"].pk}/edit/"' in html
    assert any("Ending pledge" in r and "renew it before it ends" in r for r in on_you)
    overdue = work["overdue"]
    assert any(overdue.quarter.label in r and "overdue" in r for r in on_you)
    assert any("Staff asked for changes: correct it and send it again" in r for r in on_you)
    assert not any("Settled pledge" in r for r in on_you)

    on_others = rows(html, "waiting-on-others")
    assert any("Waiting pledge" in r and "Alliance staff" in r for r in on_others)
    assert any("Charter signature" in r and "staff will verify it" in r for r in on_others)

    due = html[html.index('data-testid="due-next"') :]
    due = due[: due.index("</ul>")]
    # The overdue return first, then the other return, then the pledge ending in 20 days.
    assert due.index(overdue.quarter.label) < due.index("Ending pledge")

    score = text(response).split("Latest score:")[1]
    assert score.startswith(" 55 out of 100")
    assert "Up 15 points on the time before." in score
    assert "Next step: take it again to see how you have improved" in score


def test_another_organisations_work_is_not_shown(client_for, users, org_a, org_b):
    organisation_work(org_b, users["member_b"])
    html = client_for("member_a").get(URL).content.decode()
    assert "Our draft pledge" not in html and "Our saved case study" not in html
    assert "Nothing waits on you." in html


def test_a_commissioning_organisation_sees_deliveries_to_confirm(client_for, users, org_a):
    council = commissioner_organisation(user=users["admin_a"], name="Salford City Council")
    contract = make_contract(
        council, org_a, commitments=[(CommitmentKind.CORE, "people-volunteering", "10")]
    )
    make_delivery(contract.commitments.get(), status=Delivery.Status.REPORTED)
    html = client_for("admin_a").get(URL).content.decode()
    assert "1 delivery report from a provider waits for you to confirm it" in html


def test_a_resident_sees_their_pledge_and_the_pledges_they_support(client_for, users, org_a):
    rosa = users["resident"]
    make_pledge(status=Pledge.Status.APPROVED, pledger=rosa, title="Rosa cycles to work")
    backed = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, title="Café meals")
    SupportFactory(pledge=backed, user=rosa)
    response = client_for("resident").get(URL)
    html = response.content.decode()
    personal = html[html.index('data-testid="home-personal"') :]
    assert "Rosa cycles to work" in personal
    supported = personal[personal.index('data-testid="supported"') :]
    assert "Café meals" in supported and "Ordsall Community Café" in supported
    assert "You are not part of an organisation on the portal." in text(response)
    assert 'data-testid="home-staff"' not in html
    assert 'data-testid="home-commissioner"' not in html


def test_staff_see_waiting_work_linked_to_the_queue(client_for, org_a, org_b):
    for i in range(3):
        make_pledge(status=Pledge.Status.SUBMITTED, organisation=org_a, title=f"Waiting {i}")
    make_signature(org_b, months_ago=14)  # overdue for its yearly review
    make_return(org_a, quarters_ago(2))  # overdue
    response = client_for("staff").get(URL)
    html = response.content.decode()
    assert re.search(
        r'<a href="/moderation/\?kind=pledges"><strong>3</strong> pledges to moderate</a>', html
    )
    assert 'href="/moderation/?kind=case-studies"><strong>0</strong>' in html
    assert "1 charter signatory overdue for its yearly review" in text(response)
    assert "1 return overdue" in text(response)
    assert 'data-testid="home-organisation"' not in html
    assert "You are not part of an organisation" not in html  # staff are not told to join


def test_staff_verify_an_organisation_from_their_home(client_for, users):
    waiting = OrganisationFactory(name="Seedley Larder", verified_at=None)
    admin_of(waiting)  # told by mail when it is verified
    client = client_for("staff")
    html = client.get(URL).content.decode()
    unverified = html[html.index('data-testid="unverified"') :]
    assert "Seedley Larder" in unverified
    assert f'action="/organisations/{waiting.slug}/status/"' in unverified
    assert "Mark Seedley Larder verified" in unverified
    client.post(f"/organisations/{waiting.slug}/status/", {"action": "verified"})
    waiting.refresh_from_db()
    assert waiting.verified_at is not None
    html = client.get(URL).content.decode()
    assert "Seedley Larder" not in html[html.index('data-testid="unverified"') :]


def test_a_commissioner_has_their_dashboard_from_home(client_for):
    html = client_for("commissioner").get(URL).content.decode()
    assert 'data-testid="home-commissioner"' in html
    assert 'href="/measures/dashboard/" data-testid="open-dashboard"' in html
    assert "0 of the 11 outcomes are on track." in html


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        ("resident", "/home/"),
        ("member_a", "/home/"),
        ("staff", "/home/"),
        ("commissioner", "/measures/dashboard/"),
    ],
)
def test_signing_in_lands_each_role_somewhere_useful(client, users, role, lands_on):
    response = client.post("/accounts/login/", {"login": users[role].email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == lands_on


def test_the_navigation_links_your_dashboard(client, client_for):
    assert "Your dashboard" not in client.get("/").content.decode()
    for role in ("resident", "member_a", "staff", "commissioner"):
        html = client_for(role).get("/pledges/").content.decode()
        assert '<a class="nav-link" href="/home/">Your dashboard</a>' in html
        assert ('href="/measures/dashboard/"' in html) is (role in ("staff", "commissioner"))


@pytest.mark.parametrize("n", [1, 4])
def test_a_members_home_costs_the_same_for_any_number_of_organisations(
    client, n, django_assert_max_num_queries
):
    """Guards against a query per organisation (its pledges, case studies, signature,
    returns, checklist or deliveries) and per item: each is read for all of the
    person's organisations at once."""
    person = UserFactory(display_name="Busy Person")
    for i in range(n):
        organisation = OrganisationFactory()
        Membership.objects.create(user=person, organisation=organisation, role="admin")
        organisation_work(organisation, person)
        SupportFactory(pledge=make_pledge(status=Pledge.Status.APPROVED), user=person)
        make_pledge(status=Pledge.Status.APPROVED, pledger=person, title=f"Mine {i}")
    client.force_login(person)
    with django_assert_max_num_queries(16):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_staff_home_costs_the_same_however_much_waits(
    client_for, org_a, n, django_assert_max_num_queries
):
    """Guards against a query per waiting item or per unverified organisation (its
    ward): the queue is counted kind by kind, the organisations come with their ward."""
    for i in range(n):
        make_pledge(status=Pledge.Status.SUBMITTED, organisation=org_a, title=f"W{i}")
        OrganisationFactory(verified_at=None)
        make_signature(OrganisationFactory(), months_ago=14)
    client = client_for("staff")
    with django_assert_max_num_queries(30):
        assert client.get(URL).status_code == 200
