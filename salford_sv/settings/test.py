"""Test settings: fast hashing, in-memory mail and cache, eager Celery, the real database."""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")

from .base import *  # noqa: F403
from .base import env

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = env("REDIS_URL", default="memory://")
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Local disk whatever the environment says; tests/test_storage_s3.py switches to S3.
STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["django"]["level"] = "WARNING"  # noqa: F405
# Off in tests: a test that reads a page, changes rows directly and reads it again runs in
# one transaction, where the bumps (on commit) never land. tests/core/test_pagecache.py
# turns it on for the pages it covers.
ANONYMOUS_PAGE_CACHE = {}
PART_CACHE_SECONDS = 0
