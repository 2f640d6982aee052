"""The nightly bulk files: a dated ZIP of every list as CSV with a valid Frictionless
datapackage.json, written once a day however often the task runs, served at stable
addresses."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from frictionless import Package

from api import tasks
from api.catalogue import LISTS
from api.selectors import BULK_DIR, bulk_days

from .factories import HIDDEN, populate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_task_twice_writes_one_file(media):
    first = tasks.bulk_export.delay().get()
    second = tasks.bulk_export.delay().get()
    assert first == second
    assert default_storage.listdir(BULK_DIR)[1] == [first.rsplit("/", 1)[-1]]
    assert bulk_days() == [datetime.date.fromisoformat(first[-14:-4])]


def test_the_zip_holds_every_list_and_a_valid_data_package(media):
    populate(1)
    path = tasks.bulk_export.delay().get()
    folder = media / "unzipped"
    with zipfile.ZipFile(media / path) as archive:
        names = set(archive.namelist())
        archive.extractall(folder)
        everything = b"".join(archive.read(name) for name in names).decode()
    assert names == {f"{view.resource.name}.csv" for view in LISTS} | {"datapackage.json"}
    assert HIDDEN not in everything and "@example.org" not in everything
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "OGL-UK-3.0"
    package = Package(str(folder / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])
    pledges = (folder / "pledges.csv").read_text().splitlines()
    assert len(pledges) == 1 + 2  # the header, the organisation's and the resident's


def test_the_latest_and_dated_addresses_serve_the_file(client, media):
    assert client.get("/api/v1/bulk/latest.zip").status_code == 404
    assert client.get("/api/v1/bulk/").json()["latest"] is None
    path = tasks.bulk_export.delay().get()
    day = path[-14:-4]
    latest = client.get("/api/v1/bulk/latest.zip")
    assert latest.status_code == 200
    assert latest["Content-Type"] == "application/zip"
    content = b"".join(latest.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    dated = client.get(f"/api/v1/bulk/{day}.zip")
    assert b"".join(dated.streaming_content) == content
    descriptor = client.get("/api/v1/bulk/latest/datapackage.json").json()
    assert [r["name"] for r in descriptor["resources"]] == [v.resource.name for v in LISTS]
    index = client.get("/api/v1/bulk/").json()
    assert index["latest"].endswith("/api/v1/bulk/latest.zip")
    assert index["files"] == [f"http://testserver/api/v1/bulk/{day}.zip"]
    assert client.get("/api/v1/bulk/1999-01-01.zip").status_code == 404
    assert client.get("/api/v1/bulk/yesterday.zip").status_code == 404


def test_a_second_worker_racing_to_save_leaves_one_file(media, monkeypatch):
    """Both found no file and built one: the second's copy is deleted again."""
    from api import services

    path = services.bulk_export_write()
    real_exists = default_storage.exists
    checks = []

    def exists(name: str) -> bool:
        # The service's own check misses the file; the storage's checks see it.
        checks.append(name)
        return len(checks) > 1 and real_exists(name)

    monkeypatch.setattr(services.default_storage, "exists", exists)
    assert services.bulk_export_write() == path
    assert len(checks) > 1  # it did build and save a second copy
    assert len(default_storage.listdir(BULK_DIR)[1]) == 1
