"""The pledge wall and a pledge's own page: what each filter narrows to, what never shows,
and what each role sees on a pledge."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Sector, Ward
from measures.models import Outcome
from pledges.models import Campaign, Pledge, PledgeEvent

from ..accounts.factories import OrganisationFactory, UserFactory
from .factories import CommitmentFactory, ProgressUpdateFactory, SupportFactory, make_pledge

pytestmark = pytest.mark.django_db

APPROVED = Pledge.Status.APPROVED


def outcome(slug: str) -> Outcome:
    return Outcome.objects.get(slug=slug)


def ward(slug: str) -> Ward:
    return Ward.objects.get(slug=slug)


def on_wall(response) -> set[str]:
    return {pledge.title for pledge in response.context["page"].object_list}


@pytest.fixture
def wall(org_a, org_b) -> dict[str, Pledge]:
    """Four public pledges, each differing from the others in what the filters look at."""
    org_a.sector, org_a.ward = Sector.CHARITY, ward("ordsall")
    org_a.save()
    org_b.sector, org_b.ward = Sector.PRIVATE_BUSINESS, ward("eccles")
    org_b.save()
    # The charity's pledger lives in Broughton: an organisation's pledge is placed by
    # the organisation's ward, not its author's.
    volunteering = make_pledge(
        status=APPROVED,
        organisation=org_a,
        pledger=UserFactory(ward=ward("broughton")),
        title="Volunteering days for all our staff",
        outcomes=[outcome("more-volunteering")],
    )
    recycling = make_pledge(
        status=APPROVED,
        organisation=org_b,
        title="Recycling everything we can",
        outcomes=[outcome("more-recycling")],
    )
    CommitmentFactory(
        pledge=recycling, text="Plant 200 trees along the Irwell", outcomes=[outcome("less-waste")]
    )
    living_wage = make_pledge(
        status=APPROVED,
        organisation=org_b,
        title="Paying the real Living Wage",
        campaign=Campaign.objects.get(slug="social-in-salford-pledge"),
        outcomes=[outcome("living-wage")],
    )
    resident = make_pledge(
        status=APPROVED,
        pledger=UserFactory(display_name="Rosa Resident", ward=ward("broughton")),
        title="Cycling to work",
        outcomes=[outcome("greener-travel")],
    )
    return {
        "volunteering": volunteering,
        "recycling": recycling,
        "living_wage": living_wage,
        "resident": resident,
    }


def titles(wall: dict[str, Pledge], *keys: str) -> set[str]:
    return {wall[key].title for key in keys}


# ---------------------------------------------------------------------------
# The wall
# ---------------------------------------------------------------------------


def test_wall_lists_every_public_pledge_and_counts_them(client, wall):
    response = client.get("/pledges/")
    assert response.status_code == 200
    assert on_wall(response) == titles(wall, *wall)
    assert "4 pledges found" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=people", {"volunteering"}),
        ("theme=planet", {"recycling", "resident"}),
        ("theme=prosperity", {"living_wage"}),
        ("outcome=living-wage", {"living_wage"}),
        ("outcome=less-waste", {"recycling"}),
        ("campaign=social-in-salford-pledge", {"living_wage"}),
        ("campaign=10-percent-better", {"volunteering", "recycling", "resident"}),
        ("sector=charity", {"volunteering"}),
        ("sector=private_business", {"recycling", "living_wage"}),
        ("sector=resident", {"resident"}),
        ("ward=ordsall", {"volunteering"}),
        ("ward=eccles", {"recycling", "living_wage"}),
        # A personal pledge is placed by its pledger's ward; the charity's author also
        # lives in Broughton, but the charity is in Ordsall.
        ("ward=broughton", {"resident"}),
        ("ward=walkden-north", set()),
        ("q=living+wage", {"living_wage"}),
        ("q=IRWELL", {"recycling"}),  # in a commitment, any case
        ("q=tool+library", {"recycling", "living_wage"}),  # the organisation's name
        ("sector=private_business&campaign=10-percent-better", {"recycling"}),
        ("theme=planet&sector=resident&ward=broughton", {"resident"}),
    ],
)
def test_each_filter_narrows_the_wall(client, wall, query, expected):
    response = client.get(f"/pledges/?{query}")
    assert response.status_code == 200
    assert on_wall(response) == titles(wall, *expected)


def test_a_pledge_matching_twice_is_listed_once(client, wall):
    """Two commitments serving Planet outcomes must not list the pledge twice."""
    response = client.get("/pledges/?theme=planet")
    listed = [p.title for p in response.context["page"].object_list]
    assert sorted(listed) == sorted(titles(wall, "recycling", "resident"))
    assert "2 pledges found" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["theme=nonsense", "outcome=42", "sector=pirates", "ward=atlantis", "campaign=x"]
)
def test_unknown_filter_values_are_ignored(client, wall, query):
    response = client.get(f"/pledges/?{query}")
    assert response.status_code == 200
    assert on_wall(response) == titles(wall, *wall)
    assert not response.context["filters"].active


def test_the_filter_form_keeps_the_choices_and_works_without_javascript(client, wall):
    response = client.get("/pledges/?theme=planet&sector=resident&q=cycling")
    html = response.content.decode()
    assert '<form method="get" action="/pledges/"' in html
    assert '<option value="planet" selected>' in html
    assert '<option value="resident" selected>' in html
    assert 'value="cycling"' in html
    assert "Clear filters" in html


def test_nothing_but_public_pledges_is_ever_on_the_wall(client, org_a, org_b, wall):
    hidden = [
        make_pledge(status=status, organisation=org_a, title=f"Hidden {status} pledge")
        for status in (
            Pledge.Status.DRAFT,
            Pledge.Status.SUBMITTED,
            Pledge.Status.REJECTED,
            Pledge.Status.WITHDRAWN,
            Pledge.Status.LAPSED,
        )
    ]
    hidden.append(make_pledge(title="Hidden personal draft"))
    suspended = OrganisationFactory(name="Suspended Ltd", suspended_at=timezone.now())
    hidden.append(make_pledge(status=APPROVED, organisation=suspended, title="Hidden suspended"))
    for query in ["", "q=hidden", "theme=people", "sector=community_group", "sector=charity"]:
        response = client.get(f"/pledges/?{query}")
        assert not on_wall(response) & {p.title for p in hidden}, query
    assert "Hidden" not in client.get("/pledges/?q=hidden").content.decode()


def test_the_wall_paginates_by_twenty_and_keeps_the_filters(client):
    for i in range(25):
        make_pledge(
            status=APPROVED,
            title=f"Resident pledge {i:02d}",
            approved_at=timezone.now() - datetime.timedelta(hours=i),
        )
    first = client.get("/pledges/?sector=resident")
    assert len(first.context["page"].object_list) == 20
    assert "25 pledges found" in first.content.decode()
    # Newest first.
    assert first.context["page"].object_list[0].title == "Resident pledge 00"
    assert 'href="?sector=resident&amp;page=2"' in first.content.decode()
    second = client.get("/pledges/?sector=resident&page=2")
    assert [p.title for p in second.context["page"].object_list] == [
        f"Resident pledge {i:02d}" for i in range(20, 25)
    ]
    # A page past the end shows the last one, not an error.
    assert client.get("/pledges/?page=99").status_code == 200


def test_wall_cards_show_who_pledged_and_the_outcomes(client, wall):
    html = client.get("/pledges/").content.decode()
    assert "Ordsall Community Café" in html
    assert "Rosa Resident, a resident" in html
    assert "Greener travel" in html
    assert wall["resident"].get_absolute_url() in html


# ---------------------------------------------------------------------------
# A pledge's page
# ---------------------------------------------------------------------------


@pytest.fixture
def busy_pledge(org_a, users) -> Pledge:
    """Organisation A's approved pledge: two commitments, updates, three supporters."""
    pledge = make_pledge(
        status=APPROVED,
        organisation=org_a,
        pledger=users["member_a"],
        commitments=0,
        title="Buying local and paying fairly",
        statement="Salford money should stay in Salford.",
    )
    spend = CommitmentFactory(
        pledge=pledge,
        text="Spend a fifth of our budget with Salford suppliers",
        target_value=Decimal("20"),
        target_unit="%",
        outcomes=[outcome("local-economic-benefit"), outcome("living-wage")],
        current_value=Decimal("8"),
        order=0,
    )
    volunteers = CommitmentFactory(
        pledge=pledge,
        text="Recruit twelve volunteers",
        target_value=Decimal("12"),
        target_unit="volunteers",
        outcomes=[outcome("more-volunteering")],
        current_value=Decimal("12"),
        done_at=timezone.now(),
        order=1,
    )
    now = timezone.now()
    ProgressUpdateFactory(
        commitment=spend,
        text="First quarter: 5% local.",
        figure=5,
        created_at=now - datetime.timedelta(days=60),
    )
    ProgressUpdateFactory(
        commitment=spend,
        text="Second quarter: 8% local.",
        figure=8,
        created_at=now - datetime.timedelta(days=1),
    )
    ProgressUpdateFactory(commitment=volunteers, text="All twelve recruited.", marks_done=True)
    for name in ["Priya", "Tom", "Jo"]:
        SupportFactory(pledge=pledge, user=UserFactory(display_name=name))
    PledgeEvent.objects.create(
        pledge=pledge,
        action=PledgeEvent.Action.APPROVED,
        actor=users["staff"],
        note="Clear and measurable.",
    )
    return pledge


