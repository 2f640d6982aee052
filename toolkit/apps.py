from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "toolkit"
    verbose_name = "Toolkit: guides, case studies and the checklist"
