"""CSV for every list, through the same endpoints (``?format=csv`` or ``Accept: text/csv``),
written by ``core.csv`` (formulae escaped), in the resource's stable column order."""

from __future__ import annotations

from rest_framework.renderers import BaseRenderer

from core.csv import csv_lines


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        context = renderer_context or {}
        view = context.get("view")
        response = context.get("response")
        resource = getattr(view, "resource", None)
        if (response is not None and response.status_code >= 400) or resource is None:
            # An error (a bad filter, too many requests): what went wrong, as two columns.
            lines = csv_lines(["field", "message"], _error_rows(data))
        else:
            rows = data.get("results", []) if isinstance(data, dict) else data
            lines = csv_lines(resource.header, (resource.csv_row(row) for row in rows))
            if response is not None:
                response["Content-Disposition"] = f'attachment; filename="{resource.name}.csv"'
        return "".join(lines).encode(self.charset)


def _error_rows(data):
    if not isinstance(data, dict):
        yield ["", str(data)]
        return
    for name, messages in data.items():
        for message in messages if isinstance(messages, list) else [messages]:
            yield ["" if name == "detail" else name, str(message)]
