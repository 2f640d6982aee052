from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core: mail outbox"

    def ready(self):
        from .pagecache import connect_family_models

        connect_family_models()
