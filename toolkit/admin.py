from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from . import services
from .models import CaseStudy, CaseStudyEvent, Checklist, Guide, Question, Section

# ---------------------------------------------------------------------------
# The self-assessment checklist: staff change the question bank by making a new draft
# version, editing it and publishing it. A published version is read-only here, so the
# assessments that answered it always mean what they meant.
# ---------------------------------------------------------------------------


def _is_draft(checklist: Checklist | None) -> bool:
    return checklist is None or not checklist.is_published


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["order", "key", "title", "group", "description"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "published_at", "section_count", "assessment_count"]
    fields = ["version", "title", "introduction", "published_at"]
    readonly_fields = ["published_at"]
    inlines = [SectionInline]
    actions = ["make_draft", "publish"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_sections=Count("sections", distinct=True),
                n_assessments=Count("assessments", distinct=True),
            )
        )

    @admin.display(description=_("sections"), ordering="n_sections")
    def section_count(self, obj: Checklist) -> int:
        return obj.n_sections

    @admin.display(description=_("assessments"), ordering="n_assessments")
    def assessment_count(self, obj: Checklist) -> int:
        return obj.n_assessments

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Make a new draft version from this one"), permissions=["add"])
    def make_draft(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one version to copy."), level=messages.ERROR
            )
            return None
        try:
            draft = services.checklist_copy_as_draft(checklist=queryset.get())
        except DomainError as error:
            self.message_user(request, error.message, level=messages.ERROR)
            return None
        self.message_user(
            request,
            _("Version %(n)s is a draft: edit it, then publish it.") % {"n": draft.version},
            level=messages.SUCCESS,
        )
        return redirect("admin:toolkit_checklist_change", draft.pk)

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request, queryset):
        for checklist in queryset.order_by("version"):
            try:
                services.checklist_publish(checklist=checklist)
            except DomainError as error:
                self.message_user(request, error.message, level=messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Version %(n)s is published: new assessments use it.")
                    % {"n": checklist.version},
                    level=messages.SUCCESS,
                )


class QuestionInline(admin.StackedInline):
    model = Question
    fields = ["order", "key", "text", "weight", "guidance", "guides"]
    filter_horizontal = ["guides"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.checklist)) and super().has_add_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.checklist)) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.checklist)) and super().has_delete_permission(
            request, obj
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "group", "checklist", "order"]
    list_filter = ["checklist", "group"]
    list_select_related = ["checklist"]
    inlines = [QuestionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "checklist":
            kwargs["queryset"] = Checklist.objects.filter(published_at__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.checklist)) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.checklist)) and super().has_delete_permission(
            request, obj
        )


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "key", "weight", "section", "version"]
    list_filter = ["section__checklist", "section__key"]
    list_select_related = ["section__checklist"]
    search_fields = ["text", "key"]
    fields = ["section", "order", "key", "text", "weight", "guidance", "guides"]
    filter_horizontal = ["guides"]

    @admin.display(description=_("version"), ordering="section__checklist__version")
    def version(self, obj: Question) -> int:
        return obj.section.checklist.version

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.filter(
                checklist__published_at__isnull=True
            ).select_related("checklist")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.section.checklist)) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.section.checklist)) and super().has_delete_permission(
            request, obj
        )


# ---------------------------------------------------------------------------
# Guides: staff write the body in Markdown; the page shows the sanitised HTML, which is
# previewed here after saving.
# ---------------------------------------------------------------------------


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "audience", "stage", "kind", "published", "order", "updated_at"]
    list_filter = ["published", "audience", "stage", "kind", "outcomes"]
    list_editable = ["published", "order"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["outcomes"]
    readonly_fields = ["body_preview", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "published", "order"]}),
        (_("Who and when it is for"), {"fields": ["audience", "stage", "kind", "outcomes"]}),
        (_("Body"), {"fields": ["body", "body_preview", "updated_at"]}),
    ]

    @admin.display(description=_("preview (as saved, after sanitising)"))
    def body_preview(self, obj: Guide) -> str:
        # body_html is sanitised on every save (toolkit.markdown), so it is safe to show.
        if not obj.body_html:
            return _("Save the guide to see a preview.")
        return format_html('<div class="guide-preview">{}</div>', mark_safe(obj.body_html))

    class Media:
        # The admin styles every h2 as a fieldset header; the preview should read as a page.
        css = {"all": ["toolkit/admin_guide_preview.css"]}


# ---------------------------------------------------------------------------
# Case studies: content can be corrected here; decisions are made in the moderation
# queue (/moderation/), which records them and tells the organisation.
# ---------------------------------------------------------------------------


class CaseStudyEventInline(admin.TabularInline):
    model = CaseStudyEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "sector", "status", "submitted_at", "published_at"]
    list_filter = [
        "status",
        "sector",
        "shows_values",
        "shows_delivery",
        "shows_partnerships",
        "shows_operations",
    ]
    search_fields = ["title", "summary", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "created_at"
    raw_id_fields = ["organisation", "author"]
    filter_horizontal = ["outcomes"]
    # Status changes go through the moderation services, so each is recorded and told;
    # an image goes through the upload checks on the case study form.
    readonly_fields = [
        "status",
        "moderation_note",
        "image",
        "created_at",
        "submitted_at",
        "published_at",
    ]
    fieldsets = [
        (None, {"fields": ["organisation", "author", "title", "summary", "story", "sector"]}),
        (
            "Qualities (CLES research)",
            {
                "fields": [
                    "shows_values",
                    "shows_delivery",
                    "shows_partnerships",
                    "shows_operations",
                ]
            },
        ),
        ("Outcomes", {"fields": ["outcomes"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        (
            "Moderation",
            {"fields": ["status", "moderation_note", "created_at", "submitted_at", "published_at"]},
        ),
    ]
    inlines = [CaseStudyEventInline]
