from django.apps import AppConfig


class CharterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "charter"
    verbose_name = "The Social Value Charter"
