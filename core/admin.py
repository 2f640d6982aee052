"""The mail outbox in the admin: read-only, for seeing what was sent and what failed."""

from django.contrib import admin

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    readonly_fields = [
        "to",
        "subject",
        "body",
        "html_body",
        "from_email",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
