"""Uploaded files in an S3-compatible object store, as on more than one machine.

moto's S3 server runs in this process on 127.0.0.1 and a free port; each test gets a
bucket of its own and points ``STORAGES["default"]`` at it, as the environment
variables do in production (``salford_sv/settings/base.py``). The real upload paths then
run end to end, through their views and their Celery task, and each object is looked for
in the bucket and read back through the portal. Local disk (``MEDIA_ROOT``) is left
empty throughout: nothing reads or writes an upload by its path.

Nothing may leave the machine: the credentials are dummies, the endpoint is loopback,
and every socket this process opens while a test runs is refused unless it is to a
loopback address.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.test import Client
from moto.server import ThreadedMotoServer

from measures.models import CityFigure, ImportJob, Indicator, Outcome
from measures.services import imports as import_service
from pledges.models import Pledge, ProgressUpdate
from salford_sv.storage import UploadStorage
from toolkit.models import CaseStudy

from .pledges.factories import CommitmentFactory, make_pledge
from .toolkit.case_study_factories import png_bytes

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
REGION = "eu-west-2"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# ---------------------------------------------------------------------------
# The stand-in store
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on loopback and a port the system chooses."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def configured_store(s3_endpoint) -> dict:
    """``STORAGES["default"]`` as the production settings build it from these variables."""
    return _production_storage(
        AWS_STORAGE_BUCKET_NAME="salford-sv-media",
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_S3_ADDRESSING_STYLE="path",
    )


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return True  # a Unix socket's path
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a name: it would need a look-up, refused


@pytest.fixture
def loopback_only(monkeypatch):
    """Any connection this process opens to an address off 127.0.0.1 (or ::1) fails
    the test: the object store, PostgreSQL and Redis are all on this machine."""
    refused: list = []
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guard(method):
        def wrapper(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
                refused.append(address)
                raise ConnectionRefusedError(f"off this machine: {address!r}")
            return method(self, address)

        return wrapper

    monkeypatch.setattr(socket.socket, "connect", guard(connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guard(connect_ex))
    yield
    assert refused == [], f"tried to reach {refused}"


@pytest.fixture
def bucket(s3_endpoint, configured_store, settings, monkeypatch, tmp_path, loopback_only):
    """A fresh bucket, the site's uploads pointed at it, and a boto3 client to look in it."""
    # Dummy credentials; no instance-metadata look-up, no proxy, no ~/.aws.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    name = f"salford-sv-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.MEDIA_ROOT = tmp_path / "media"
    # The store as the production settings build it from the environment.
    configured = configured_store
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**configured, "OPTIONS": {**configured["OPTIONS"], "bucket_name": name}},
    }
    yield Bucket(client, name)
    # Nothing went to local disk on the way.
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))


class Bucket:
    def __init__(self, client, name: str):
        self.client, self.name = client, name

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def content_type(self, key: str) -> str:
        return self.client.head_object(Bucket=self.name, Key=key)["ContentType"]

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.name, Key=key)


# ---------------------------------------------------------------------------
# Progress evidence
# ---------------------------------------------------------------------------


def test_progress_evidence_is_kept_in_the_bucket_and_downloaded_from_it(
    bucket, client_for, org_a, users
):
    assert isinstance(storages["default"], UploadStorage)
    pledge = make_pledge(
        status=Pledge.Status.APPROVED, organisation=org_a, pledger=users["member_a"], commitments=0
    )
    commitment = CommitmentFactory(pledge=pledge, target_value=10, target_unit="volunteers")
    member = client_for("member_a")

    response = member.post(
        f"/pledges/{pledge.pk}/commitments/{commitment.pk}/progress/",
        {
            "text": "Receipts for the lunch club.",
            "evidence": SimpleUploadedFile("receipts.pdf", PDF),
        },
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    key = f"evidence/{pledge.pk}/receipts.pdf"
    assert update.evidence.name == key
    assert bucket.keys() == [key]
    assert bucket.read(key) == PDF
    assert bucket.content_type(key) == "application/pdf"

    # A second file of the same name keeps both, as on local disk; the type an object
    # is served with follows its checked extension, not what the browser declared.
    member.post(
        f"/pledges/{pledge.pk}/commitments/{commitment.pk}/progress/",
        {
            "text": "More receipts.",
            "evidence": SimpleUploadedFile("receipts.pdf", PDF + b"2", content_type="text/html"),
        },
    )
    (second,) = set(bucket.keys()) - {key}
    assert re.fullmatch(rf"evidence/{pledge.pk}/receipts_\w+\.pdf", second)
    assert bucket.read(key) == PDF
    assert bucket.content_type(second) == "application/pdf"

    # Anyone may download the evidence of a public pledge: streamed from the bucket.
    url = f"/pledges/{pledge.pk}/updates/{update.pk}/evidence/"
    download = client_for("anonymous").get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="receipts.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Length"] == str(len(PDF))
    assert b"".join(download.streaming_content) == PDF

    # An object gone from the store is a 404, not a 500.
    bucket.delete(key)
    assert client_for("anonymous").get(url).status_code == 404


