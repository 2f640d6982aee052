"""Spreadsheet uploads: every row checked (row, column, what is wrong), nothing saved
unless every row passes, large files in Celery with progress, memory bounded, and the
returns' download uploaded back unchanged."""

from __future__ import annotations

import csv
import datetime
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.errors import DomainError
from measures.models import CityFigure, ImportJob, ImportRow, Indicator, Return, ReturnEvent
from measures.services import import_job_create, import_job_run, import_job_start, imports_resume
from measures.services import imports as import_service

from .factories import make_city_figure, make_plan, make_return, quarters_ago

pytestmark = pytest.mark.django_db

D = Decimal
HEADER = "indicator,indicator_name,unit,period_start,period_end,value,source,note\n"


def upload(text: str, name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def run(kind, text, actor, organisation=None, name="figures.csv") -> ImportJob:
    job = import_job_create(
        kind=kind, upload=upload(text, name), actor=actor, organisation=organisation
    )
    import_job_start(job=job)
    job.refresh_from_db()
    return job


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def problems(job: ImportJob) -> list[tuple]:
    return [(p["row"], p["column"], p["problem"]) for p in job.problems]


# ---------------------------------------------------------------------------
# City figures
# ---------------------------------------------------------------------------


def test_a_valid_file_is_saved_and_an_existing_figure_corrected(users):
    existing = make_city_figure("waste-recycled", "30000")
    text = HEADER + (
        'people-volunteering,People volunteering,people,2023-04-01,2024-03-31,"47,120",'
        "CVS survey,\n"
        "waste-recycled,,,01/04/2023,31/03/2024,34612.5,Council waste data,'=not a formula\n"
        "income-inequality,,,2023-01-01,2023-12-31,-0.5,ONS,A change\n"
    )

    job = run(ImportJob.Kind.CITY_FIGURES, text, users["staff"])

    assert (job.status, job.saved_rows, job.problem_count) == (ImportJob.Status.DONE, 3, 0)
    existing.refresh_from_db()
    assert existing.value == D("34612.5")
    assert existing.note == "=not a formula"
    assert existing.entered_by == users["staff"]
    assert CityFigure.objects.get(indicator__slug="people-volunteering").value == D(47120)
    assert not ImportRow.objects.exists()
    assert not job.file


def test_bad_rows_are_each_reported_and_nothing_is_saved(users):
    before = CityFigure.objects.count()
    text = HEADER + (
        "people-volunteering,,,2023-04-01,2024-03-31,47000,CVS survey,\n"  # row 2: fine
        "no-such-thing,,,2023-04-01,2024-03-31,5,Somewhere,\n"  # row 3
        "waste-recycled,,,2023-04-01,2024-03-31,twelve,Council,\n"  # row 4
        "people-volunteering,,,2023-04-01,2024-03-31,46000,Another survey,\n"  # row 5: again
        "waste-recycled,,,2024-04-01,2024-03-31,5,Council,\n"  # row 6: ends first
        "waste-recycled,,,2024-04-01,2025-03-31,5,,\n"  # row 7: no source
        "waste-recycled,,,1 April,2025-03-31,5.123,Council,\n"  # row 8: two problems
    )

    job = run(ImportJob.Kind.CITY_FIGURES, text, users["staff"])

    assert job.status == ImportJob.Status.INVALID
    assert CityFigure.objects.count() == before
    found = problems(job)
    assert [(row, column) for row, column, _ in found] == [
        (3, "indicator"),
        (4, "value"),
        (5, "period_start"),
        (6, "period_end"),
        (7, "source"),
        (8, "period_start"),
        (8, "value"),
    ]
    messages = dict(((row, column), problem) for row, column, problem in found)
    assert "There is no indicator “no-such-thing”" in messages[(3, "indicator")]
    assert "this cell says “twelve”" in messages[(4, "value")]
    assert messages[(5, "period_start")] == (
        "Row 2 already gives this indicator’s figure for this period."
    )
    assert messages[(8, "value")] == "Use no more than two decimal places."
    assert job.problem_count == 7
    assert not ImportRow.objects.exists()


def test_an_empty_file_is_refused_before_it_is_kept(users):
    with pytest.raises(DomainError, match="The file is empty"):
        import_job_create(kind=ImportJob.Kind.CITY_FIGURES, upload=upload(""), actor=users["staff"])
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\n\n", "The file is empty: it has no header row and no figures."),
        (HEADER, "The file has a header row but no figures."),
        ("indicator,value\nwaste-recycled,5\n", "The column “period_start” is missing."),
        (
            HEADER.encode().decode() + "waste-recycled,,,2024-04-01,2025-03-31,5,C,x,extra\n",
            "This row has more cells than the header.",
        ),
    ],
)
def test_files_with_nothing_to_save_say_why(users, text, message):
    job = run(ImportJob.Kind.CITY_FIGURES, text, users["staff"])
    assert job.status == ImportJob.Status.INVALID
    assert message in [p["problem"] for p in job.problems]


