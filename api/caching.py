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

from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.selectors import ORGANISATIONS_CACHE_FAMILY
from core.cache import bump
from core.models import RecordedEvent
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
        # Once per transaction and family, however many rows it saves (an import, the
        # demo data): a bump already waiting for this commit covers them all. A
        # savepoint rolled back takes its waiting callbacks with it, so none is missed.
        connection = transaction.get_connection()
        if any(
            getattr(callback, "open_data_family", None) == family
            for _savepoints, callback, _robust in connection.run_on_commit
        ):
            return
        callback = partial(bump, family)
        callback.open_data_family = family
        transaction.on_commit(callback, robust=True)

    handler.__name__ = f"bump_{family.replace(':', '_').replace('-', '_')}"
    return handler


# Saved often and never published: the import machinery (a row per line of a file) and
# history records. Bumping on them would only cost time on every line of an import.
_NOT_PUBLISHED = {"measures.ImportJob", "measures.ImportRow"}

_handlers: dict[str, object] = {}


def _published(model) -> bool:
    return model._meta.label not in _NOT_PUBLISHED and not issubclass(model, RecordedEvent)


def connect_invalidation() -> None:
    """Connect the bumps (once, from ``ApiConfig.ready``)."""
    senders = [
        (model, family)
        for label, family in _APP_FAMILIES.items()
        for model in apps.get_app_config(label).get_models()
        if _published(model)
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
