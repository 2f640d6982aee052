from django.contrib import admin

from .models import OpenDataLicence


@admin.register(OpenDataLicence)
class OpenDataLicenceAdmin(admin.ModelAdmin):
    list_display = ["name", "identifier", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request) -> bool:
        # One row, made by load_reference_data: staff change it, never add a second.
        return not OpenDataLicence.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
