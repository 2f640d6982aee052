"""Production: everything secret comes from the environment; HTTPS everywhere."""

import os

# Production never runs in debug mode, whatever the environment says.
os.environ["DJANGO_DEBUG"] = "false"

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# Rate limits (logins, sign-ups, reports) live in the cache. Without Redis each worker
# would count in its own memory, and every limit would be multiplied by the number of
# workers and reset on each restart: refuse to start instead.
if not REDIS_URL:
    raise ImproperlyConfigured(
        "Set REDIS_URL: production keeps its rate limits and the Celery broker in Redis."
    )

# ---------------------------------------------------------------------------
# HTTPS (behind a proxy that terminates TLS and sets X-Forwarded-Proto)
# ---------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# ---------------------------------------------------------------------------
# Static files: compressed and fingerprinted by WhiteNoise after collectstatic
# ---------------------------------------------------------------------------
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)  # noqa: F405

# Sessions read from Redis and written through to the database: a signed-in page costs
# one query fewer, and a Redis outage loses no session (make bench, issue 14).
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
