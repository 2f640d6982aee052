from django.apps import AppConfig


class PledgesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pledges"
    verbose_name = "Pledges and campaigns"

    def ready(self) -> None:
        from accounts.registry import register_user_data

        from . import signals  # noqa: F401  (connects the receivers)
        from .selectors import user_data_export

        register_user_data(user_data_export)
