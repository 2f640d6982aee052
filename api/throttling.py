"""Anonymous requests are throttled per IP address (``OPEN_DATA_ANON_RATE``), counted in
the Django cache: 429 with ``Retry-After`` beyond the rate.

If the cache cannot be reached, the count is lost and requests carry on: reading public
data is not an action to protect by refusing it (logins and sign-ups fail closed)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousPerIPThrottle(AnonRateThrottle):
    scope = "open_data_anon"
    cache_format = "open-data:throttle:%(scope)s:%(ident)s"

    def get_rate(self) -> str:
        # Read at each request, not at import, so that it can be set per environment.
        return settings.OPEN_DATA_ANON_RATE
