"""Whole pages cached for anonymous visitors, under versioned keys (``core.cache``).

A page that everyone sees the same is rendered once per version of the data it shows,
not once per visitor: ``settings.ANONYMOUS_PAGE_CACHE`` maps a URL name to the cache
families the page is built from, and the writes that change those families already
``bump`` them, so a cached page is never read again once what it shows has changed. Its
timeout (``settings.ANONYMOUS_PAGE_CACHE_SECONDS``) bounds staleness only when a bump
was lost while Redis was down.

Only what is the same for every visitor is kept:

- GET and HEAD from someone not signed in, carrying neither a session nor a messages
  cookie (a visitor with a message to read, or a half-finished sign-up, gets the page
  made for them);
- a 200 that set no cookie, used no CSRF token and touched no session: a page with a
  form carries a token of its own, so it is never shared;
- keyed on the full path with its query string, and on the language.

The middleware sits last in ``MIDDLEWARE``: security, CSP and the other headers are
added to a cached page on its way out, as to any other.
"""

from __future__ import annotations

from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from .cache import bump, versioned_key

PREFIX = "page:"
DEFAULT_SECONDS = 300


def _families(request: HttpRequest) -> tuple[str, ...] | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return settings.ANONYMOUS_PAGE_CACHE.get(match.view_name)


def _shareable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    user = getattr(request, "user", None)
    return not (user and user.is_authenticated)


def _shareable_response(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not (session is not None and session.modified)
        and "Vary" not in response
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and _shareable_response(request, response):
            headers = {"Content-Type": response["Content-Type"]}
            timeout = getattr(settings, "ANONYMOUS_PAGE_CACHE_SECONDS", DEFAULT_SECONDS)
            cache.set(key, (response.content, headers), timeout)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        families = _families(request)
        if not families or not _shareable_request(request):
            return None
        key = versioned_key(f"{PREFIX}{get_language()}:{request.get_full_path()}", *families)
        if key is None:
            return None  # the cache is unreachable: render afresh, keep nothing
        found = cache.get(key)
        if found is None:
            request._page_cache_key = key
            return None
        content, headers = found
        response = HttpResponse(content, headers=headers)
        response["X-Page-Cache"] = "hit"
        return response


# ---------------------------------------------------------------------------
# Families bumped whenever one of their models is saved or deleted
# ---------------------------------------------------------------------------


# Saves that change nothing any page shows: signing in records the time of it.
UNSHOWN_FIELDS = frozenset({"last_login"})


def _changed(family: str, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loaddata: fixtures, not a change anyone made
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= UNSHOWN_FIELDS:
        return
    bump(family)


def connect_family_models() -> None:
    """Bump each family of ``settings.CACHE_FAMILY_MODELS`` when one of its models is
    saved or deleted, in a service, the admin or a task alike: the pages cached from it
    are never read again once the change commits. (The services bump the families they
    change too; this catches every write that goes through ``save`` or ``delete``.)"""
    for family, labels in getattr(settings, "CACHE_FAMILY_MODELS", {}).items():
        receiver = partial(_changed, family)
        for label in labels:
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(
                    receiver, sender=model, weak=False, dispatch_uid=f"page-cache:{family}:{label}"
                )
