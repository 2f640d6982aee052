"""The mail outbox in the admin: read-only, for seeing what was sent and what failed.

The bodies shown are the readable copies, with live links redacted; the text as sent
(``sealed_body``) is never shown, to staff or to superusers.
"""

from django.contrib import admin

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    fields = readonly_fields = [
        "to",
        "subject",
        "body",
        "html_body",
        "from_email",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
