"""Writing the bulk files: every list as a CSV, with a Frictionless ``datapackage.json``
describing them, in one dated ZIP under ``open-data/`` in the default storage."""

from __future__ import annotations

import datetime
import io
import json
import logging
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from core.csv import csv_lines

from .catalogue import LISTS
from .selectors import bulk_path, licence

logger = logging.getLogger(__name__)

DATAPACKAGE = "datapackage.json"


def datapackage(*, created: datetime.datetime) -> dict:
    """The Data Package descriptor of the bulk file: each CSV, its columns and licence."""
    chosen = licence()
    return {
        "name": "salford-social-value",
        "title": "Salford Social Value Alliance open data",
        "description": (
            "The alliance's public data: the 10% Better outcome framework, city figures, "
            "approved pledges, charter signatories, aggregated contract and return figures, "
            "case studies and guides. Documented at /api/ on the portal."
        ),
        "created": created.isoformat(timespec="seconds"),
        "licenses": [{"name": chosen.identifier, "path": chosen.url, "title": chosen.name}],
        "resources": [
            {
                "name": view.resource.name,
                "path": f"{view.resource.name}.csv",
                "title": view.resource.title,
                "description": view.resource.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": c.name, "type": c.type, "description": c.description}
                        for c in view.resource.columns
                    ]
                },
            }
            for view in LISTS
        ],
    }


def bulk_export_write(*, day: datetime.date | None = None) -> str:
    """Write the bulk file for ``day`` (today by default) and return its path. Safe to
    run twice: a day's file is written once, and a copy that a second worker raced to
    save is deleted again."""
    day = day or timezone.localdate()
    path = bulk_path(day)
    if default_storage.exists(path):
        return path
    buffer = io.BytesIO()
    outermost = not connection.in_atomic_block
    with transaction.atomic(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if outermost and connection.vendor == "postgresql":
            # One snapshot of the database for every file in the package.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for view in LISTS:
            text = "".join(csv_lines(view.resource.header, view.export_rows()))
            archive.writestr(f"{view.resource.name}.csv", text)
        descriptor = datapackage(created=timezone.now())
        archive.writestr(DATAPACKAGE, json.dumps(descriptor, indent=2, ensure_ascii=False))
    saved = default_storage.save(path, ContentFile(buffer.getvalue()))
    if saved != path:  # another worker saved the day's file first: keep one
        default_storage.delete(saved)
    logger.info("Wrote the open data bulk file %s", path)
    return path
