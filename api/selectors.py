"""Reads for the open data pages: the licence, and the bulk files in storage."""

from __future__ import annotations

import datetime
import re

from django.core.files.storage import default_storage

from .models import OpenDataLicence

BULK_DIR = "open-data"
BULK_PREFIX = "salford-social-value-"
BULK_NAME = re.compile(rf"^{BULK_PREFIX}(\d{{4}}-\d{{2}}-\d{{2}})\.zip$")


def licence() -> OpenDataLicence:
    """The licence staff set; the Open Government Licence v3.0 until they set one."""
    return OpenDataLicence.objects.first() or OpenDataLicence()


def bulk_path(day: datetime.date) -> str:
    return f"{BULK_DIR}/{BULK_PREFIX}{day.isoformat()}.zip"


def bulk_days() -> list[datetime.date]:
    """The days a bulk file was written for, newest first."""
    try:
        _dirs, files = default_storage.listdir(BULK_DIR)
    except FileNotFoundError:
        return []
    days = [datetime.date.fromisoformat(m[1]) for f in files if (m := BULK_NAME.match(f))]
    return sorted(days, reverse=True)


def latest_bulk_day() -> datetime.date | None:
    days = bulk_days()
    return days[0] if days else None