def test_pledge_page_shows_who_the_commitments_and_their_progress(client, busy_pledge, org_a):
    response = client.get(busy_pledge.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{org_a.get_absolute_url()}">Ordsall Community Café</a>' in html
    assert "10% Better" in html
    assert "Salford money should stay in Salford." in html
    assert "Spend a fifth of our budget with Salford suppliers" in html
    assert "Local economic benefit" in html and "More people paid the Living Wage" in html
    # Figures and bars: 8 of 20% is 40%; the done commitment is 100%; the pledge 70%.
    assert "8% of 20%" in html
    assert "12 of 12 volunteers" in html
    assert 'aria-valuenow="40"' in html
    assert 'aria-valuenow="100"' in html
    assert 'aria-valuenow="70"' in html
    assert "w-pct-40" in html and "w-pct-70" in html
    assert 'style="' not in html
    assert response.context["percent"] == 70


def test_updates_are_newest_first_with_their_figures(client, busy_pledge):
    html = client.get(busy_pledge.get_absolute_url()).content.decode()
    assert html.index("Second quarter: 8% local.") < html.index("First quarter: 5% local.")
    assert "reached 8%" in html
    assert "marked done" in html


def test_evidence_is_linked(client, busy_pledge, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    commitment = busy_pledge.commitments.first()
    update = ProgressUpdateFactory(
        commitment=commitment,
        evidence=SimpleUploadedFile("receipts.pdf", b"%PDF-1.4 receipts"),
    )
    html = client.get(busy_pledge.get_absolute_url()).content.decode()
    assert f"/pledges/{busy_pledge.pk}/updates/{update.pk}/evidence/" in html
    assert ">Evidence<" in html


def test_supporters_count_and_names_show(client, busy_pledge):
    response = client.get(busy_pledge.get_absolute_url())
    html = response.content.decode()
    assert '<p class="display-6 mb-1" data-testid="support-count">3</p>' in html
    assert "people support this pledge" in html
    for name in ["Priya", "Tom", "Jo"]:
        assert f'<li class="list-inline-item">{name}</li>' in html
    assert "Log in to support this pledge" in html


def test_a_personal_pledge_shows_only_the_residents_display_name(client):
    person = UserFactory(display_name="Rosa", email="rosa.private@example.org")
    pledge = make_pledge(status=APPROVED, pledger=person, title="Walking to school")
    html = client.get(pledge.get_absolute_url()).content.decode()
    assert "Pledged by Rosa, a Salford resident" in html
    assert "rosa.private@example.org" not in html


@pytest.mark.parametrize(
    ("role", "sees_history"),
    [
        ("anonymous", False),
        ("resident", False),
        ("member_a", True),
        ("admin_a", True),
        ("member_b", False),
        ("staff", True),
        ("commissioner", False),
    ],
)
def test_history_is_for_owners_and_staff(client_for, busy_pledge, role, sees_history):
    response = client_for(role).get(busy_pledge.get_absolute_url())
    html = response.content.decode()
    assert ('data-testid="history"' in html) is sees_history
    assert ("Clear and measurable." in html) is sees_history
    if sees_history:
        assert "by Sam on" in html


@pytest.mark.parametrize(
    ("role", "owner"),
    [("member_a", True), ("admin_a", True), ("resident", False), ("staff", False)],
)
def test_owner_actions_only_for_owners(client_for, busy_pledge, role, owner):
    # In the last month of its year, so renewing is on offer too.
    busy_pledge.expires_at = timezone.now() + datetime.timedelta(days=10)
    busy_pledge.save(update_fields=["expires_at"])
    html = client_for(role).get(busy_pledge.get_absolute_url()).content.decode()
    commitment = busy_pledge.commitments.first()
    progress_url = f"/pledges/{busy_pledge.pk}/commitments/{commitment.pk}/progress/"
    assert (progress_url in html) is owner
    assert (f"/pledges/{busy_pledge.pk}/withdraw/" in html) is owner
    assert (f"/pledges/{busy_pledge.pk}/renew/" in html) is owner
    assert (f'action="/pledges/{busy_pledge.pk}/revise/"' in html) is owner


def test_renewing_is_offered_only_near_the_end_of_the_year(client_for, busy_pledge):
    html = client_for("admin_a").get(busy_pledge.get_absolute_url()).content.decode()
    assert f"/pledges/{busy_pledge.pk}/renew/" not in html
    assert client_for("admin_a").get(f"/pledges/{busy_pledge.pk}/renew/").status_code == 403


def test_the_badge_and_its_embed_code_are_offered_for_an_approved_pledge(client, busy_pledge):
    html = client.get(busy_pledge.get_absolute_url()).content.decode()
    assert f'src="/pledges/{busy_pledge.pk}/badge.svg"' in html
    # The embed code is shown as text, escaped, inside the textarea.
    assert "&lt;a href=&quot;http" in html
    assert f"/pledges/{busy_pledge.pk}/badge.svg&quot;" in html
    assert f"/pledges/{busy_pledge.pk}/concern/" in html


def test_the_embed_code_links_to_the_address_the_page_was_served_on(client, busy_pledge):
    """Not SITE_URL: `PORT=8801 make run` or a second host name must give working links."""
    html = client.get(busy_pledge.get_absolute_url(), HTTP_HOST="127.0.0.1:8801").content.decode()
    assert f"href=&quot;http://127.0.0.1:8801/pledges/{busy_pledge.pk}/&quot;" in html
    assert f"src=&quot;http://127.0.0.1:8801/pledges/{busy_pledge.pk}/badge.svg&quot;" in html


@pytest.mark.parametrize(
    "status",
    [
        Pledge.Status.DRAFT,
        Pledge.Status.SUBMITTED,
        Pledge.Status.REJECTED,
        Pledge.Status.WITHDRAWN,
    ],
)
@pytest.mark.parametrize(
    ("role", "expected"),
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
def test_a_pledge_that_is_not_public_is_404_except_for_owners_and_staff(
    client_for, users, org_a, status, role, expected
):
    pledge = make_pledge(status=status, organisation=org_a, pledger=users["member_a"])
    response = client_for(role).get(pledge.get_absolute_url())
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "Show your pledge" not in html  # no badge for a pledge that is not public
        assert "Report a concern" not in html


def test_a_suspended_organisations_pledge_is_404_for_the_public(client_for, org_a, users):
    pledge = make_pledge(status=APPROVED, organisation=org_a, pledger=users["member_a"])
    org_a.suspended_at = timezone.now()
    org_a.save()
    assert client_for("anonymous").get(pledge.get_absolute_url()).status_code == 404
    assert client_for("resident").get(pledge.get_absolute_url()).status_code == 404
    assert client_for("member_a").get(pledge.get_absolute_url()).status_code == 200


def test_a_personal_draft_is_seen_by_its_resident_only(client_for, users):
    pledge = make_pledge(pledger=users["resident"])
    assert client_for("resident").get(pledge.get_absolute_url()).status_code == 200
    assert client_for("member_a").get(pledge.get_absolute_url()).status_code == 404


def test_a_pledge_that_does_not_exist_is_404(client):
    assert client.get("/pledges/999999/").status_code == 404


def test_a_lapsed_pledge_stays_readable_but_leaves_the_wall(client, org_a):
    pledge = make_pledge(status=Pledge.Status.LAPSED, organisation=org_a, title="Last year's")
    assert client.get(pledge.get_absolute_url()).status_code == 200
    assert "Last year&#x27;s" not in client.get("/pledges/").content.decode()


def test_organisation_page_lists_its_public_pledges(client, org_a, org_b):
    mine = make_pledge(status=APPROVED, organisation=org_a, title="Our public pledge")
    make_pledge(organisation=org_a, title="Our draft pledge")
    make_pledge(status=APPROVED, organisation=org_b, title="Someone else's pledge")
    html = client.get(org_a.get_absolute_url()).content.decode()
    assert 'data-testid="organisation-pledges"' in html
    assert "Our public pledge" in html
    assert mine.get_absolute_url() in html
    assert "Our draft pledge" not in html
    assert "Someone else" not in html


def test_organisation_page_without_pledges_says_so(client, org_b):
    html = client.get(org_b.get_absolute_url()).content.decode()
    assert "Eccles Tool Library has no public pledges yet." in html


def test_navigation_links_by_role(client_for):
    anonymous = client_for("anonymous").get("/pledges/").content.decode()
    assert 'href="/pledges/" aria-current="page"' in anonymous
    assert 'href="/measures/progress/"' in anonymous
    assert 'href="/pledges/new/"' not in anonymous
    resident = client_for("resident").get("/").content.decode()
    assert 'href="/pledges/new/"' in resident and 'href="/pledges/mine/"' in resident
    assert 'href="/moderation/"' not in resident
    assert 'href="/moderation/"' in client_for("staff").get("/").content.decode()


# ---------------------------------------------------------------------------
# Template helpers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("46900.00"), "people", "46,900 people"),
        (Decimal("2.50"), "tonnes", "2.5 tonnes"),
        (Decimal("10"), "%", "10%"),
        (Decimal("250000"), "£", "£250,000"),
        (Decimal("0"), "hours", "0 hours"),
    ],
)
def test_measure_writes_figures_as_people_do(value, unit, expected):
    from core.templatetags.numbers import measure

    assert measure(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(-5, 0), (40.4, 40), (99.6, 100), (250, 100), ("", 0)]
)
def test_bar_widths_are_whole_percentages_from_0_to_100(value, expected):
    from core.templatetags.numbers import pct

    assert pct(value) == expected
