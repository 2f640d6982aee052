"""/measures/progress/: the eleven outcomes under their themes, each with its baseline,
latest city figure, target and position, its trend (chart, table and CSV), and the
pledges and approved returns toward it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.utils import timezone

from measures.models import CampaignTarget, Outcome, Return
from pledges.models import Pledge
from tests.measures.factories import make_city_figure, make_return, quarters_ago
from tests.pledges.factories import make_pledge

pytestmark = pytest.mark.django_db

APPROVED = Pledge.Status.APPROVED
DAY = datetime.date


def volunteering() -> list[Outcome]:
    return [Outcome.objects.get(slug="more-volunteering")]


@pytest.mark.parametrize("role", ["anonymous", "resident", "staff"])
def test_everyone_sees_three_themes_and_eleven_outcomes(client_for, role):
    response = client_for(role).get("/measures/progress/")
    assert response.status_code == 200
    themes = response.context["themes"]
    assert [group["theme"].name for group in themes] == ["People", "Planet", "Prosperity"]
    assert [len(group["outcomes"]) for group in themes] == [3, 3, 5]
    html = response.content.decode()
    assert html.count('data-testid="outcome"') == 11
    assert html.index("More people volunteering") < html.index("Less waste")


def test_each_outcome_shows_its_measure_baseline_and_target(client):
    html = client.get("/measures/progress/").content.decode()
    # Outcome 1: up from 46,900 by 4,690.
    assert "People volunteering in Salford" in html
    assert "46,900" in html and "51,590 (+4,690)" in html
    # Outcome 3: inactive people, down from 63,000 by 6,300.
    assert "63,000" in html and "56,700 (-6,300)" in html
    assert "Down is better" in html and "Up is better" in html
    # The shipped target year, 2021, is past: shown as such, never as a live deadline.
    assert "10% target by 2021" not in html
    assert "10% target (set for 2021, now past)" in html
    assert 'data-testid="target-year-past"' in html
    assert "kg" in html and "households" in html


def test_pledges_toward_an_outcome_are_counted_linked_and_listed(client, org_a):
    for i in range(2):
        make_pledge(
            status=APPROVED,
            organisation=org_a,
            outcomes=volunteering(),
            title=f"Volunteer pledge {i}",
            approved_at=timezone.now() - datetime.timedelta(days=i),
        )
    make_pledge(organisation=org_a, outcomes=volunteering(), title="Draft volunteering")
    make_pledge(
        status=Pledge.Status.WITHDRAWN, outcomes=volunteering(), title="Withdrawn volunteering"
    )
    response = client.get("/measures/progress/")
    html = response.content.decode()
    assert "2 pledges toward this outcome" in html
    assert 'href="/pledges/?outcome=more-volunteering"' in html
    assert "Volunteer pledge 0" in html and "Volunteer pledge 1" in html
    assert html.index("Volunteer pledge 0") < html.index("Volunteer pledge 1")
    assert "Draft volunteering" not in html and "Withdrawn volunteering" not in html
    assert "0 pledges toward this outcome" in html  # the others
    people = response.context["themes"][0]["outcomes"]
    assert people[0].pledge_count == 2


def test_only_the_latest_few_are_listed(client, org_a):
    for i in range(5):
        make_pledge(
            status=APPROVED,
            organisation=org_a,
            outcomes=volunteering(),
            title=f"Volunteer pledge {i}",
            approved_at=timezone.now() - datetime.timedelta(days=i),
        )
    html = client.get("/measures/progress/").content.decode()
    assert "5 pledges toward this outcome" in html
    assert "Volunteer pledge 2" in html
    assert "Volunteer pledge 3" not in html


# ---------------------------------------------------------------------------
# Figures, positions, the target year and the trend
# ---------------------------------------------------------------------------


def outcome_card(html: str, slug: str) -> str:
    start = html.index(f'id="outcome-{slug}"')
    end = html.find('<li class="mb-4" id="outcome-', start + 1)
    return html[start : end if end != -1 else len(html)]


@pytest.fixture
def figures():
    """Volunteering over three years (half way by 2020/21), household waste past its
    target, inactivity the wrong way."""
    make_city_figure(value="47000", start=DAY(2018, 4, 1), end=DAY(2019, 3, 31))
    make_city_figure(value="48000", start=DAY(2019, 4, 1), end=DAY(2020, 3, 31))
    make_city_figure(value="49245", start=DAY(2020, 4, 1), end=DAY(2021, 3, 31))
    make_city_figure(
        slug="household-waste", value="357", start=DAY(2020, 4, 1), end=DAY(2021, 3, 31)
    )
    make_city_figure(
        slug="inactive-people", value="64000", start=DAY(2020, 4, 1), end=DAY(2021, 3, 31)
    )


def test_latest_figure_with_its_period_and_source_and_the_position(client, figures):
    html = client.get("/measures/progress/").content.decode()
    volunteering = outcome_card(html, "more-volunteering")
    assert "49,245, for 2020/21 financial year" in volunteering
    assert "Source: Salford Community and Voluntary Services survey" in volunteering
    assert "50% of the way from the baseline to the target." in volunteering
    # 1 Jan 2017 to 31 Mar 2021 is 1,550 of the campaign's 1,825 days: 85%.
    assert "A steady pace would be 85% of the way by then." in volunteering
    assert "Behind" in volunteering
    assert 'aria-valuenow="50"' in volunteering

    waste = outcome_card(html, "less-waste")
    assert "Target reached and passed: 50% further than the change sought." in waste
    assert 'aria-valuenow="100"' in waste  # overshoot fills the bar, no more
    assert "Target reached" in waste

    active = outcome_card(html, "more-active-people")
    assert "Going the wrong way" in active
    assert "Moved away from the target: -16% of the change sought." in active
    assert 'aria-valuenow="0"' in active

    recycling = outcome_card(html, "more-recycling")
    assert "No city figure yet" in recycling
    assert "no trend to show" in recycling


def test_the_summary_counts_outcomes_by_where_they_stand(client, figures):
    response = client.get("/measures/progress/")
    summary = response.context["summary"]
    assert summary["on_track_total"] == 1  # waste, reached
    assert (summary["behind"], summary["wrong_way"], summary["no_data"]) == (1, 1, 8)
    assert "1 of 11 outcomes on track" in response.content.decode()


def test_a_target_year_staff_move_on_is_shown_as_live(client, figures):
    CampaignTarget.objects.filter(pk=1).update(target_year=2030)
    html = client.get("/measures/progress/").content.decode()
    assert 'data-testid="target-year-past"' not in html
    assert "10% target by 2030" in html
    assert "now past" not in html
    # 1,550 of the 5,113 days from 1 Jan 2017 to 31 Dec 2030 have gone: 30%. Half way
    # to the target is ahead of that pace.
    assert "On track" in outcome_card(html, "more-volunteering")


def test_the_trend_has_a_chart_a_table_beside_it_and_chart_data(client, figures):
    response = client.get("/measures/progress/")
    html = response.content.decode()
    volunteering = outcome_card(html, "more-volunteering")
    assert 'data-chart="outcome-1"' in volunteering
    assert 'role="img"' in volunteering and "aria-label=" in volunteering
    table = volunteering[volunteering.index('data-testid="outcome-figures"') :]
    assert table.index("2018/19") < table.index("2019/20") < table.index("2020/21")
    chart = response.context["chart_data"]["outcome-1"]
    assert chart["labels"] == [
        "2018/19 financial year",
        "2019/20 financial year",
        "2020/21 financial year",
    ]
    assert chart["series"][0]["values"] == [47000.0, 48000.0, 49245.0]
    assert chart["series"][2]["values"] == [51590.0] * 3
    assert "outcome-5" not in response.context["chart_data"]  # no figures, no chart
    assert 'id="progress-chart-data"' in html
    assert "<script>" not in html.replace('<script id="progress-chart-data"', "")


def test_the_csv_holds_every_figure_the_charts_show(client, figures):
    response = client.get("/measures/progress/figures.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["outcome_number", "outcome", "indicator"]
    assert len(rows) == 1 + 5
    first = rows[1]
    assert first[0] == "1" and first[5] == "2018-04-01" and first[8] == "47000.00"
    assert first[-3:] == ["46900.00", "51590.00", "2021"]


def test_the_csv_escapes_text_that_would_run_as_a_formula(client):
    make_city_figure(value="47000").__class__.objects.update(source="=HYPERLINK(evil)")
    body = b"".join(client.get("/measures/progress/figures.csv").streaming_content).decode()
    assert "'=HYPERLINK(evil)" in body


def test_approved_returns_toward_an_outcome_are_counted(client, org_a, org_b):
    quarter = quarters_ago(1)
    make_return(org_a, quarter, Return.Status.APPROVED, values={"people-volunteering": "12"})
    make_return(
        org_a, quarter.previous(), Return.Status.APPROVED, values={"unpaid-help-to-others": "3"}
    )
    make_return(org_b, quarter, Return.Status.SUBMITTED, values={"people-volunteering": "9"})
    html = client.get("/measures/progress/").content.decode()
    assert "2 approved returns report on it, from 1 organisation" in outcome_card(
        html, "more-volunteering"
    )
    assert "0 approved returns report on it" in outcome_card(html, "less-waste")


def test_its_queries_do_not_grow_with_the_data(client, org_a, django_assert_max_num_queries):
    """Guards against a query per outcome for its figures or its returns, and a query per
    figure for its indicator (the trend table). The eleven per-outcome pledge lists are a
    constant eleven."""
    make_city_figure(value="47000")
    make_pledge(status=APPROVED, organisation=org_a, outcomes=volunteering())
    with django_assert_max_num_queries(25):
        client.get("/measures/progress/")
    for year in range(2010, 2023):
        for slug in ("people-volunteering", "household-waste", "gva-per-head"):
            make_city_figure(
                slug=slug, value="47000", start=DAY(year, 4, 1), end=DAY(year + 1, 3, 31)
            )
    for quarter in range(4):
        make_return(
            org_a,
            quarters_ago(quarter + 2),
            Return.Status.APPROVED,
            values={"people-volunteering": "5"},
        )
    for i in range(10):
        make_pledge(status=APPROVED, organisation=org_a, outcomes=volunteering(), title=f"P{i}")
    cache.clear()
    with django_assert_max_num_queries(25):
        client.get("/measures/progress/")
