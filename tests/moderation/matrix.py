"""Matrix rows for the staff work queue; each app's review page has its row in that app."""

from __future__ import annotations

from ..permission_matrix import FOUND, OK, Row, only

ROWS = [
    Row("moderation:queue", "/moderation/", only({"staff": OK})),
    Row(
        "moderation:concern_resolve",
        "/moderation/concerns/{concern.pk}/",
        only({"staff": FOUND}),
        method="POST",
        data={"resolution": "Spoke to the organisation; the pledge stands."},
        page=False,
    ),
]
