from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "toolkit"
    verbose_name = "Toolkit: guides, case studies and the checklist"

    def ready(self) -> None:
        from accounts.registry import register_demo_seeder, register_moderation_section

        from .demo import seed_toolkit
        from .moderation import case_study_queue_section

        register_moderation_section(case_study_queue_section)
        register_demo_seeder(seed_toolkit)
