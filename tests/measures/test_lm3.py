"""LM3: recorded through the form, explained in plain words, kept as history; bad input is
refused with a clear message that keeps what was typed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from html import unescape

import pytest

from core.errors import DomainError
from measures.models import LM3Survey
from measures.services import LM3Input, lm3_record

pytestmark = pytest.mark.django_db

D = Decimal


def figures(**changes) -> LM3Input:
    values = {
        "period_start": datetime.date(2023, 4, 1),
        "period_end": datetime.date(2024, 3, 31),
        "income": D(100000),
        "local_supplier_spend": D(30000),
        "local_staff_spend": D(20000),
        "supplier_respend_pct": D(40),
        "staff_respend_pct": D(50),
        "respend_basis": "survey",
        "respend_source": "Survey of 12 suppliers and 20 staff, May 2024",
    }
    values.update(changes)
    return LM3Input(**values)


def form_data(**changes) -> dict:
    return {key: str(value) for key, value in vars(figures()).items()} | {
        key: str(value) for key, value in changes.items()
    }


def test_recording_works_out_lm3_and_keeps_it(org_a, users):
    survey = lm3_record(organisation=org_a, actor=users["member_a"], figures=figures())

    assert (survey.round2, survey.round3, survey.lm3) == (D(50000), D(22000), D("1.7200"))
    assert survey.recorded_by == users["member_a"]


def test_recording_the_same_period_again_replaces_it(org_a, users):
    first = lm3_record(organisation=org_a, actor=users["member_a"], figures=figures())
    again = lm3_record(
        organisation=org_a, actor=users["admin_a"], figures=figures(local_staff_spend=D(0))
    )
    assert again.pk == first.pk
    assert LM3Survey.objects.get().lm3 == D("1.4200")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"local_supplier_spend": D(90000)}, "round2_over_round1"),
        ({"staff_respend_pct": D(120)}, "share_over_100"),
        ({"local_staff_spend": D(-10)}, "negative"),
        ({"income": D(0)}, "no_income"),
        ({"period_end": datetime.date(2023, 1, 1)}, "period_order"),
        ({"period_end": datetime.date(2999, 3, 31)}, "future"),
        ({"respend_source": "  "}, "no_source"),
    ],
)
def test_bad_figures_are_refused(org_a, users, changes, code):
    with pytest.raises(DomainError) as refused:
        lm3_record(organisation=org_a, actor=users["member_a"], figures=figures(**changes))
    assert refused.value.code == code


@pytest.mark.parametrize("who", ["member_b", "staff", "commissioner"])
def test_only_members_record_their_organisations_lm3(org_a, users, who):
    with pytest.raises(DomainError):
        lm3_record(organisation=org_a, actor=users[who], figures=figures())


def test_the_form_records_and_the_result_is_explained_in_plain_words(org_a, client_for):
    client = client_for("member_a")

    response = client.post(f"/measures/organisations/{org_a.slug}/lm3/", form_data())

    survey = LM3Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/measures/lm3/{survey.pk}/"
    page = unescape(client.get(response["Location"]).content.decode())
    assert "Every £1 you receive is worth £1.72 to Salford." in page
    assert "received £100,000. It spent £50,000 of it in Salford (50%)" in page
    assert "Those suppliers and staff spent £22,000 of" in page
    assert "So the £100,000 was worth £172,000 to Salford’s economy." in page
    assert "£172,000 ÷ £100,000 = 1.72" in page
    history = unescape(client.get(f"/measures/organisations/{org_a.slug}/lm3/").content.decode())
    assert "2023/24 financial year" in history


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"local_supplier_spend": "90000"},
            "local_supplier_spend",
            "What you spent in Salford (round 2) cannot be more than your income (round 1).",
        ),
        ({"staff_respend_pct": "101"}, "staff_respend_pct", "A share cannot be more than 100%."),
        ({"income": "-5"}, "income", "This cannot be negative."),
        ({"income": "lots"}, "income", "Enter a number, such as 120 or 4.5."),
    ],
)
def test_the_form_refuses_bad_input_clearly_and_keeps_it(
    org_a, client_for, changes, field, message
):
    response = client_for("admin_a").post(
        f"/measures/organisations/{org_a.slug}/lm3/", form_data(**changes)
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    page = unescape(response.content.decode())
    assert message in page
    assert f'value="{next(iter(changes.values()))}"' in page
    assert not LM3Survey.objects.exists()


def test_staff_read_an_organisations_lm3_but_do_not_record_it(org_a, client_for):
    client = client_for("staff")
    page = client.get(f"/measures/organisations/{org_a.slug}/lm3/")
    assert page.status_code == 200
    assert page.context["form"] is None
    assert client.post(f"/measures/organisations/{org_a.slug}/lm3/", form_data()).status_code == 403
