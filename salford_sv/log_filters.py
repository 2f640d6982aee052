"""Logging filters: expected refusals are one line, real errors keep their traceback."""

from __future__ import annotations

import logging

# Part of normal use: a visitor without permission, a mistyped or out-of-date address.
EXPECTED_STATUSES = frozenset({403, 404})


class ExpectedRefusalFilter(logging.Filter):
    """Drops the traceback Django attaches to the log record of a 403 or 404.

    The line itself ("Forbidden (Permission denied): /moderation/") stays; a 500 and
    every other record pass through untouched.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in EXPECTED_STATUSES:
            record.exc_info = None
            record.exc_text = None
        return True
