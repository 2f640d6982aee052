"""Who is asking: the client's address, the same for every rate limit on the site.

Behind the reverse proxy the README documents, ``REMOTE_ADDR`` is the proxy's, so a
limit per address would be one limit for the whole site. The proxy's view of the
client is trusted only as far as settings say (``TRUSTED_PROXY_COUNT`` proxies of ours
append to ``X-Forwarded-For``, or ``TRUSTED_CLIENT_IP_HEADER`` names the header one of
them sets); anything further left in ``X-Forwarded-For`` is the client's to invent.
allauth's limits use this too (``accounts.adapter.AccountAdapter.get_client_ip``).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# IPv6 clients are counted per /64: one household or host usually has a whole one.
IPV6_PREFIX = 64


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.9:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's IP address, as far as the trusted proxies vouch for it."""
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", None)
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    candidate = None
    if header:
        candidate = request.headers.get(header)
    elif proxies > 0:
        hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
    return _clean(candidate) or _clean(request.META.get("REMOTE_ADDR")) or "unknown"


def client_key(request: HttpRequest) -> str:
    """``client_ip``, with an IPv6 address widened to its /64, for counting requests."""
    ip = client_ip(request)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return ip
