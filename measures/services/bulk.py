"""Writing many rows fast: one multi-row ``INSERT`` per batch, with no model instance per
row. An upload of 100,000 figures spends most of its time building model instances and
preparing their fields when it goes through ``bulk_create``; these rows are checked
already, so they go to the database as plain values.

``ON CONFLICT (...) DO UPDATE`` is the same on PostgreSQL and SQLite (3.24+).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection, models


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    conflict: Sequence[str] = (),
    update: Sequence[str] = (),
    batch_size: int = 1000,
) -> int:
    """Insert ``rows`` (values in the order of ``fields``, ready for the database); with
    ``conflict``, a row that clashes on those fields updates ``update`` instead."""
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name).column for name in fields]
    # Only table and column names from the model's own meta are put into the SQL, quoted;
    # every value is a parameter.
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(map(quote, columns))}) VALUES "  # noqa: S608
    suffix = ""
    if conflict:
        targets = ", ".join(quote(model._meta.get_field(name).column) for name in conflict)
        updates = ", ".join(
            f"{quote(column)} = excluded.{quote(column)}"
            for column in (model._meta.get_field(name).column for name in update)
        )
        suffix = f" ON CONFLICT ({targets}) DO UPDATE SET {updates}"
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    written = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, batch_size)):
            cursor.execute(
                sql + ", ".join([placeholder] * len(batch)) + suffix,
                [value for row in batch for value in row],
            )
            written += len(batch)
    return written
