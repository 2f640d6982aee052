from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError

from . import services
from .models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationStatusChange,
    User,
    Ward,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "ward", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    list_select_related = ["ward"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "ward"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]},
        ),
    ]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class StatusChangeInline(admin.TabularInline):
    model = OrganisationStatusChange
    extra = 0
    readonly_fields = ["action", "reason", "changed_by", "changed_at"]
    can_delete = False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "size_band", "ward", "verified_at", "suspended_at"]
    list_filter = ["sector", "size_band", "ward"]
    list_select_related = ["ward"]
    search_fields = ["name", "postcode"]
    readonly_fields = ["name_key", "verified_at", "suspended_at", "created_at"]
    inlines = [MembershipInline, StatusChangeInline]
    actions = ["release_name"]

    RELEASE_REASON = gettext_lazy(
        "Alliance staff released this name: it was registered by someone who does not "
        "speak for the organisation it names."
    )

    @admin.action(
        description=gettext_lazy("Release the name (suspend and rename) of the selected"),
        permissions=["change"],
    )
    def release_name(self, request, queryset) -> None:
        """A squatted name (someone registered "Salford City Council"): free it, and its
        address, for the organisation it belongs to. Recorded in the history."""
        for organisation in queryset:
            name = organisation.name
            try:
                services.organisation_release_name(
                    organisation=organisation, actor=request.user, reason=str(self.RELEASE_REASON)
                )
            except DomainError as error:
                self.message_user(request, f"{name}: {error.message}", messages.WARNING)
            else:
                self.message_user(request, _("“%(name)s” is free again.") % {"name": name})


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["organisation"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at"]
    list_select_related = ["user", "organisation"]
    list_filter = ["status"]
