"""
Settings shared by every environment, read from the environment with django-environ.

`make run` uses these with DJANGO_DEBUG=true; `production.py` tightens them and
`test.py` makes them fast. Nothing secret has a default outside DEBUG.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# `make run` writes a .env for local development (DJANGO_DEBUG=true); the process
# environment always wins over it.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
if DEBUG:
    # A key for local development only; it is never used with DEBUG off.
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-only")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# The portal's public address, used in links that mail sent by tasks carries.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

ROOT_URLCONF = "salford_sv.urls"
WSGI_APPLICATION = "salford_sv.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
INSTALLED_APPS = [
    # Django's admin behind allauth's login and reauthentication (salford_sv/admin_site.py)
    "salford_sv.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "core",
    "accounts",
    "measures",
    "pledges",
    "toolkit",
    "charter",
    "moderation",
    "reporting",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Permissions-Policy on every response; signed-in ones private, no-store.
    "core.middleware.PrivacyHeadersMiddleware",
    # A rate-limited action the cache cannot count: 503, "please try again shortly".
    "core.middleware.CacheUnavailableMiddleware",
    # Last, so a cached page still gets every header on its way out (core/pagecache.py).
    "core.pagecache.AnonymousPageCacheMiddleware",
]

# ---------------------------------------------------------------------------
# Pages cached whole for anonymous visitors (core/pagecache.py): the URL name and the
# cache families the page is built from. A write to any model of a family (below), or a
# service's own bump, moves the family on, and the page is rendered afresh.
# ---------------------------------------------------------------------------
ANONYMOUS_PAGE_CACHE = {
    "home": ("pledges", "organisations", "people"),
    "pledges:wall": ("pledges", "organisations", "people"),
    "pledges:detail": ("pledges", "organisations", "people"),
    "accounts:organisation_list": ("organisations",),
    "reporting:organisation": ("organisations", "pledges", "charter", "toolkit"),
    "toolkit:index": ("toolkit",),
    "toolkit:guide": ("toolkit",),
    "toolkit:case_studies": ("toolkit", "organisations"),
    "toolkit:case_study": ("toolkit", "organisations"),
    "charter:index": ("charter",),
    "charter:directory": ("charter", "organisations"),
    "reporting:progress": ("measures", "pledges", "organisations"),
}
# Bounds staleness only when a bump was lost while Redis was down.
ANONYMOUS_PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=300)
# Parts of signed-in pages (core.cache.cached_part) under the same versioned keys: the
# staff queue's sections and figures, each home's lists, the roles behind the navigation.
# Also bounds staleness after a lost bump, and of what no family covers (a person's name
# shown in a queue). 0 computes them on every request.
PART_CACHE_SECONDS = env.int("DJANGO_PART_CACHE_SECONDS", default=120)
CACHE_FAMILY_MODELS = {
    "pledges": [
        "pledges.Pledge",
        "pledges.Commitment",
        "pledges.ProgressUpdate",
        "pledges.Support",
        "pledges.Campaign",
        "pledges.ConcernReport",
    ],
    "organisations": ["accounts.Organisation", "accounts.Membership", "accounts.Ward"],
    # People's names, shown beside their pledges and in the staff's queue (signing in,
    # which saves only last_login, bumps nothing: core.pagecache).
    "people": ["accounts.User"],
    # What a person's account page lists besides their organisations.
    "joining": ["accounts.Invitation", "accounts.JoinRequest", "account.EmailAddress"],
    "toolkit": [
        "toolkit.Guide",
        "toolkit.CaseStudy",
        "toolkit.Checklist",
        "toolkit.Section",
        "toolkit.Question",
    ],
    "measures": [
        "measures.Theme",
        "measures.Outcome",
        "measures.CampaignTarget",
        "measures.Indicator",
        "measures.CityFigure",
        "measures.Return",
        "measures.ReturnValue",
        "measures.Contract",
        "measures.ContractCommitment",
        "measures.Delivery",
        "measures.LM3Survey",
    ],
    # Read by people's homes only (reporting.selectors.homes), not by public pages.
    "assessments": ["toolkit.Assessment"],
    "reports": ["reporting.ProgressReport"],
    "charter": [
        "charter.CharterVersion",
        "charter.Signature",
        "charter.ActionStatement",
        "charter.SignatureReview",
        "charter.SignatureConcern",
    ],
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "salford_sv.context_processors.navigation",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: PostgreSQL in CI and production, a SQLite file by default
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server's threads, the Celery worker and beat write to one file. WAL lets
    # readers carry on beside a writer; IMMEDIATE takes the write lock when a transaction
    # starts, so two writers queue (for up to `timeout` seconds) instead of one failing
    # with "database is locked" when it tries to upgrade a read lock.
    for option, value in {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }.items():
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(option, value)

# ---------------------------------------------------------------------------
# Redis: Celery broker and Django cache when REDIS_URL is set
# ---------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_QUEUE_DIR = VAR_DIR / "celery" / "queue"
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, except that Redis being down is a cache miss, not
            # a 500; rate limits fail closed instead (core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "salford_sv",
            # A Redis that stops answering costs a request at most this long, once:
            # the backend then leaves it alone for a few seconds.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # kombu's filesystem transport needs no server: the web process, the worker and
    # beat share one folder for both directions.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        # Broadcast exchanges: kombu's default is ./control, in the checkout.
        "control_folder": str(CELERY_QUEUE_DIR.parent / "control"),
        "store_processed": False,
    }

# ---------------------------------------------------------------------------
# Celery
# ---------------------------------------------------------------------------
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/London"
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang when the broker is down: publish fails fast and the
# outbox keeps the work until the drain task runs.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "drain-outbox": {"task": "core.outbox_drain", "schedule": 60.0},
    "purge-spent-form-tokens": {
        "task": "core.form_submissions_purge",
        "schedule": crontab(hour=3, minute=30),
    },
    "purge-expired-invitations": {
        "task": "accounts.invitations_purge_expired",
        "schedule": crontab(hour=3, minute=15),
    },
    "lapse-expired-pledges": {
        "task": "pledges.lapse_expired",
        "schedule": crontab(hour=2, minute=0),
    },
    "remind-expiring-pledges": {
        "task": "pledges.remind_expiring",
        "schedule": crontab(hour=9, minute=0),
    },
    "charter-remind-reviews": {
        "task": "charter.remind_reviews",
        "schedule": crontab(hour=9, minute=15),
    },
    "charter-lapse-unreviewed": {
        "task": "charter.lapse_unreviewed",
        "schedule": crontab(hour=2, minute=15),
    },
    "moderation-digest": {
        "task": "moderation.digest",
        "schedule": crontab(hour=8, minute=0),
    },
    "remind-returns-due": {
        "task": "measures.returns_remind",
        "schedule": crontab(hour=9, minute=30),
    },
    "resume-waiting-imports": {
        "task": "measures.imports_resume",
        "schedule": crontab(minute="*/5"),
    },
    # The open data's bulk files, written each night for the day (idempotent).
    "open-data-bulk-files": {
        "task": "api.bulk_export",
        "schedule": crontab(hour=3, minute=45),
    },
    # Progress reports: the city's for last month on the 1st; each organisation's for
    # last quarter on the 1st of the quarter after (one task per organisation).
    "reporting-monthly-city-report": {
        "task": "reporting.schedule_monthly",
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
    },
    "reporting-quarterly-organisation-reports": {
        "task": "reporting.schedule_quarterly",
        "schedule": crontab(day_of_month=1, month_of_year="1,4,7,10", hour=4, minute=30),
    },
    "reporting-resume-reports": {
        "task": "reporting.reports_resume",
        "schedule": crontab(minute="*/10"),
    },
}

# ---------------------------------------------------------------------------
# Accounts: custom user, allauth, Argon2
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Each role's home ("Your dashboard"); commissioners land on their dashboard instead.
LOGIN_REDIRECT_URL = "reporting:home"
COMMISSIONER_LOGIN_REDIRECT_URL = "reporting:dashboard"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Salford Social Value] "
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# People confirm who they are with their password. Sign-in codes by mail are off, for
# logging in (allauth's default) and for reauthenticating (on by default since 65.22).
ACCOUNT_REAUTHENTICATION_METHODS = ("password",)
# How long a password given again counts: the Django admin asks for it after this
# (salford_sv/admin_site.py), as do allauth's sensitive account pages.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# Rate limits are kept in the cache: Redis in production, local memory otherwise.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}

# Failed logins are counted per address and account together ("key": the account and
# the client's address, accounts.adapter), so someone who knows an address cannot lock
# its owner out from elsewhere; and per account alone with a wider budget, which a
# password reset clears, so the owner can always get back in.
ACCOUNT_RATE_LIMITS["login_failed"] = "10/m/ip,5/5m/key"
ACCOUNT_RATE_LIMITS["login_failed_account"] = "30/h/key"

# ---------------------------------------------------------------------------
# The client's address behind a reverse proxy (core/http.py). Only what the proxies
# we run vouch for is trusted: DJANGO_TRUSTED_PROXY_COUNT of them append the address
# they saw to X-Forwarded-For, or one sets the header DJANGO_TRUSTED_CLIENT_IP_HEADER
# (X-Real-IP, say). With neither, REMOTE_ADDR is the client.
# ---------------------------------------------------------------------------
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
TRUSTED_CLIENT_IP_HEADER = env("DJANGO_TRUSTED_CLIENT_IP_HEADER", default=None) or None
# allauth reads its own names; its limits use core.http.client_ip through the adapter.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER

INVITATION_VALID_DAYS = 7

# ---------------------------------------------------------------------------
# The charter: what an action statement may cite as evidence. Each model's manager
# offers ``evidence_for(organisation)`` (see charter/evidence.py).
# ---------------------------------------------------------------------------
CHARTER_EVIDENCE_MODELS = ["pledges.Pledge", "toolkit.CaseStudy"]

# ---------------------------------------------------------------------------
# The open data API (/api/): read-only, public, throttled per IP for anonymous use
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Everyone reads the same public data: no sign-in, so every client is throttled
    # as an anonymous one, by IP address.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.OpenDataSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousPerIPThrottle"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Requests per IP address; DRF's throttles count them in the Django cache (Redis in
# production), and answer 429 with Retry-After beyond it.
OPEN_DATA_ANON_RATE = env("OPEN_DATA_ANON_RATE", default="120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Salford Social Value open data",
    "DESCRIPTION": (
        "The Salford Social Value Alliance's public data, read-only: the 10% Better outcome "
        "framework, city figures, approved pledges and their progress, charter signatories, "
        "aggregated contract and return figures, case studies and guides. Every list is "
        "also CSV (?format=csv or Accept: text/csv). Documentation: /api/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "LICENSE": {"name": "Open Government Licence v3.0 (unless stated otherwise at /api/)"},
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}

# ---------------------------------------------------------------------------
# Mail: console by default; filemail:// and smtp+tls:// work too
# ---------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Salford Social Value Alliance <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10
# The portal's own mail (accounts.services.outbox) and allauth's share one prefix.
EMAIL_SUBJECT_PREFIX = ACCOUNT_EMAIL_SUBJECT_PREFIX

# ---------------------------------------------------------------------------
# Internationalisation
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Static files: built from npm into static/vendor by `make static`
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
# Where collectstatic writes; `make deploy-check` points it at a throwaway folder.
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

# ---------------------------------------------------------------------------
# Uploaded files: progress evidence, case-study images, spreadsheet imports, reports.
# Code reaches them only through Django's storage API (FileField, default_storage),
# never by a path on disk, so any storage backend will do:
# - local disk under MEDIA_ROOT by default (one machine, `make run`);
# - an S3-compatible object store (AWS S3, MinIO, Ceph, ...) when
#   AWS_STORAGE_BUCKET_NAME is set, so that every web host and Celery worker sees the
#   same files (docs/operations.md).
# Files are private either way: no URL serves MEDIA_ROOT, and the portal streams each
# file through a view that checks who may see it. A URL the store itself hands out
# (the admin's links) is signed and short-lived unless AWS_QUERYSTRING_AUTH is off.
# ---------------------------------------------------------------------------
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))


def _env_or_none(name: str) -> str | None:
    """An unset or empty variable is None, so the backend uses its own default."""
    return env(name, default="") or None


MEDIA_BUCKET = env("AWS_STORAGE_BUCKET_NAME", default="")
if MEDIA_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "salford_sv.storage.UploadStorage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            # Another S3-compatible store (MinIO: http://minio:9000); unset for AWS.
            "endpoint_url": _env_or_none("AWS_S3_ENDPOINT_URL"),
            "region_name": _env_or_none("AWS_S3_REGION_NAME"),
            # Unset: boto3 finds credentials itself (an instance role, ~/.aws).
            "access_key": _env_or_none("AWS_ACCESS_KEY_ID"),
            "secret_key": _env_or_none("AWS_SECRET_ACCESS_KEY"),
            # A prefix inside the bucket, so one bucket can hold several sites.
            "location": env("AWS_LOCATION", default=""),
            # "path" for stores without virtual-host buckets (most MinIO set-ups).
            "addressing_style": _env_or_none("AWS_S3_ADDRESSING_STYLE"),
            # Only for a CDN in front of the bucket: its URLs are not signed.
            "custom_domain": _env_or_none("AWS_S3_CUSTOM_DOMAIN"),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "signature_version": "s3v4",
            # No ACL header: objects are as private as the bucket (block public access).
            "default_acl": None,
            # Two uploads with one name keep both, as on local disk.
            "file_overwrite": False,
            # A file read back (an import, evidence) is held in memory up to this size,
            # then spooled to a temporary file.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ---------------------------------------------------------------------------
# Security headers: CSP without inline script, no framing
# ---------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"expected_refusals": {"()": "salford_sv.log_filters.ExpectedRefusalFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler printed each record a second time beside the
        # root's; now every django.* record (runserver's access log too) is printed
        # once, by the root's handler.
        "django": {"handlers": [], "level": LOG_LEVEL},
        # A 403 or 404 is logged as one line, without a traceback.
        "django.request": {"filters": ["expected_refusals"]},
        "django.db.backends": {"level": "WARNING"},
    },
}