def test_a_file_that_is_not_utf8_text_says_how_to_save_it(users):
    job = import_job_create(
        kind=ImportJob.Kind.CITY_FIGURES,
        upload=SimpleUploadedFile("f.csv", (HEADER + "caf\xe9,,,,,,,\n").encode("latin-1")),
        actor=users["staff"],
    )
    job = import_job_run(job_id=job.pk)
    assert job.status == ImportJob.Status.INVALID
    assert "CSV UTF-8" in job.problems[0]["problem"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [("figures.xlsx", b"PK\x03\x04", "not_csv"), ("figures.csv", b"PK\x00\x00", "binary")],
)
def test_what_cannot_be_a_csv_file_is_refused(users, name, content, code):
    with pytest.raises(DomainError) as refused:
        import_job_create(
            kind=ImportJob.Kind.CITY_FIGURES,
            upload=SimpleUploadedFile(name, content),
            actor=users["staff"],
        )
    assert refused.value.code == code


def _big_file(path, rows: int) -> None:
    """``rows`` distinct figures: twenty indicators, each over days since 1990."""
    slugs = list(Indicator.objects.order_by("pk").values_list("slug", flat=True))
    first = datetime.date(1990, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER.strip().split(","))
        for n in range(rows):
            day = (first + datetime.timedelta(days=n // len(slugs))).isoformat()
            writer.writerow([slugs[n % len(slugs)], "", "", day, day, n, "Generated", ""])


def test_a_100000_row_file_runs_in_celery_with_flat_memory(
    users, tmp_path, django_capture_on_commit_callbacks
):
    rows = 100_000
    path = tmp_path / "big.csv"
    _big_file(path, rows)
    with path.open("rb") as handle:
        big = SimpleUploadedFile("big.csv", handle.read(), content_type="text/csv")
    assert big.size > import_service.RUN_NOW_MAX_BYTES
    job = import_job_create(kind=ImportJob.Kind.CITY_FIGURES, upload=big, actor=users["staff"])
    del big
    assert job.total_rows == rows

    tracemalloc.start()
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            import_job_start(job=job)
            # Handed to a worker, not checked in the request.
            job.refresh_from_db()
            assert job.status == ImportJob.Status.PENDING
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.saved_rows) == (ImportJob.Status.DONE, rows, rows)
    assert CityFigure.objects.count() == rows
    # A 5 MB file of 100,000 rows read whole would take well over 100 MB as Python
    # objects; streamed and staged, the import holds a batch at a time.
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_running_a_job_again_does_nothing_and_a_dead_workers_job_is_taken_over(users):
    job = run(
        ImportJob.Kind.CITY_FIGURES,
        HEADER + "waste-recycled,,,2024-04-01,2025-03-31,5,Council,\n",
        users["staff"],
    )
    assert import_job_run(job_id=job.pk).status == ImportJob.Status.DONE
    assert CityFigure.objects.count() == 1

    busy = ImportJob.objects.create(
        kind=ImportJob.Kind.CITY_FIGURES,
        filename="x.csv",
        status=ImportJob.Status.RUNNING,
        updated_at=timezone.now(),
    )
    assert import_job_run(job_id=busy.pk).status == ImportJob.Status.RUNNING

    # A job whose worker went quiet long ago starts again (its file is gone: it fails
    # cleanly rather than hanging for ever).
    ImportJob.objects.filter(pk=busy.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert import_job_run(job_id=busy.pk).status == ImportJob.Status.FAILED


def test_jobs_whose_task_never_ran_are_resumed(users):
    job = import_job_create(
        kind=ImportJob.Kind.CITY_FIGURES,
        upload=upload(HEADER + "waste-recycled,,,2024-04-01,2025-03-31,5,Council,\n"),
        actor=users["staff"],
    )
    assert imports_resume() == 0  # too new: its own task may still be on its way
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    assert imports_resume() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE


# ---------------------------------------------------------------------------
# Returns, in exactly the download's format
# ---------------------------------------------------------------------------


def _download(client, org) -> list[dict]:
    response = client.get(f"/measures/organisations/{org.slug}/returns.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def reporting(org_a):
    make_plan(org_a, starts=quarters_ago(2))
    approved = make_return(
        org_a,
        quarters_ago(2),
        status=Return.Status.APPROVED,
        values={"people-volunteering": "30", "waste-recycled": "1.5"},
    )
    submitted = make_return(
        org_a, quarters_ago(1), status=Return.Status.SUBMITTED, values={"waste-recycled": "2"}
    )
    open_return = make_return(org_a, quarters_ago(0))
    return approved, submitted, open_return


def test_the_download_goes_back_up_with_the_open_return_filled_in(
    org_a, users, client_for, reporting
):
    approved, _submitted, open_return = reporting
    client = client_for("member_a")
    rows = _download(client, org_a)
    quarter = quarters_ago(0).code
    assert [(r["quarter"], r["indicator"], r["value"]) for r in rows] == [
        (quarter, "people-volunteering", ""),
        (quarter, "waste-recycled", ""),
        (quarters_ago(1).code, "waste-recycled", "2.00"),
        (quarters_ago(2).code, "people-volunteering", "30.00"),
        (quarters_ago(2).code, "waste-recycled", "1.50"),
    ]
    rows[0].update(value="41", evidence="=our sign-in sheets")
    rows[1].update(value="0.75")

    response = client.post(
        f"/measures/organisations/{org_a.slug}/returns/upload/",
        {"file": upload(_csv(rows), "returns.csv")},
    )

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/measures/imports/{job.pk}/"
    assert (job.status, job.saved_rows) == (ImportJob.Status.DONE, 2)
    assert dict(open_return.values.values_list("indicator__slug", "value")) == {
        "people-volunteering": D(41),
        "waste-recycled": D("0.75"),
    }
    assert open_return.values.get(indicator__slug="people-volunteering").evidence == (
        "=our sign-in sheets"
    )
    assert approved.values.get(indicator__slug="people-volunteering").value == D(30)
    assert open_return.events.get().action == ReturnEvent.Action.UPLOADED
    assert not approved.events.exists()


def test_a_changed_figure_of_a_submitted_return_is_refused(org_a, client_for, reporting):
    client = client_for("admin_a")
    rows = _download(client, org_a)
    rows[2]["value"] = "3"  # the submitted return's waste figure
    rows[0]["value"] = "5"  # and a good change, which must not be saved either

    client.post(
        f"/measures/organisations/{org_a.slug}/returns/upload/",
        {"file": upload(_csv(rows), "returns.csv")},
    )

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert problems(job) == [
        (
            4,
            "value",
            f"The return for {quarters_ago(1).short_label} is waiting for approval: its "
            "figures cannot change.",
        )
    ]
    assert not reporting[2].values.exists()


def test_returns_rows_are_checked(org_a, users, reporting):
    header = "quarter,quarter_name,indicator,indicator_name,unit,value,evidence,status\n"
    q = quarters_ago(0).code
    text = header + (
        "2024-05-01,,people-volunteering,,,1,x,\n"  # not a quarter's first day
        "2001-04-01,,people-volunteering,,,1,x,\n"  # no return for it
        f"{q},,gva-per-head,,,1,x,\n"  # the city's, not an organisation's
        f"{q},,people-volunteering,,,-4,x,\n"  # negative
        f"{q},,waste-recycled,,,1,x,\n"
        f"{q},,waste-recycled,,,2,x,\n"  # twice
    )

    job = run(ImportJob.Kind.RETURNS, text, users["member_a"], organisation=org_a)

    assert job.status == ImportJob.Status.INVALID
    assert [(row, column) for row, column, _ in problems(job)] == [
        (2, "quarter"),
        (3, "quarter"),
        (4, "indicator"),
        (5, "value"),
        (7, "indicator"),
    ]
    assert "does not start a quarter" in job.problems[0]["problem"]
    assert job.problems[1]["problem"] == "Your organisation has no return for Q1 2001/02."


def test_the_progress_page_and_its_status(org_a, client_for, users):
    job = run(
        ImportJob.Kind.RETURNS,
        "quarter,indicator,value,evidence\n2001-04-01,people-volunteering,1,x\n",
        users["member_a"],
        organisation=org_a,
    )
    client = client_for("member_a")

    page = client.get(f"/measures/imports/{job.pk}/")
    status = client.get(f"/measures/imports/{job.pk}/status.json").json()

    assert page.status_code == 200
    assert "Nothing was saved" in page.content.decode()
    assert "Your organisation has no return for Q1 2001/02." in page.content.decode()
    assert status == {
        "status": "invalid",
        "label": "Not saved: problems found",
        "percent": 100,
        "processed": 1,
        "total": 1,
        "finished": True,
    }


def test_a_running_job_shows_a_progress_bar_and_a_refresh_link(client_for, users):
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.CITY_FIGURES,
        created_by=users["staff"],
        filename="big.csv",
        status=ImportJob.Status.RUNNING,
        total_rows=1000,
        processed_rows=500,
    )
    content = client_for("staff").get(f"/measures/imports/{job.pk}/").content.decode()
    assert '<progress id="import-bar" max="100" value="45">' in content
    assert f'data-import-status="/measures/imports/{job.pk}/status.json"' in content
    assert "Refresh to see how far it has got" in content
    assert "measures/import_progress.js" in content
