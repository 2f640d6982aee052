from django.contrib import admin

from .models import Outcome, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "name",
        "theme",
        "direction",
        "baseline",
        "target_change",
        "target_year",
    ]
    list_filter = ["theme"]
    list_select_related = ["theme"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "indicator"]
