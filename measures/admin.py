"""The outcome framework is edited in the admin (themes, outcomes, indicators and their
proxy values). What organisations report is shown read-only: it changes through the
portal's pages, where its rules and history live."""

from django.contrib import admin

from .models import (
    CampaignTarget,
    CityFigure,
    Contract,
    ImportJob,
    Indicator,
    LM3Survey,
    Outcome,
    Return,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CampaignTarget)
class CampaignTargetAdmin(admin.ModelAdmin):
    """One row: staff change the year, never add a second row or delete the one."""

    list_display = ["target_year", "start_year", "note", "updated_at"]
    fields = ["start_year", "target_year", "note"]

    def has_add_permission(self, request):
        return not CampaignTarget.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "theme",
        "outcome",
        "unit",
        "direction",
        "organisations_report",
        "proxy_value",
        "is_active",
    ]
    list_filter = ["theme", "organisations_report", "is_active", "accumulation"]
    list_select_related = ["theme", "outcome"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "definition"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "theme", "outcome", "order", "is_active"]}),
        (
            "What is counted",
            {
                "fields": [
                    "unit",
                    "direction",
                    "accumulation",
                    "organisations_report",
                    "definition",
                    "source",
                ]
            },
        ),
        (
            "Value in pounds (only a proxy the alliance may use)",
            {
                "fields": [
                    "proxy_value",
                    "proxy_source",
                    "proxy_year",
                    "proxy_licence",
                    "deadweight_pct",
                    "attribution_pct",
                ]
            },
        ),
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CityFigure)
class CityFigureAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "period_start", "period_end", "value", "source"]
    list_filter = ["indicator"]
    list_select_related = ["indicator"]


@admin.register(Return)
class ReturnAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "period_start", "status", "due_on", "submitted_at"]
    list_filter = ["status", "period_start"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["title", "commissioner", "provider", "value", "starts_on", "ends_on"]
    list_filter = ["category"]
    list_select_related = ["commissioner", "provider"]
    search_fields = ["title", "reference", "commissioner__name", "provider__name"]


@admin.register(LM3Survey)
class LM3SurveyAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "period_start", "period_end", "lm3"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["filename", "kind", "organisation", "status", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["organisation"]
