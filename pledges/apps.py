from django.apps import AppConfig


class PledgesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pledges"
    verbose_name = "Pledges and campaigns"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
