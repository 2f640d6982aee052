"""Headers every response carries, and what to answer when the cache cannot count a
rate-limited action."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from .cache import CacheUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

# Browser features the portal never uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivacyHeadersMiddleware:
    """Every response says which browser features the page may use (none it does not
    need: ``Permissions-Policy``). Every response to a signed-in person is theirs alone:
    ``Cache-Control: private, no-store``, so neither a shared cache (a proxy, a CDN)
    nor the browser's back button on a shared computer keeps a copy of their pages,
    downloads or data (``my-data.json``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Anyone signed in carries the session cookie. Deciding by the cookie, not by
        # loading the user, keeps this free of database work (/status/ must answer
        # with the database down); a visitor with a session but no account just gets
        # an uncached page.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Replaces what a view said (a public badge's max-age, say): a signed-in
            # request may carry what only this person should see.
            if "Cache-Control" in response:
                del response["Cache-Control"]
            add_never_cache_headers(response)
            patch_vary_headers(response, ("Cookie",))
        return response


class CacheUnavailableMiddleware:
    """A login, sign-up or other rate-limited action that the cache cannot count is
    refused with a 503 and "please try again shortly", never a 500: the limit fails
    closed for that action only, and every other page carries on without the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, CacheUnavailable):
            return None
        logger.warning("Refused %s %s: the cache is unreachable", request.method, request.path)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
