"""The measures pages, as the people who use them would: what they show, and the forms
that change things (refusing bad input clearly and keeping what was typed)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from measures.calculations import Estimate, EstimateTotal
from measures.models import (
    CityFigure,
    CommitmentKind,
    Contract,
    Delivery,
    Indicator,
    Return,
)
from measures.periods import Quarter

from ..accounts.factories import OrganisationFactory
from .factories import (
    commissioner_organisation,
    indicator,
    make_city_figure,
    make_commitment,
    make_contract,
    make_delivery,
    make_plan,
    make_return,
    quarters_ago,
    salford_ward,
    with_proxy,
)

pytestmark = pytest.mark.django_db

D = Decimal
TIMES = "\N{MULTIPLICATION SIGN}"


def text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


# ---------------------------------------------------------------------------
# Every pound figure: labelled an estimate, with its working
# ---------------------------------------------------------------------------


def test_a_pound_figure_is_an_estimate_with_its_working_one_click_away():
    estimate = Estimate(
        quantity=D(120),
        proxy=D(1000),
        deadweight_pct=D(20),
        attribution_pct=D(10),
        unit="people",
        proxy_source="A published value bank",
        proxy_year=2023,
    )
    html = render_to_string("measures/includes/estimate.html", {"estimate": estimate})
    words = " ".join(unescape(html).split())

    assert "<strong>£86,400</strong>" in words
    assert ">estimate</span>" in words
    assert "<details" in html and "<summary>How this estimate is worked out</summary>" in html
    assert (
        f"120 people {TIMES} £1,000 each = £120,000 (proxy: A published value bank, 2023); "
        "less 20% deadweight (£24,000) leaves £96,000; "
        "less 10% attribution (£9,600) leaves £86,400."
    ) in words


def test_a_total_lists_the_working_of_each_part():
    parts = (
        Estimate(quantity=D(2), proxy=D(10), unit="people", label="Volunteers"),
        Estimate(quantity=D(3), proxy=D("1.50"), unit="tonnes", label="Recycling"),
    )
    html = render_to_string(
        "measures/includes/estimate.html",
        {"estimate": EstimateTotal(total=D("24.50"), lines=parts), "share": D(5), "of": "x"},
    )
    words = " ".join(unescape(html).split())
    assert "£24.50" in words and "(5% of x)" in words
    assert f"<strong>Volunteers</strong>: 2 people {TIMES} £10 each = £20" in words
    assert f"<strong>Recycling</strong>: 3 tonnes {TIMES} £1.50 each = £4.50" in words
    assert "Added up: £24.50." in words


def test_with_no_proxy_there_is_no_pound_figure_at_all():
    assert render_to_string("measures/includes/estimate.html", {"estimate": None}).strip() == ""
    html = render_to_string(
        "measures/includes/estimate.html", {"estimate": EstimateTotal(total=D(0))}
    )
    assert "£" not in html
    assert "no indicator here has a proxy value yet" in html


# ---------------------------------------------------------------------------
# Returns
# ---------------------------------------------------------------------------


def test_your_returns_lists_your_organisations_and_what_they_owe(org_a, client_for):
    make_plan(org_a)
    make_return(org_a, quarters_ago(2))  # overdue
    make_return(org_a, quarters_ago(1), status=Return.Status.APPROVED)

    page = text(client_for("member_a").get("/measures/returns/"))

    assert "Ordsall Community Café" in page
    assert re.search(r"Ordsall Community Café</a></th> <td><strong class=\"text-danger\">1<", page)


def test_a_resident_is_told_returns_are_made_by_organisations(client_for):
    page = text(client_for("resident").get("/measures/returns/"))
    assert "Returns are made by organisations, and you are not part of one" in page


def test_choosing_what_to_report_opens_the_returns(org_a, client_for):
    client = client_for("admin_a")
    page = client.get(f"/measures/organisations/{org_a.slug}/returns/indicators/")
    assert "People volunteering (people)" in text(page)
    assert "GVA" not in text(page)  # the city's figure, not an organisation's

    response = client.post(
        f"/measures/organisations/{org_a.slug}/returns/indicators/",
        {
            "indicators": [indicator("people-volunteering").pk, indicator("travel-co2").pk],
            "starts_on": quarters_ago(1).code,
        },
    )

    assert response.status_code == 302
    assert set(org_a.returns.values_list("period_start", flat=True)) == {
        quarters_ago(1).start,
        quarters_ago(0).start,
    }
    listing = text(client.get(f"/measures/organisations/{org_a.slug}/returns/"))
    assert "Travel CO2 emissions (tonnes CO2)" in listing
    assert quarters_ago(1).label in listing


def test_filling_in_and_submitting_a_return(org_a, client_for):
    make_plan(org_a)
    quarterly_return = make_return(org_a)
    volunteering, waste = indicator("people-volunteering"), indicator("waste-recycled")
    url = f"/measures/returns/{quarterly_return.pk}/"
    client = client_for("member_a")

    # Submitting with a figure missing: saved, not submitted, and told why.
    response = client.post(
        url,
        {
            f"value_{volunteering.pk}": "14",
            f"evidence_{volunteering.pk}": "Volunteer register",
            f"value_{waste.pk}": "",
            "action": "submit",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "Give a figure for each indicator you report (0 if there was none): Waste" in page
    assert "Your figures are saved; the return is not submitted yet." in page
    assert 'value="14"' in page
    quarterly_return.refresh_from_db()
    assert quarterly_return.status == Return.Status.DRAFT

    # A word where a number goes is refused, keeping the word.
    response = client.post(url, {f"value_{waste.pk}": "two", "action": "save"})
    assert "Waste recycled: Figure (tonnes): Enter a number, such as 120 or 4.5." in text(response)
    assert 'value="two"' in text(response)

    response = client.post(
        url,
        {
            f"value_{volunteering.pk}": "14",
            f"evidence_{volunteering.pk}": "Volunteer register",
            f"value_{waste.pk}": "0",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    quarterly_return.refresh_from_db()
    assert quarterly_return.status == Return.Status.SUBMITTED

    # Submitted, it is read, not edited, and posting to it is refused.
    page = text(client.get(url))
    assert "Waiting for approval" in page
    assert 'name="action"' not in page
    assert client.post(url, {"action": "save"}).status_code == 403


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("resident", 404),
        ("member_b", 404),
        ("commissioner", 404),
        ("staff", 403),
        ("member_a", 302),
        ("admin_a", 302),
    ],
)
def test_only_the_organisation_changes_its_return(org_a, client_for, role, status):
    """The matrix checks the page; this checks the form that changes it."""
    make_plan(org_a)
    quarterly_return = make_return(org_a)
    value = f"value_{indicator('people-volunteering').pk}"

    response = client_for(role).post(
        f"/measures/returns/{quarterly_return.pk}/", {value: "3", "action": "save"}
    )

    assert response.status_code == status
    saved = quarterly_return.values.exists()
    assert saved == (role in {"member_a", "admin_a"})


def test_a_returns_figures_in_pounds_show_their_working(org_a, client_for):
    with_proxy("people-volunteering", "50", deadweight="10")
    quarterly_return = make_return(
        org_a, status=Return.Status.APPROVED, values={"people-volunteering": "12"}
    )
    page = text(client_for("staff").get(f"/measures/returns/{quarterly_return.pk}/"))
    assert "£540" in page and "estimate" in page
    assert f"12 people {TIMES} £50 each = £600" in page


def test_staff_approve_a_return_from_its_review_page(org_a, client_for, users):
    make_return(
        org_a, quarters_ago(2), status=Return.Status.APPROVED, values={"waste-recycled": "7"}
    )
    submitted = make_return(
        org_a,
        quarters_ago(1),
        status=Return.Status.SUBMITTED,
        values={"waste-recycled": "9"},
        submitted_by=users["member_a"],
    )
    client = client_for("staff")
    url = f"/moderation/returns/{submitted.pk}/"

    page = text(client.get(url))
    assert "beside the last approved return" in page
    assert "9 tonnes" in page and "7 tonnes" in page

    refused = client.post(url, {"decision": "changes", "note": ""})
    assert refused.status_code == 200
    assert "Say why, or what needs to change" in text(refused)

    response = client.post(url, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == "/moderation/"
    submitted.refresh_from_db()
    assert submitted.status == Return.Status.APPROVED
    # Decided, it is no longer waiting: its review page is gone.
    assert client.get(url).status_code == 404


def test_the_moderation_queue_lists_returns_waiting(org_a, client_for, users):
    make_return(org_a, status=Return.Status.SUBMITTED, values={"waste-recycled": "9"})
    page = text(client_for("staff").get("/moderation/", {"kind": "returns"}))
    assert "Returns waiting for approval, oldest first (1)" in page
    assert quarters_ago(0).label in page


def test_who_has_not_reported(org_a, org_b, client_for):
    quarter = quarters_ago(1)
    for organisation in (org_a, org_b):
        make_plan(organisation, starts=quarters_ago(3))
    late = OrganisationFactory(name="Late Starters")
    make_plan(late, starts=quarters_ago(0))  # owes nothing for the quarter shown
    make_return(org_a, quarter, status=Return.Status.APPROVED, values={"waste-recycled": "4"})
    make_return(org_b, quarter)

    response = client_for("staff").get("/measures/returns/outstanding/", {"quarter": quarter.code})

    page = text(response)
    assert [o.name for o in response.context["page"].object_list] == ["Eccles Tool Library"]
    assert response.context["counts"] == {
        "expected": 2,
        "approved": 1,
        "waiting": 0,
        "outstanding": 1,
    }
    assert "Late Starters" not in page
    assert "Waste recycled</th><td>4 tonnes" in page.replace("</th> <td>", "</th><td>")


# ---------------------------------------------------------------------------
# City figures
# ---------------------------------------------------------------------------


def test_staff_add_and_correct_a_city_figure(client_for):
    client = client_for("staff")
    data = {
        "indicator": indicator("people-volunteering").pk,
        "period_start": "2023-04-01",
        "period_end": "2024-03-31",
        "value": "47,120",
        "source": "CVS survey 2024",
        "note": "",
    }
    response = client.post("/measures/figures/", data)
    assert response.status_code == 302
    figure = CityFigure.objects.get()
    assert figure.value == D(47120)

    again = client.post("/measures/figures/", data)
    assert "There is already a figure for People volunteering for this period" in text(again)

    response = client.post(f"/measures/figures/{figure.pk}/edit/", data | {"value": "47200"})
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.value == D(47200)
    page = text(client.get("/measures/figures/"))
    assert "47,200 people" in page and "2023/24 financial year" in page


def test_city_figures_download_in_the_upload_format(client_for):
    make_city_figure(value="47000")
    response = client_for("staff").get("/measures/figures.csv")
    body = b"".join(response.streaming_content).decode().splitlines()
    assert body[0] == "indicator,indicator_name,unit,period_start,period_end,value,source,note"
    assert body[1].startswith("people-volunteering,People volunteering,people,2023-04-01,")


# ---------------------------------------------------------------------------
# Contracts
# ---------------------------------------------------------------------------


@pytest.fixture
def council(users):
    return commissioner_organisation(users["commissioner"], name="Salford City Council")


def contract_form(provider: str, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "provider": provider,
        "title": "Community meals",
        "reference": "SCC-7",
        "category": "services",
        "value": "120000",
        "starts_on": (today - datetime.timedelta(days=30)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=335)).isoformat(),
        "social_value_weighting": "10",
        "commitment-TOTAL_FORMS": "3",
        "commitment-INITIAL_FORMS": "0",
        "commitment-MIN_NUM_FORMS": "0",
        "commitment-MAX_NUM_FORMS": "20",
    }
    return data | changes


def test_a_commissioner_records_a_contract_with_commitments(council, org_a, client_for):
    client = client_for("commissioner")
    due = (timezone.localdate() + datetime.timedelta(days=300)).isoformat()
    response = client.post(
        "/measures/contracts/new/",
        contract_form(
            "ordsall community cafe",  # the name as registered, however it is typed
            **{
                "commitment-0-kind": "core",
                "commitment-0-indicator": indicator("people-volunteering").pk,
                "commitment-0-promised": "40",
                "commitment-0-due_on": due,
            },
        ),
    )

    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/measures/contracts/{contract.pk}/"
    assert contract.provider == org_a
    assert contract.commitments.get().promised == D(40)


def test_the_contract_form_says_what_is_wrong_and_keeps_it(council, client_for):
    response = client_for("commissioner").post(
        "/measures/contracts/new/",
        contract_form(
            "Nobody Registered Ltd",
            **{"commitment-1-kind": "core", "commitment-1-promised": "lots"},
        ),
    )

    page = text(response)
    assert response.status_code == 200
    assert "No organisation called “Nobody Registered Ltd” is registered." in page
    assert "Commitment 2: Indicator: Choose what the commitment counts." in page
    assert "Commitment 2: Quantity promised: Enter a number, such as 120 or 4.5." in page
    assert 'value="Nobody Registered Ltd"' in page
    assert not Contract.objects.exists()


def test_a_contract_page_shows_the_register_for_it(council, org_a, client_for):
    with_proxy("people-volunteering", "100", deadweight="20", attribution="10")
    org_a.ward = salford_ward()
    org_a.save()
    contract = make_contract(
        council,
        org_a,
        value="60000",
        commitments=[(CommitmentKind.CORE, "people-volunteering", "50")],
    )
    make_delivery(contract.commitments.get(), quarters_ago(1), "30", Delivery.Status.CONFIRMED)

    page = text(client_for("admin_a").get(f"/measures/contracts/{contract.pk}/"))

    assert f"Salford provider ({org_a.ward.name})" in page
    assert "£3,600" in page and "(6% of the contract’s value)" in page
    assert "£2,160" in page and "(3.6% of the contract’s value)" in page
    assert f"30 people {TIMES} £100 each = £3,000" in page
    assert "60%" in page
    assert "Report what you delivered" in page
    assert "Change the contract" not in page


def test_the_provider_reports_and_the_commissioner_confirms_through_the_pages(
    council, org_a, client_for
):
    contract = make_contract(
        council, org_a, commitments=[(CommitmentKind.CORE, "waste-recycled", "12")]
    )
    commitment = contract.commitments.get()
    quarter = Quarter.containing(timezone.localdate())
    provider = client_for("member_a")

    form = provider.get(f"/measures/contracts/{contract.pk}/deliveries/")
    assert quarter.label in text(form)
    response = provider.post(
        f"/measures/contracts/{contract.pk}/deliveries/",
        {
            "quarter": quarter.code,
            f"quantity_{commitment.pk}": "3.5",
            f"note_{commitment.pk}": "Waste transfer notes",
        },
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()

    commissioner = client_for("commissioner")
    assert "Confirm or query" in text(commissioner.get(f"/measures/contracts/{contract.pk}/"))
    review = commissioner.get(f"/measures/deliveries/{delivery.pk}/")
    assert "3.5 tonnes" in text(review)
    response = commissioner.post(
        f"/measures/deliveries/{delivery.pk}/", {"decision": "approve", "note": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/measures/contracts/{contract.pk}/"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.CONFIRMED


def test_unpredicted_value_and_commitments_added_and_removed(council, org_a, client_for):
    contract = make_contract(council, org_a)
    spare = make_commitment(contract, CommitmentKind.ADDED, "waste-recycled", "3")

    response = client_for("admin_a").post(
        f"/measures/contracts/{contract.pk}/unpredicted/",
        {
            "quarter": Quarter.containing(timezone.localdate()).code,
            "indicator": indicator("unpaid-help-to-others").pk,
            "description": "Drivers helped at the food bank",
            "quantity": "16",
        },
    )
    assert response.status_code == 302
    assert contract.commitments.filter(kind=CommitmentKind.UNPREDICTED).exists()

    commissioner = client_for("commissioner")
    response = commissioner.post(
        f"/measures/contracts/{contract.pk}/commitments/new/",
        {
            "kind": "added",
            "indicator": indicator("valued-employment").pk,
            "promised": "2",
            "due_on": contract.ends_on.isoformat(),
        },
    )
    assert response.status_code == 302
    response = commissioner.post(
        f"/measures/contracts/{contract.pk}/commitments/{spare.pk}/remove/"
    )
    assert response.status_code == 302
    assert set(contract.commitments.values_list("indicator__slug", flat=True)) == {
        "unpaid-help-to-others",
        "valued-employment",
    }


def test_the_register_lists_only_your_organisations_contracts(council, org_a, org_b, client_for):
    mine = make_contract(council, org_a, title="Meals")
    make_contract(commissioner_organisation(None, name="Elsewhere"), org_b, title="Not ours")

    response = client_for("member_a").get("/measures/contracts/")

    assert list(response.context["page"].object_list) == [mine]
    assert "Not ours" not in text(response)
    staff = client_for("staff").get("/measures/contracts/")
    assert len(staff.context["page"].object_list) == 2


def test_the_register_says_how_to_take_part_to_people_in_no_organisation(client_for):
    response = client_for("resident").get("/measures/contracts/")
    assert response.status_code == 403
    assert "You are not part of an organisation yet" in text(response)


def test_every_indicator_shipped_has_a_unit_a_definition_and_no_proxy():
    shipped = Indicator.objects.all()
    assert shipped.count() == 20
    assert not shipped.filter(proxy_value__isnull=False).exists()
    assert all(i.unit and i.definition and i.source for i in shipped)
