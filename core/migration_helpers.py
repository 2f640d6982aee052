"""For migrations that move a model from one app to another: its content type (and so the
permissions that point at it) moves with it."""

from __future__ import annotations

from collections.abc import Callable


def move_content_type(model: str, *, old_app: str, new_app: str) -> tuple[Callable, Callable]:
    """``RunPython(*move_content_type("outboxemail", old_app="accounts", new_app="core"))``."""

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        old = ContentType.objects.filter(app_label=old_app, model=model).first()
        if old is None:
            return
        if ContentType.objects.filter(app_label=new_app, model=model).exists():
            old.delete()
        else:
            old.app_label = new_app
            old.save(update_fields=["app_label"])

    def backwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=new_app, model=model).update(app_label=old_app)

    return forwards, backwards
