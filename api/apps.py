from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "Open data"

    def ready(self) -> None:
        from . import caching

        caching.connect_invalidation()
