"""/measures/dashboard/: the commissioners' dashboard, its filters in the URL, a table
and a CSV of exactly that table for every chart, and the commissioner's own contracts."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from html import unescape

import pytest
from django.core.cache import cache

from accounts.models import Sector, SizeBand, Ward
from measures.models import CommitmentKind, Delivery, Outcome, Return
from pledges.models import Pledge
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.charter.factories import make_signature
from tests.measures.factories import (
    commissioner_organisation,
    make_city_figure,
    make_contract,
    make_delivery,
    make_lm3,
    make_plan,
    make_return,
    quarters_ago,
)
from tests.pledges.factories import make_pledge

pytestmark = pytest.mark.django_db

URL = "/measures/dashboard/"
APPROVED = Pledge.Status.APPROVED


def ward(slug_start: str) -> Ward:
    return Ward.objects.filter(slug__startswith=slug_start).order_by("slug").first()


def outcomes(*numbers: int) -> list[Outcome]:
    return list(Outcome.objects.filter(number__in=numbers))


def table(html: str, key: str) -> list[list[str]]:
    """The rows of a figure's table as text, header first."""
    start = html.index(f'data-testid="table-{key}"')
    body = html[start : html.index("</table>", start)]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def download(client, query: str) -> list[list[str]]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def build_city(org_a, org_b, *, extra: int = 0) -> dict:
    """Organisations in two wards and outside Salford, with pledges, signatures,
    contracts with social value, LM3 and returns; ``extra`` more of each for the
    second data size."""
    ordsall, eccles = ward("ordsall"), ward("eccles")
    org_a.ward, org_a.sector = ordsall, Sector.CHARITY
    org_a.save()
    org_b.ward, org_b.sector = eccles, Sector.PRIVATE_BUSINESS
    org_b.save()
    council = commissioner_organisation(name="Salford City Council")
    outsider = OrganisationFactory(name="Far Away Ltd", sector=Sector.PRIVATE_BUSINESS)
    resident = UserFactory(ward=ordsall)

    make_pledge(status=APPROVED, organisation=org_a, outcomes=outcomes(1, 4))
    make_pledge(status=APPROVED, organisation=org_b, outcomes=outcomes(8))
    make_pledge(status=APPROVED, pledger=resident, outcomes=outcomes(6))
    make_pledge(status=Pledge.Status.SUBMITTED, organisation=org_a, outcomes=outcomes(2))

    make_signature(org_a, role="provider")
    make_signature(council, role="commissioner")

    local = make_contract(
        council,
        org_a,
        value="300000",
        commitments=[(CommitmentKind.CORE, "people-volunteering", "100")],
    )
    make_delivery(local.commitments.get(), quantity="40", status=Delivery.Status.CONFIRMED)
    make_contract(council, outsider, value="100000", title="Printing")

    for org, lm3 in ((org_a, ("30000", "20000")), (org_b, ("10000", "10000"))):
        make_lm3(org, round2=lm3)

    for org in (org_a, org_b):
        make_plan(org, starts=quarters_ago(3))
    make_return(org_a, quarters_ago(0), Return.Status.APPROVED, values={"people-volunteering": "4"})
    make_return(org_b, quarters_ago(0), Return.Status.SUBMITTED)

    make_city_figure(value="49245")
    for i in range(extra):
        org = OrganisationFactory(ward=ordsall if i % 2 else eccles, sector=Sector.CHARITY)
        make_pledge(status=APPROVED, organisation=org, outcomes=outcomes(1 + i % 11, 3))
        make_signature(org, role="provider")
        contract = make_contract(
            council,
            org,
            value="20000",
            commitments=[(CommitmentKind.ADDED, "waste-recycled", "5")],
        )
        make_delivery(contract.commitments.get(), quantity="2", status=Delivery.Status.CONFIRMED)
        make_lm3(org)
        make_plan(org, starts=quarters_ago(3))
        make_return(org, quarters_ago(1), Return.Status.APPROVED, values={"waste-recycled": "3"})
        make_city_figure(
            slug="household-waste",
            value=str(400 - i),
            start=datetime.date(2010 + i, 4, 1),
            end=datetime.date(2011 + i, 3, 31),
        )
    cache.clear()
    return {"council": council, "ordsall": ordsall, "eccles": eccles}


