"""A report's three renderings: the PDF opens and carries the period and the headline
figures; the CSV has every figure, numbers as numbers, text that cannot run as a
formula; the page draws each chart as SVG beside its table."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from accounts.models import Organisation
from reporting.reports import render

from ..measures.factories import make_lm3
from ..pledges.factories import make_pledge
from .reports_data import city_activity, ready_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_city_pdf_opens_and_carries_the_period_and_headlines(users, client_for):
    city_activity(organisations=2)
    report = ready_report(scope="city")
    response = client_for("commissioner").get(f"/measures/reports/{report.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{report.file_stem}.pdf"' in response["Content-Disposition"]
    text = _pdf_text(response)
    assert report.period_label in text  # "November 2026", say
    assert "Salford: monthly progress report" in text
    for headline in report.summary["headlines"]:
        assert headline["label"] in text
    assert "Pledges made this month 2" in text
    assert "£80 (estimate)" in text
    assert "The eleven outcomes against their targets" in text


def test_an_organisations_pdf_names_it_and_its_quarter(org_a, client_for, users):
    make_pledge(status="approved", organisation=org_a)
    make_lm3(org_a)
    report = ready_report(scope="organisation", organisation=org_a)
    text = _pdf_text(client_for("member_a").get(f"/measures/reports/{report.pk}.pdf"))
    assert org_a.name in text
    assert report.period_label in text  # "Q2 2026/27", say
    assert "Latest LM3 1.72" in text


def test_the_csv_has_every_figure_and_escapes_formulae(org_a, client_for, users):
    Organisation.objects.filter(pk=org_a.pk).update(name="=HYPERLINK(1)")
    org_a.refresh_from_db()
    make_pledge(status="approved", organisation=org_a, title="=cmd|' /C calc'!A0")
    report = ready_report(scope="organisation", organisation=org_a)
    response = client_for("admin_a").get(f"/measures/reports/{report.pk}.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Section", "Figure", "Measure", "Value"]
    assert rows[1][1].startswith("'=HYPERLINK(1)")
    pledge_rows = [r for r in rows if r[0] == "Pledges' progress"]
    assert pledge_rows and all(r[1] == "'=cmd|' /C calc'!A0" for r in pledge_rows)
    assert ["Headlines", "Approved pledges", "Value", "1"] in rows
    # Every headline, every cell of every table but the row labels.
    cells = sum(len(s["rows"]) * (len(s["columns"]) - 1) for s in report.figures["sections"])
    assert len(rows) == 2 + len(report.figures["headlines"]) + cells


def test_the_page_draws_each_chart_beside_its_table(users, client_for):
    city_activity(organisations=1)
    report = ready_report(scope="city")
    html = client_for("staff").get(report.get_absolute_url()).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="report-chart"') == 2
    assert 'role="img" aria-labelledby="chart-outcomes-title"' in html
    assert (
        '<caption id="caption-outcomes">The eleven outcomes against their targets</caption>' in html
    )
    assert " style=" not in html.split('<main id="main"', 1)[1]  # CSP: no inline styles
    assert "(£, estimate)" in html


def test_the_chart_of_outcomes_marks_the_target_and_scales_overshoot():
    svg = render.charts.bar_chart(
        chart_id="c",
        title="Outcomes",
        bars=[("Up", render.Decimal("150"), "150%"), ("None yet", None, "\u2013")],
        scale_max=render.Decimal("100"),
        mark=render.Decimal("100"),
        mark_label="Target",
    )
    assert svg.count("<rect") == 2
    assert ">Target</text>" in svg and '<title id="c-title">Outcomes</title>' in svg
    assert 'width="0"' in svg  # no figure: an empty bar, its dash beside it
