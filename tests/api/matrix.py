"""Matrix rows for the open data API: every address answers everyone alike, signed in or
not (the data is public, read-only, and the same for all). The documentation page is a
page people read (the browser sweep checks it); the rest are data."""

from __future__ import annotations

from api.catalogue import LISTS
from api.services import bulk_export_write

from ..permission_matrix import OK, Objects, Row, everyone


def bulk_file(objects: Objects) -> str:
    """Today's bulk file, written (once) so that the bulk addresses have something to
    serve; the day it is for, as its address names it."""
    return _day_of(bulk_export_write())


def _day_of(path: str) -> str:
    return path.rsplit("/", 1)[-1].removeprefix("salford-social-value-").removesuffix(".zip")


BUILDERS = {"bulk_file": bulk_file}

ROWS = [
    Row("api:documentation", "/api/", everyone(OK)),
    Row("api:schema", "/api/v1/schema/", everyone(OK), page=False),
    Row("api:bulk_index", "/api/v1/bulk/", everyone(OK), page=False),
    # The query string only makes the row build the file first; the view ignores it.
    Row("api:bulk_latest", "/api/v1/bulk/latest.zip?day={bulk_file}", everyone(OK), page=False),
    Row(
        "api:bulk_latest_datapackage",
        "/api/v1/bulk/latest/datapackage.json?day={bulk_file}",
        everyone(OK),
        page=False,
    ),
    Row("api:bulk_dated", "/api/v1/bulk/{bulk_file}.zip", everyone(OK), page=False),
    *(
        Row(f"api:{view.resource.name}", f"/api/v1/{view.resource.name}/", everyone(OK), page=False)
        for view in LISTS
    ),
]
