"""Two workers at once, on the suite's PostgreSQL: real threads, each with its own
connection, in transactional tests so each sees what the others commit."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from core.models import OutboxEmail
from reporting import services
from reporting.models import ProgressReport

from .reports_data import city_activity, last_month


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    """Requests commit at once here, and eager tasks would run inside them: the workers
    below are the threads, started by hand."""
    monkeypatch.setattr(services, "_enqueue", lambda report_id, token: None)


def together(*calls):
    """Run each call in a thread of its own, started at the same moment; their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except BaseException as error:  # reported to the test, not lost in the thread
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_same_task_make_one_report_and_one_mail(users, tmp_path):
    city_activity(organisations=1)
    report, _ = services.report_request(scope="city", period=last_month())
    token = str(report.run_token)
    results = together(
        lambda: services.report_generate(report_id=report.pk, token=token),
        lambda: services.report_generate(report_id=report.pk, token=token),
    )
    assert sorted(results) == ["done", "ready"]
    assert ProgressReport.objects.count() == 1
    report.refresh_from_db()
    assert report.status == "ready"
    assert OutboxEmail.objects.filter(subject__contains="progress report").count() == 1
    # The copy that lost the race was deleted: one PDF, the one the report points to.
    assert [p.name for p in tmp_path.rglob("*.pdf")] == [report.pdf.name.rsplit("/", 1)[1]]


@pytest.mark.django_db(transaction=True)
def test_two_beat_runs_at_once_ask_for_one_report(users):
    period = last_month()
    results = together(
        *[
            lambda: services.report_request(scope="city", period=period, only_if_missing=True)[1]
            for _ in range(3)
        ]
    )
    assert sorted(results) == [False, False, True]
    assert ProgressReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_staff_asking_while_a_worker_runs_get_the_newer_run_only(users):
    """A request made while a run is under way supersedes it: the first run's figures
    are thrown away, the second's are kept, and one mail goes out."""
    report, _ = services.report_request(scope="city", period=last_month())
    first = str(report.run_token)
    started = threading.Event()
    carry_on = threading.Event()
    real = services.report_figures

    def slow(report, step=None):
        started.set()
        carry_on.wait(timeout=60)
        return real(report, step)

    services.report_figures = slow
    try:
        outcome: list = []
        worker = threading.Thread(
            target=lambda: (
                outcome.append(services.report_generate(report_id=report.pk, token=first)),
                connections.close_all(),
            )
        )
        worker.start()
        assert started.wait(timeout=60)
        newer, _ = services.report_request(scope="city", period=last_month())
        carry_on.set()
        worker.join(timeout=120)
    finally:
        services.report_figures = real
    assert outcome == ["done"]
    newer.refresh_from_db()
    assert (newer.status, newer.generated_at) == ("pending", None)
    assert services.report_generate(report_id=newer.pk, token=str(newer.run_token)) == "ready"
    assert OutboxEmail.objects.filter(subject__contains="progress report").count() == 1