# ---------------------------------------------------------------------------
# Case-study images
# ---------------------------------------------------------------------------


def _case_study_form(**overrides) -> dict:
    return {
        "title": "How our café became a hub",
        "summary": "A small café on the estate became the place where neighbours meet.",
        "story": "We started with **one table**.",
        "sector": "community_group",
        "shows_values": "on",
        "outcomes": [str(Outcome.objects.get(number=1).pk)],
        **overrides,
    }


def test_a_case_study_image_is_kept_in_the_bucket_shown_and_replaced(
    bucket, client_for, org_a, users, django_capture_on_commit_callbacks
):
    member = client_for("member_a")

    response = member.post(
        "/toolkit/case-studies/new/",
        _case_study_form(
            image=SimpleUploadedFile("Café photo.png", png_bytes()), image_alt="Lunch club"
        ),
    )

    assert response.status_code == 302
    case_study = CaseStudy.objects.get()
    (key,) = bucket.keys()
    assert re.fullmatch(rf"case-studies/{org_a.pk}/[0-9a-f]{{32}}\.png", key)
    assert case_study.image.name == key
    assert bucket.read(key) == png_bytes()

    # Its author sees the draft's image, read back from the bucket; nobody else does.
    image_url = f"/toolkit/case-studies/{case_study.pk}/image/"
    image = member.get(image_url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == png_bytes()
    assert client_for("anonymous").get(image_url).status_code == 404

    # A new image replaces the old one, which is deleted from the bucket once the
    # change is committed.
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(
            f"/toolkit/case-studies/{case_study.pk}/edit/",
            _case_study_form(image=SimpleUploadedFile("new.jpg", jpeg), image_alt="Lunch club"),
        )
    assert response.status_code == 302
    case_study.refresh_from_db()
    (new_key,) = bucket.keys()
    assert new_key != key and new_key == case_study.image.name
    assert b"".join(member.get(image_url).streaming_content) == jpeg


# ---------------------------------------------------------------------------
# Spreadsheet imports, run by their Celery task
# ---------------------------------------------------------------------------


def _figures_csv(rows: int) -> bytes:
    """``rows`` distinct city figures, one indicator a day since 1990."""
    slugs = list(Indicator.objects.order_by("pk").values_list("slug", flat=True))
    first = datetime.date(1990, 1, 1)
    lines = ["indicator,indicator_name,unit,period_start,period_end,value,source,note"]
    for n in range(rows):
        day = (first + datetime.timedelta(days=n // len(slugs))).isoformat()
        lines.append(f"{slugs[n % len(slugs)]},,,{day},{day},{n},Generated,")
    return ("\n".join(lines) + "\n").encode()


def test_an_import_is_kept_in_the_bucket_and_read_from_it_by_its_celery_task(
    bucket, client_for, django_capture_on_commit_callbacks
):
    rows = 3000
    content = _figures_csv(rows)
    assert len(content) > import_service.RUN_NOW_MAX_BYTES  # so it goes to a worker
    staff = client_for("staff")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff.post(
            "/measures/figures/upload/",
            {"file": SimpleUploadedFile("figures.csv", content, content_type="text/csv")},
        )

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.total_rows) == (ImportJob.Status.PENDING, rows)
    (key,) = bucket.keys()
    assert re.fullmatch(r"imports/\d{4}/\d{2}/city_figures\.csv", key)
    assert bucket.read(key) == content

    # The commit hands it to Celery (eager here): the task opens it from the bucket.
    for callback in callbacks:
        callback()

    job.refresh_from_db()
    assert (job.status, job.saved_rows, job.problem_count) == (ImportJob.Status.DONE, rows, 0)
    assert CityFigure.objects.count() == rows
    # Done with, the file is deleted from the bucket.
    assert bucket.keys() == []
    # What it said is the portal's now: in the figures' download.
    download = b"".join(staff.get("/measures/figures.csv").streaming_content).decode()
    assert download.count("\n") >= rows
    assert ",Generated," in download


# ---------------------------------------------------------------------------
# The store down
# ---------------------------------------------------------------------------


@pytest.fixture
def store_down(configured_store, settings, tmp_path, loopback_only):
    """The uploads pointed at a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MEDIA_ROOT = tmp_path / "media"
    options = {**configured_store["OPTIONS"], "endpoint_url": f"http://127.0.0.1:{port}"}
    settings.STORAGES = {**settings.STORAGES, "default": {**configured_store, "OPTIONS": options}}


def test_with_the_store_down_nothing_is_half_saved_and_pages_without_files_work(
    store_down, users, org_a
):
    pledge = make_pledge(
        status=Pledge.Status.APPROVED, organisation=org_a, pledger=users["member_a"], commitments=0
    )
    commitment = CommitmentFactory(pledge=pledge, target_value=10, target_unit="volunteers")
    member = Client(raise_request_exception=False)
    member.force_login(users["member_a"])
    started = time.monotonic()

    response = member.post(
        f"/pledges/{pledge.pk}/commitments/{commitment.pk}/progress/",
        {"text": "Six more.", "figure": "6", "evidence": SimpleUploadedFile("r.pdf", PDF)},
    )

    # The site's own 500 page, soon, and nothing of the update kept.
    assert response.status_code == 500
    assert time.monotonic() - started < 15
    assert not ProgressUpdate.objects.exists()
    commitment.refresh_from_db()
    assert commitment.current_value == 0
    # What needs no file still works, an update without evidence too.
    assert Client().get(f"/pledges/{pledge.pk}/").status_code == 200
    response = member.post(
        f"/pledges/{pledge.pk}/commitments/{commitment.pk}/progress/",
        {"text": "Six more.", "figure": "6"},
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().figure == 6


# ---------------------------------------------------------------------------
# Every file field, whoever adds it, goes through the storage API
# ---------------------------------------------------------------------------


def test_every_file_field_uses_the_configured_storage(bucket):
    from django.apps import apps

    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
    ]
    assert {f"{f.model._meta.label}.{f.name}" for f in fields} >= {
        "pledges.ProgressUpdate.evidence",
        "toolkit.CaseStudy.image",
        "measures.ImportJob.file",
    }
    for field in fields:
        # The default storage (not a FileSystemStorage of its own), so the settings
        # choose where every upload goes.
        assert isinstance(field.storage, UploadStorage), field


# Code that would tie an upload to a local disk: a FieldFile's or a storage's ``.path``
# (the object store has none), or MEDIA_ROOT read directly.
LOCAL_PATH_USE = re.compile(
    r"\bMEDIA_ROOT\b|\b(storage|default_storage)\.path\(|"
    r"\.(file|evidence|image|pdf|document|attachment|upload)\.path\b"
)


def test_no_code_opens_an_upload_by_its_local_path():
    ours = [
        path
        for path in BASE_DIR.rglob("*.py")
        if not {".venv", "node_modules", "tests", "migrations", "settings", "var"}
        & set(path.relative_to(BASE_DIR).parts)
    ]
    assert len(ours) > 50
    offending = [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}"
        for path in ours
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOCAL_PATH_USE.search(line)
    ]
    assert offending == []


# ---------------------------------------------------------------------------
# The environment chooses the store
# ---------------------------------------------------------------------------

# Only the variables given count: a developer's .env is not read.
PROBE = """
import json
import environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
from django.conf import settings
print(json.dumps(settings.STORAGES["default"]))
"""


def _production_storage(**variables: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="salford_sv.settings.production",
        DJANGO_SECRET_KEY="probe-only-not-secret",
        DJANGO_ALLOWED_HOSTS="socialvalue.example.org",
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_disk_is_the_default_and_a_bucket_name_chooses_s3(
    s3_endpoint, configured_store, loopback_only
):
    assert _production_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}

    assert configured_store["BACKEND"] == "salford_sv.storage.UploadStorage"
    options = configured_store["OPTIONS"]
    assert options["bucket_name"] == "salford-sv-media"
    assert (options["endpoint_url"], options["region_name"]) == (s3_endpoint, REGION)
    assert (options["access_key"], options["secret_key"]) == ("testing", "testing")
    # Private by default: signed links that soon expire, no ACL, nothing overwritten.
    assert (options["querystring_auth"], options["querystring_expire"]) == (True, 300)
    assert (options["location"], options["custom_domain"]) == ("", None)
    assert (options["default_acl"], options["file_overwrite"]) == (None, False)

    chosen = _production_storage(
        AWS_STORAGE_BUCKET_NAME="salford-sv-media",
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_LOCATION="uploads",
        AWS_QUERYSTRING_EXPIRE="120",
    )
    options = chosen["OPTIONS"]
    # No keys given: boto3 looks for them itself (a machine's role).
    assert (options["access_key"], options["secret_key"]) == (None, None)
    assert (options["location"], options["querystring_expire"]) == ("uploads", 120)

    # A working store: a signed, short-lived link on the endpoint, under the prefix.
    url = UploadStorage(**{**options, "access_key": "testing", "secret_key": "testing"}).url(
        "evidence/1/receipts.pdf"
    )
    assert url.startswith(f"{s3_endpoint}/salford-sv-media/uploads/evidence/1/receipts.pdf?")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=120" in url
