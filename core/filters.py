"""Reading a list page's filters from its query string.

A filter value that is not one of the choices is ignored, not an error: a shared link
with a stale choice still shows the list.
"""

from __future__ import annotations

from collections.abc import Container

from django.http import HttpRequest, QueryDict

SEARCH_MAX = 100


def choice(params: QueryDict, name: str, allowed: Container[str]) -> str:
    """``params[name]`` when it is one of ``allowed``; otherwise ``""``."""
    value = params.get(name, "")
    return value if value in allowed else ""


def search(params: QueryDict, name: str = "q", max_length: int = SEARCH_MAX) -> str:
    """The search box's text, trimmed and capped."""
    return params.get(name, "").strip()[:max_length]


def query_string_without(request: HttpRequest, *names: str) -> str:
    """The current query string less ``names`` (``page`` by default): what a pagination
    link adds its own page number to, keeping the filters."""
    params = request.GET.copy()
    for name in names or ("page",):
        params.pop(name, None)
    return params.urlencode()