@pytest.fixture
def city(org_a, org_b):
    return build_city(org_a, org_b)


def test_every_figure_has_a_table_a_labelled_chart_and_a_csv(client_for, city):
    response = client_for("commissioner").get(URL)
    html = response.content.decode()
    keys = [f.key for f in response.context["dashboard"].figures]
    assert keys == [
        "outcomes",
        "pledges_over_time",
        "pledges_by_sector",
        "pledges_by_ward",
        "signatories_by_sector",
        "signatories_by_role",
        "contract_spend",
        "social_value",
        "contract_sizes",
        "lm3",
        "returns",
    ]
    chart_data = json.loads(
        re.search(
            r'<script id="dashboard-chart-data" type="application/json">(.*?)</script>',
            html,
            flags=re.S,
        ).group(1)
    )
    for key in keys:
        assert f'data-testid="table-{key}"' in html
        assert re.search(rf'<canvas data-chart="{key}"[^>]*role="img" aria-label="Chart: ', html)
        assert f'href="?csv={key}"' in html
        assert key in chart_data
    # No inline script: the figures travel as JSON, drawn by static/js/charts.js.
    assert not re.search(r"<script(?![^>]*(src=|application/json))", html)


def test_the_figures_count_what_they_say(client_for, city):
    html = client_for("staff").get(URL).content.decode()
    over_time = table(html, "pledges_over_time")
    assert over_time[0] == ["Quarter", "People", "Planet", "Prosperity", "All pledges"]
    # Org A's pledge serves People and Planet; Org B's Prosperity; the resident's Planet.
    assert over_time[1][1:] == ["1", "2", "1", "3"]

    sectors = dict(row for row in table(html, "pledges_by_sector")[1:])
    assert sectors["Charity"] == "1" and sectors["Private business"] == "1"
    assert sectors["Residents’ own pledges"] == "1"
    wards = dict(table(html, "pledges_by_ward")[1:])
    assert wards[city["ordsall"].name] == "2"  # Org A and the resident who lives there
    assert wards[city["eccles"].name] == "1"

    roles = dict(table(html, "signatories_by_role")[1:])
    assert roles["Provider"] == "1" and roles["Commissioner"] == "1"

    spend = table(html, "contract_spend")
    assert spend[1] == ["Salford providers", "1", "£300,000", "75%"]
    assert spend[2] == ["Providers outside Salford", "1", "£100,000", "25%"]
    social = table(html, "social_value")
    assert social[1] == ["People volunteering", "people", "100", "40", "40%"]

    lm3 = {row[0]: row for row in table(html, "lm3")[1:]}
    # Org A: (100,000 + 50,000 + 12,000 + 10,000) / 100,000 = 1.72;
    # Org B: (100,000 + 20,000 + 4,000 + 5,000) / 100,000 = 1.29.
    assert lm3["Charity"][1:] == ["1", "1.72", "1.72", "1.72", "1.72", "1.72"]
    assert lm3["Private business"][4] == "1.29"
    assert lm3["Community group"][1:3] == ["0", "\N{EN DASH}"]

    returns = table(html, "returns")
    assert returns[0][1:] == [
        "Expected",
        "Approved",
        "Waiting for approval",
        "Outstanding",
        "Overdue",
    ]
    assert returns[-1][1:4] == ["2", "1", "1"]


def test_filters_are_kept_in_the_url_and_narrow_every_figure(client_for, city):
    client = client_for("commissioner")
    response = client.get(f"{URL}?ward={city['ordsall'].slug}")
    html = response.content.decode()
    assert f'<option value="{city["ordsall"].slug}" selected>' in html
    wards = dict(table(html, "pledges_by_ward")[1:])
    assert wards[city["ordsall"].name] == "2" and wards[city["eccles"].name] == "0"
    assert table(html, "contract_spend")[1][1:3] == ["1", "£300,000"]
    assert table(html, "contract_spend")[2][1] == "0"
    assert f'href="?ward={city["ordsall"].slug}&amp;csv=pledges_by_ward"' in html

    html = client.get(f"{URL}?sector=private_business").content.decode()
    assert dict(table(html, "pledges_by_sector")[1:])["Charity"] == "0"
    assert table(html, "contract_spend")[2][1:3] == ["1", "£100,000"]


