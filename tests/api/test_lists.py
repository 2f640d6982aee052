"""Every list: JSON and CSV, only what is published, no email address, read-only, and a
clear 400 for a bad filter."""

from __future__ import annotations

import csv
import io
import re

import pytest

from api.catalogue import LISTS
from api.models import OGL_NAME

from .factories import HIDDEN, populate

pytestmark = pytest.mark.django_db

NAMES = [view.resource.name for view in LISTS]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def url(name: str, query: str = "") -> str:
    return f"/api/v1/{name}/{query}"


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def data():
    return populate(2)


@pytest.mark.parametrize("name", NAMES)
def test_nothing_unpublished_and_no_email_address_in_json_or_csv(name, data, client):
    for query in ("?page_size=500", "?format=csv&page_size=500"):
        response = client.get(url(name, query))
        assert response.status_code == 200
        body = response.content.decode()
        assert HIDDEN not in body, f"{name}{query} shows something unpublished"
        assert not EMAIL.search(body), f"{name}{query} shows an email address"


@pytest.mark.parametrize("name", NAMES)
def test_csv_has_the_resources_columns_in_order_by_format_or_accept_header(name, data, client):
    view = next(v for v in LISTS if v.resource.name == name)
    by_format = client.get(url(name, "?format=csv"))
    by_header = client.get(url(name), HTTP_ACCEPT="text/csv")
    for response in (by_format, by_header):
        assert response["Content-Type"].startswith("text/csv")
        assert rows_of(response)[0] == view.resource.header
    assert by_format.content == by_header.content
    assert by_format["Content-Disposition"] == f'attachment; filename="{name}.csv"'


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_list_accepts_writes(name, method, client):
    response = getattr(client, method)(url(name), {}, content_type="application/json")
    assert response.status_code == 405


BAD_FILTERS = [
    ("pledges", "theme=nowhere"),
    ("pledges", "outcome=nothing"),
    ("pledges", "campaign=%00"),
    ("pledges", "sector=pirates"),
    ("pledges", "ward=atlantis"),
    ("pledges", "q=" + "x" * 101),
    ("pledge-counts", "dimension=colour"),
    ("charter-signatories", "version=abc"),
    ("charter-signatories", "version=999"),
    ("charter-signatories", "size=giant"),
    ("charter-signatories", "role=king"),
    ("city-figures", "indicator=unknown-indicator"),
    ("contract-figures", "financial_year=2024"),
    ("contract-figures", "category=spaceships"),
    ("return-totals", "quarter=2024-02-01"),
    ("return-totals", "quarter=not-a-date"),
    ("return-totals", "indicator=not a slug!"),
    ("case-studies", "quality=charm"),
    ("case-studies", "outcome=%F0%9F%98%80"),
    ("guides", "audience=martians"),
    ("guides", "stage=-1"),
    ("guides", "kind=[]"),
]


@pytest.mark.parametrize(("name", "query"), BAD_FILTERS)
def test_a_bad_filter_value_is_a_clear_400(name, query, client):
    response = client.get(url(name, f"?{query}"))
    assert response.status_code == 400, response.content
    parameter = query.split("=")[0]
    assert parameter in response.json()


def test_a_bad_filter_in_csv_says_what_is_wrong_in_csv(client):
    response = client.get(url("guides", "?format=csv&audience=martians"))
    assert response.status_code == 400
    assert rows_of(response)[0] == ["field", "message"]
    assert rows_of(response)[1][0] == "audience"


def test_good_filters_filter_as_the_pages_do(data, client):
    resident = client.get(url("pledges", "?sector=resident")).json()
    assert {row["pledger_kind"] for row in resident["results"]} == {"resident"}
    assert resident["count"] == 2
    # Every pledge made here serves People's outcomes, none Planet's.
    assert client.get(url("pledges", "?theme=people")).json()["count"] == 4
    assert client.get(url("pledges", "?theme=planet")).json()["count"] == 0
    assert client.get(url("guides", "?audience=providers")).json()["count"] >= 2
    ward = client.get(url("pledge-counts", "?dimension=ward")).json()["results"]
    assert {row["dimension"] for row in ward} == {"ward"}


def test_a_residents_pledge_shows_only_the_display_name_they_chose(data, client):
    rows = client.get(url("pledges", "?sector=resident")).json()["results"]
    assert sorted(row["pledged_by"] for row in rows) == ["Resident 0", "Resident 1"]
    assert all(row["organisation"] is None for row in rows)


