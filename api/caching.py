"""What the API caches, and how it learns that data changed.

Responses are kept under ``core.cache`` versioned keys built from the families of data
they show. Pledges and organisations have families their services bump already
(``pledges``, ``organisations``). For the rest (the outcome framework and what is
measured against it, the toolkit, the charter) the API keeps one family per app and
bumps it on any save or delete of that app's models: every write, from a page, the
admin or a task, moves the version on once it commits. A change no signal sees (a
queryset ``update()``) shows within ``RESPONSE_TTL`` seconds.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.selectors import ORGANISATIONS_CACHE_FAMILY
from core.cache import bump
from pledges.selectors import PLEDGES_CACHE_FAMILY

MEASURES_FAMILY = "open-data:measures"
TOOLKIT_FAMILY = "open-data:toolkit"
CHARTER_FAMILY = "open-data:charter"

# Seconds: how stale a response can be when a bump could not reach the cache.
RESPONSE_TTL = 600

# Each app whose saves invalidate a family, and the family.
_APP_FAMILIES = {
    "measures": MEASURES_FAMILY,
    "toolkit": TOOLKIT_FAMILY,
    "charter": CHARTER_FAMILY,
    "pledges": PLEDGES_CACHE_FAMILY,
}
# From accounts, only what the API shows: organisations and wards (a person's sign-in
# saves the user row, and must not empty the cache).
_ACCOUNT_MODELS = ("Organisation", "Ward")


def _bumper(family: str):
    def handler(sender, **kwargs) -> None:
        if kwargs.get("raw"):  # loading fixtures
            return
        bump(family)

    handler.__name__ = f"bump_{family.replace(':', '_').replace('-', '_')}"
    return handler


_handlers: dict[str, object] = {}


def connect_invalidation() -> None:
    """Connect the bumps (once, from ``ApiConfig.ready``)."""
    senders = [
        (model, family)
        for label, family in _APP_FAMILIES.items()
        for model in apps.get_app_config(label).get_models()
    ]
    senders += [
        (apps.get_model("accounts", name), ORGANISATIONS_CACHE_FAMILY) for name in _ACCOUNT_MODELS
    ]
    for model, family in senders:
        handler = _handlers.setdefault(family, _bumper(family))
        uid = f"api-bump-{model._meta.label}"
        post_save.connect(handler, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(handler, sender=model, dispatch_uid=uid + "-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(handler, sender=field.remote_field.through, dispatch_uid=uid)
