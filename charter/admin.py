"""The charter in the Django admin.

Staff write a new version of the charter here: make a draft from the current one, edit
it, publish it (``charter_version_publish`` tells the signatories). A published version is
read-only, so every signature always means what it meant. Signatures are shown, not
edited: their decisions go through the moderation pages, which record and tell them.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from . import services
from .models import ActionStatement, CharterVersion, Signature, SignatureConcern, SignatureEvent


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "effective_on", "published_at"]
    fields = [
        "number",
        "title",
        "effective_on",
        "vision",
        "principles",
        "commissioner_commitments",
        "provider_commitments",
        "embed",
        "deliver",
        "demonstrate",
        "published_at",
    ]
    readonly_fields = ["number", "published_at"]
    actions = ["make_draft", "publish"]

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_published) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_published) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        # New versions start as a copy of the current one (the action below).
        return False

    @admin.action(description=_("Make a new draft version from this one"), permissions=["change"])
    def make_draft(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one version to copy."), level=messages.ERROR
            )
            return None
        try:
            draft = services.charter_version_copy_as_draft(version=queryset.get())
        except DomainError as error:
            self.message_user(request, error.message, level=messages.ERROR)
            return None
        self.message_user(
            request,
            _("Version %(n)s is a draft: edit it, then publish it.") % {"n": draft.number},
            level=messages.SUCCESS,
        )
        return redirect("admin:charter_charterversion_change", draft.pk)

    @admin.action(
        description=_("Publish, and invite signatories to re-sign"), permissions=["change"]
    )
    def publish(self, request, queryset):
        for version in queryset.order_by("number"):
            try:
                invited = services.charter_version_publish(version=version, actor=request.user)
            except DomainError as error:
                self.message_user(request, error.message, level=messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Version %(n)s is published; %(k)s signatories were invited to re-sign.")
                    % {"n": version.number, "k": invited},
                    level=messages.SUCCESS,
                )


class ActionStatementInline(admin.TabularInline):
    model = ActionStatement
    fields = ["area", "commitment", "target_date", "done"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SignatureEventInline(admin.TabularInline):
    model = SignatureEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "version",
        "role",
        "status",
        "verified_at",
        "certificate_number",
    ]
    list_filter = ["status", "role", "version", "basis"]
    search_fields = ["organisation__name", "signatory_name", "certificate_number"]
    list_select_related = ["organisation", "version"]
    date_hierarchy = "created_at"
    inlines = [ActionStatementInline, SignatureEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SignatureConcern)
class SignatureConcernAdmin(admin.ModelAdmin):
    list_display = ["signature", "created_at", "resolved_at"]
    list_select_related = ["signature__organisation"]
    raw_id_fields = ["signature", "reporter", "resolved_by"]
    readonly_fields = ["created_at", "resolved_at", "resolved_by", "resolution"]