def test_pledges_carry_commitments_and_progress_but_not_who_wrote_it(data, client):
    pledge = next(
        row
        for row in client.get(url("pledges", "?sector=community_group")).json()["results"]
        if row["commitments"][0]["updates"]
    )
    assert len(pledge["commitments"]) == 2
    update = pledge["commitments"][0]["updates"][0]
    assert set(update) == {"text", "figure", "marks_done", "created_at"}
    assert pledge["supporters"] == 1
    assert pledge["themes"] == ["people"]


def test_csv_cells_that_would_run_as_formulae_are_escaped(data, client):
    rows = rows_of(client.get(url("pledges", "?format=csv&page_size=500")))
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in titles
    assert not any(title.startswith("=") for title in titles)


def test_pledge_counts_count_each_published_pledge_once_per_dimension(data, client):
    rows = client.get(url("pledge-counts", "?page_size=500")).json()["results"]
    by = {(row["dimension"], row["key"]): row["pledges"] for row in rows}
    assert by[("sector", "resident")] == 2
    assert by[("sector", "community_group")] == 2
    assert by[("theme", "people")] == 4
    assert sum(n for (dimension, _k), n in by.items() if dimension == "ward") == 4


def test_contract_figures_withhold_a_lone_providers_private_contract(data, client):
    rows = client.get(url("contract-figures")).json()["results"]
    works = [row for row in rows if row["category"] == "works"]
    services = [row for row in rows if row["category"] == "services" and row["contracts"]]
    assert works and all(row["withheld"] for row in works)
    assert all(row["value"] is None and row["local_value"] is None for row in works)
    assert "777777" not in client.get(url("contract-figures", "?format=csv")).content.decode()
    # Six contracts from six providers in services: published, with the local share.
    assert services[0]["withheld"] is False
    assert services[0]["contracts"] == 6
    assert services[0]["value"] == "600006.00"
    assert services[0]["local_value"] == "400006.00"
    assert services[0]["local_share_percent"] == "66.7"


def test_a_public_contract_is_published_even_alone(data, client):
    from measures.models import Contract

    Contract.objects.filter(value=777777).update(is_public=True)
    rows = client.get(url("contract-figures", "?category=works")).json()["results"]
    started = next(row for row in rows if row["contracts"])
    assert started["withheld"] is False
    assert started["value"] == "1555554.00"


def test_return_totals_count_approved_figures_only(data, client):
    rows = client.get(url("return-totals")).json()["results"]
    assert [(row["indicator"], row["organisations"], row["total"]) for row in rows] == [
        ("people-volunteering", 6, "30.00")
    ]


def test_return_totals_withhold_a_total_from_fewer_than_three_organisations(client):
    from measures.models import Return

    from ..accounts.factories import OrganisationFactory
    from ..measures import factories as m

    for _ in range(2):
        m.make_return(
            OrganisationFactory(),
            m.quarters_ago(1),
            status=Return.Status.APPROVED,
            values={"waste-recycled": "4"},
        )
    (row,) = client.get(url("return-totals")).json()["results"]
    assert (row["organisations"], row["total"], row["withheld"]) == (2, None, True)


def test_pages_link_to_the_next_in_the_body_and_a_link_header(data, client):
    response = client.get(url("outcomes", "?page_size=5"))
    body = response.json()
    assert body["count"] == 11 and len(body["results"]) == 5
    assert body["next"].endswith("/api/v1/outcomes/?page=2&page_size=5")
    assert response["Link"] == f'<{body["next"]}>; rel="next"'
    assert client.get(url("outcomes", "?page=99")).status_code == 404


def test_the_documentation_page_describes_every_list_and_the_licence(client):
    response = client.get("/api/")
    page = response.content.decode()
    assert response.status_code == 200
    for view in LISTS:
        assert f'id="{view.resource.name}"' in page
        for column in view.resource.columns:
            assert f"<code>{column.name}</code>" in page
    assert OGL_NAME in page
    assert "?format=csv" in page


def test_staff_can_set_another_licence_that_the_page_shows(client):
    from api.models import OpenDataLicence

    licence = OpenDataLicence.objects.get()
    licence.name = "Creative Commons Attribution 4.0"
    licence.identifier = "CC-BY-4.0"
    licence.save()
    page = client.get("/api/").content.decode()
    assert "Creative Commons Attribution 4.0" in page
    assert OGL_NAME not in page.split('id="licence"')[1].split("</section>")[0]
