"""What to answer when the cache cannot count a rate-limited action."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .cache import CacheUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


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
