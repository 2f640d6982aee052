"""Generating a progress report: its figures, the swap that replaces the last run, the
mail (once), the beat schedule, and a worker that dies midway."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import Organisation
from core.models import OutboxEmail
from reporting import services
from reporting.models import ProgressReport
from reporting.reports import render
from reporting.tasks import (
    report_generate_task,
    reports_resume_task,
    schedule_monthly_task,
    schedule_quarterly_task,
)

from ..accounts.factories import OrganisationFactory, admin_of, member_of
from ..measures.factories import make_lm3
from ..pledges.factories import make_pledge
from ..tasks import run_twice
from .reports_data import city_activity, last_month, last_quarter, ready_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class WorkerKilled(BaseException):
    """What the OOM killer or a lost node looks like from inside: nothing catches it."""


def _headline(report, key):
    return next(h for h in report.summary["headlines"] if h["key"] == key)


def _section(report, key):
    return next(s for s in report.figures["sections"] if s["key"] == key)


def _report_mail():
    return OutboxEmail.objects.filter(subject__contains="progress report")


def test_the_city_report_counts_the_month(users, django_capture_on_commit_callbacks):
    city_activity(organisations=2)
    with django_capture_on_commit_callbacks(execute=True):
        report, asked = services.report_request(scope="city", period=last_month())
    assert asked
    report.refresh_from_db()
    assert report.status == "ready"
    assert report.progress == 100
    assert _headline(report, "pledges_made")["v"] == "2"
    assert _headline(report, "pledges_approved")["v"] == "2"
    assert _headline(report, "signatories_new")["v"] == "1"
    # Two contracts of £100,000, both with providers in Salford wards.
    assert _headline(report, "local_spend_share")["t"] == "100%"
    # 2 x 5 people confirmed x £10 less 20% deadweight = £80: an estimate, with working.
    assert _headline(report, "social_value_delivered")["t"] == "£80 (estimate)"
    notes = " ".join(_section(report, "contracts")["notes"])
    assert "less 20% deadweight" in notes and "= £80" in notes
    outcome_1 = _section(report, "outcomes")["rows"][0]["cells"]
    assert Decimal(outcome_1[2]["v"]) == Decimal("47500")
    assert default_storage.exists(report.pdf.name)


def test_the_change_against_the_previous_month_is_shown(users):
    period = last_month()
    city_activity(organisations=1, period=period.previous())
    city_activity(organisations=3, period=period)
    report = ready_report(scope="city", period=period)
    made = _section(report, "pledges")["rows"][0]["cells"]
    assert [c["t"] for c in made[1:]] == ["3", "1", "+2"]


def test_an_organisations_report_says_when_it_has_too_few_peers(org_a):
    make_pledge(status="approved", organisation=org_a)
    make_lm3(org_a)
    report = ready_report(scope="organisation", organisation=org_a)
    assert _headline(report, "pledges_live")["v"] == "1"
    # (100,000 + 50,000 + 30,000 x 40% + 20,000 x 50%) / 100,000
    assert _headline(report, "lm3")["t"] == "1.72"
    peers = _section(report, "peers")
    lm3_row = peers["rows"][-1]["cells"]
    assert lm3_row[2]["t"] == "\u2013" and lm3_row[3]["v"] == "0"
    assert any("fewer than 5" in note for note in peers["notes"])


def test_an_organisation_with_five_peers_sees_their_median(org_a):
    make_lm3(org_a)
    for i, income in enumerate(["100000", "200000", "100000", "300000", "100000"]):
        make_lm3(OrganisationFactory(sector=org_a.sector, name=f"Peer {i}"), income=income)
    report = ready_report(scope="organisation", organisation=org_a)
    lm3_row = _section(report, "peers")["rows"][-1]["cells"]
    assert lm3_row[3]["v"] == "5"
    assert lm3_row[2]["t"] != "\u2013"


def test_mail_goes_to_staff_and_commissioners_once_with_a_link_not_the_file(
    users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.report_request(scope="city", period=last_month())
    run_twice(
        report_generate_task, django_capture_on_commit_callbacks, report.pk, str(report.run_token)
    )
    sent = list(_report_mail())
    assert len(sent) == 1
    assert sent[0].to == ["commissioner@example.org", "staff@example.org"]
    assert f"/measures/reports/{report.pk}/" in sent[0].body
    assert "Pledges made this month: 0" in sent[0].body


def test_an_organisations_report_is_mailed_to_its_admins_only(org_a, users):
    report = ready_report(scope="organisation", organisation=org_a)
    sent = list(_report_mail())
    assert [m.to for m in sent] == [["admin.a@example.org"]]
    assert report.organisation.name in sent[0].subject


def test_the_beat_task_run_twice_makes_one_report_and_one_mail(
    users, django_capture_on_commit_callbacks
):
    assert run_twice(schedule_monthly_task, django_capture_on_commit_callbacks) == (True, False)
    assert ProgressReport.objects.count() == 1
    report = ProgressReport.objects.get()
    assert (report.status, report.period_start) == ("ready", last_month().start)
    assert _report_mail().count() == 1


def test_generating_again_replaces_the_report_and_its_pdf(
    users, org_a, django_capture_on_commit_callbacks
):
    first = ready_report(scope="city")
    old_pdf = first.pdf.name
    make_pledge(status="approved", organisation=org_a, submitted_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        second = ready_report(scope="city")
    assert second.pk == first.pk
    assert ProgressReport.objects.count() == 1
    assert second.pdf.name != old_pdf
    assert default_storage.exists(second.pdf.name)
    assert not default_storage.exists(old_pdf)
    assert second.generated_at > first.generated_at


def test_a_run_replaced_by_a_newer_request_does_nothing(users):
    report, _ = services.report_request(scope="city", period=last_month())
    old_token = str(report.run_token)
    report, _ = services.report_request(scope="city", period=last_month())
    assert services.report_generate(report_id=report.pk, token=old_token) == "superseded"
    report.refresh_from_db()
    assert (report.status, report.generated_at) == ("pending", None)
    assert services.report_generate(report_id=report.pk, token=str(report.run_token)) == "ready"
    assert services.report_generate(report_id=report.pk, token=str(report.run_token)) == "done"


def test_a_worker_killed_while_building_leaves_no_half_report(
    users, client_for, monkeypatch, tmp_path
):
    report, _ = services.report_request(scope="city", period=last_month())
    token = str(report.run_token)

    def killed(_report):
        raise WorkerKilled

    monkeypatch.setattr(render, "pdf_bytes", killed)
    with pytest.raises(WorkerKilled):
        services.report_generate(report_id=report.pk, token=token)
    report.refresh_from_db()
    assert report.status == "running"
    assert not report.has_figures and report.figures == {} and not report.pdf.name
    assert list(tmp_path.rglob("*.pdf")) == []
    staff = client_for("staff")
    page = staff.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="report-progress"' in page and "report-headlines" not in page
    assert staff.get(f"/measures/reports/{report.pk}.pdf").status_code == 404
    assert staff.get(f"/measures/reports/{report.pk}.csv").status_code == 404
    # The task is delivered again (acks_late) with the same token, and finishes.
    monkeypatch.undo()
    assert services.report_generate(report_id=report.pk, token=token) == "ready"
    assert ProgressReport.objects.count() == 1
    assert _report_mail().count() == 1


def test_a_worker_killed_while_regenerating_keeps_the_last_report_whole(users, monkeypatch):
    before = ready_report(scope="city")
    report, _ = services.report_request(scope="city", period=last_month())

    def killed(*args, **kwargs):
        raise WorkerKilled

    # Dies inside the final transaction, after the new PDF was written: rolled back.
    monkeypatch.setattr(services, "_mail", killed)
    with pytest.raises(WorkerKilled):
        services.report_generate(report_id=report.pk, token=str(report.run_token))
    report.refresh_from_db()
    assert report.figures == before.figures
    assert report.pdf.name == before.pdf.name and default_storage.exists(before.pdf.name)
    assert report.generated_at == before.generated_at
    assert len(default_storage.listdir(f"reports/{report.period_start:%Y}")[1]) == 1


def test_a_report_that_cannot_be_built_is_marked_failed(users, monkeypatch):
    report, _ = services.report_request(scope="city", period=last_month())

    def broken(_report):
        raise ValueError("no fonts")

    monkeypatch.setattr(render, "pdf_bytes", broken)
    assert services.report_generate(report_id=report.pk, token=str(report.run_token)) == "failed"
    report.refresh_from_db()
    assert (report.status, report.message) == ("failed", "ValueError: no fonts")
    # Beat asks for a failed report again.
    monkeypatch.undo()
    again, asked = services.report_request(scope="city", period=last_month(), only_if_missing=True)
    assert asked and again.pk == report.pk and again.status == "pending"


def test_runs_nobody_finished_are_enqueued_again(users, django_capture_on_commit_callbacks):
    report, _ = services.report_request(scope="city", period=last_month())  # never enqueued
    ProgressReport.objects.filter(pk=report.pk).update(
        requested_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_resume_task.delay().get() == 1
    report.refresh_from_db()
    assert report.status == "ready"
    assert reports_resume_task.delay().get() == 0


def test_quarterly_reports_fan_out_to_verified_organisations_once(
    org_a, org_b, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(pk=org_a.pk).update(verified_at=timezone.now())
    OrganisationFactory(name="Not verified", verified_at=None)
    admin_of(org_a, email="boss.a@example.org")
    member_of(org_b, email="b2@example.org")
    first, second = run_twice(schedule_quarterly_task, django_capture_on_commit_callbacks)
    verified = Organisation.objects.filter(verified_at__isnull=False).count()
    assert first == second == verified
    reports = ProgressReport.objects.filter(scope="organisation")
    assert reports.count() == verified
    assert set(reports.values_list("status", "period_start").distinct()) == {
        ("ready", last_quarter().start)
    }
    assert [m.to for m in _report_mail() if "boss.a@example.org" in m.to] == [
        ["boss.a@example.org"]
    ]


@pytest.mark.parametrize(
    ("scope", "organisation", "day", "message"),
    [
        ("city", None, datetime.date(2999, 1, 1), "period that has begun"),
        ("organisation", None, datetime.date(2025, 1, 1), "Choose the organisation"),
        ("nowhere", None, datetime.date(2025, 1, 1), "Choose the city or an organisation"),
    ],
)
def test_refused_requests(scope, organisation, day, message):
    from core.errors import DomainError

    with pytest.raises(DomainError, match=message):
        services.report_request(
            scope=scope,
            organisation=organisation,
            period=services.report_period(scope=scope, day=day),
        )
    assert not ProgressReport.objects.exists()
