"""What every list in the API shares: read-only, JSON or CSV, paginated, throttled,
cached under versioned keys, and answered with 304 when the client already has it.

A response is cached whole (its rendered body and headers) under a key made of the
request's path, query and format and the current versions of the data families it
shows (``core.cache``): a change bumps a family and the next request builds afresh.
Its ETag is a hash of the body and its Last-Modified the moment it was built, so a
client that polls with ``If-None-Match`` or ``If-Modified-Since`` gets a 304 until the
data changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework.generics import ListAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.cache import versioned_key

from .caching import RESPONSE_TTL
from .pagination import OpenDataPagination
from .renderers import CSVRenderer
from .resources import Resource

# Headers a cached response keeps.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Link")
BULK_PAGE = 500


class OpenDataListView(ListAPIView):
    """A public list. Subclasses set ``resource``, ``serializer_class``, ``families`` and
    either ``get_queryset`` (reading a selector) or ``filterset_class``."""

    resource: Resource
    families: tuple[str, ...] = ()
    renderer_classes = [JSONRenderer, CSVRenderer]
    pagination_class = OpenDataPagination

    # --- the rows, for the bulk files: every row, in pages, without a request ----------

    @classmethod
    def export_rows(cls) -> Iterator[list[Any]]:
        """Every row of the unfiltered list, as CSV cells in the resource's order."""
        view = cls()
        view.request = None
        view.format_kwarg = None
        view.kwargs = {}
        rows = view.get_queryset()
        for start in range(0, _count(rows), BULK_PAGE):
            page = rows[start : start + BULK_PAGE]
            for row in cls.serializer_class(page, many=True, context={"request": None}).data:
                yield cls.resource.csv_row(row)

    # --- cached, conditional responses ------------------------------------------------

    def list(self, request, *args, **kwargs):
        self._cache_key = self._response_key(request)
        if self._cache_key:
            entry = cache.get(self._cache_key)
            if entry is not None:
                self._entry = entry
                return _from_entry(entry)
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        entry = getattr(self, "_entry", None)
        if entry is None and isinstance(response, Response) and response.status_code == 200:
            response.render()
            entry = {
                "content": response.content,
                "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
                "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
                "last_modified": timezone.now().replace(microsecond=0).timestamp(),
            }
            key = getattr(self, "_cache_key", None)
            if key:
                cache.set(key, entry, RESPONSE_TTL)
        if entry is None:
            return response
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        response["Cache-Control"] = "public, max-age=60"
        patch_vary_headers(response, ["Accept"])
        return get_conditional_response(
            request._request,
            etag=entry["etag"],
            last_modified=int(entry["last_modified"]),
            response=response,
        )

    def _response_key(self, request) -> str | None:
        renderer = getattr(request, "accepted_renderer", None)
        fmt = renderer.format if renderer else "json"
        where = hashlib.sha256(
            f"{request.get_host()}|{request.get_full_path()}|{fmt}".encode()
        ).hexdigest()[:40]
        return versioned_key(f"api:{self.resource.name}:{where}", *self.families)


def _from_entry(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"])
    for header, value in entry["headers"].items():
        response[header] = value
    return response


def _count(rows) -> int:
    return len(rows) if isinstance(rows, list) else rows.count()