def test_a_year_narrows_to_what_happened_in_it(client_for, city):
    long_ago = quarters_ago(0).start.year - 4
    html = client_for("staff").get(f"{URL}?period={long_ago}").content.decode()
    assert 'data-testid="figure-pledges_over_time"' in html
    assert "Nothing to show for these filters." in html  # no pledge approved then
    assert table(html, "contract_spend")[1][1] == "0"


def test_a_stale_or_made_up_filter_is_ignored_not_an_error(client_for, city):
    response = client_for("staff").get(f"{URL}?ward=atlantis&period=1066&sector=pirates")
    assert response.status_code == 200
    assert not response.context["filters"].active


def test_each_csv_holds_exactly_what_its_table_shows(client_for, city):
    client = client_for("commissioner")
    query = f"ward={city['ordsall'].slug}"
    html = client.get(f"{URL}?{query}").content.decode()
    for key in ("pledges_by_ward", "contract_spend", "returns"):
        rows = download(client, f"{query}&csv={key}")
        shown = table(html, key)
        assert rows[0] == shown[0]
        assert len(rows) == len(shown)
        assert [row[0] for row in rows] == [row[0] for row in shown]
    spend = download(client, f"{query}&csv=contract_spend")
    assert spend[1] == ["Salford providers", "1", "300000.00", "100"]


def test_an_unknown_csv_is_not_found(client_for, city):
    assert client_for("staff").get(f"{URL}?csv=secrets").status_code == 404


def test_csv_text_is_escaped(client_for, city):
    Ward.objects.filter(pk=city["ordsall"].pk).update(name="=cmd|' /C calc'!A0")
    rows = download(client_for("staff"), "csv=pledges_by_ward")
    assert "'=cmd|' /C calc'!A0" in [row[0] for row in rows]


def test_a_commissioner_sees_their_own_contracts_first(client_for, users, city):
    commissioner = users["commissioner"]
    council = city["council"]
    council.memberships.create(user=commissioner, role="admin")
    html = client_for("commissioner").get(URL).content.decode()
    assert 'data-testid="own-contracts"' in html
    assert html.index('data-testid="own-contracts"') < html.index('id="outcomes-title"')
    own = html[html.index('data-testid="own-contract-list"') :]
    assert "Community meals service" in own and "Printing" in own
    assert "See all 2 of your contracts in the register" in html


def test_staff_and_commissioners_without_an_organisation_see_no_own_contracts(client_for, city):
    for role in ("staff", "commissioner"):
        html = client_for(role).get(URL).content.decode()
        assert 'data-testid="own-contracts"' not in html


@pytest.mark.parametrize("extra", [0, 12])
def test_its_queries_do_not_grow_with_the_city(
    client_for, org_a, org_b, users, extra, django_assert_max_num_queries
):
    """Guards against a query per pledge, signatory, contract, LM3 survey or return
    (the N+1 of counting each organisation's figures on its own), and per own contract
    for its provider: every figure is a grouped query or two, at both sizes."""
    city = build_city(org_a, org_b, extra=extra)
    city["council"].memberships.create(user=users["commissioner"], role="admin")
    client = client_for("commissioner")
    with django_assert_max_num_queries(40):
        assert client.get(URL).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(40):
        assert client.get(f"{URL}?ward={city['ordsall'].slug}&sector=charity").status_code == 200


def test_the_figures_are_cached_for_each_set_of_filters(
    client_for, city, django_assert_max_num_queries
):
    """A second look within a few minutes reuses the figures: only the session, the
    user, the wards and the commissioner's own contracts are read."""
    client = client_for("staff")
    client.get(URL)
    with django_assert_max_num_queries(8):
        client.get(URL)


def test_sizes_grid_counts_contracts_by_band_and_provider_size(client_for, city):
    html = client_for("staff").get(URL).content.decode()
    sizes = table(html, "contract_sizes")
    assert sizes[0][0] == "Contract size" and sizes[0][-1] == "All providers"
    band = {row[0]: row for row in sizes[1:]}
    assert band["£100,000 to £999,999"][-1] == "2"
    small = [value for value, _label in SizeBand.choices].index(SizeBand.SMALL) + 1
    assert band["£100,000 to £999,999"][small] == "2"
