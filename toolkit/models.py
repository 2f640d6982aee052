"""The toolkit: guides, case studies, and the versioned self-assessment checklist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Sector
from core.models import RecordedEvent
from measures.models import Outcome

from .markdown import render_markdown


class Audience(models.TextChoices):
    COMMISSIONERS = "commissioners", _("Commissioners")
    PROVIDERS = "providers", _("Providers")
    BOTH = "both", _("Commissioners and providers")


class Stage(models.TextChoices):
    ASSESSING_NEED = "assessing_need", _("Assessing need")
    PLANNING = "planning", _("Planning")
    SPECIFICATION = "specification", _("Specification")
    PROCUREMENT = "procurement", _("Procurement and evaluation")
    CONTRACT_MANAGEMENT = "contract_management", _("Contract management")
    REVIEW = "review", _("Review")
    ALL = "all", _("Every stage")


class Kind(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance: you could")
    ADVICE = "advice", _("Advice: you should")
    METHOD = "method", _("Method")
    STEP_BY_STEP = "step_by_step", _("Step-by-step")
    LEGAL = "legal", _("Legal requirement")
    TRAINING = "training", _("Training")


class GuideQuerySet(models.QuerySet):
    def published(self) -> GuideQuerySet:
        return self.filter(published=True)


class Guide(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text=_("Markdown: headings, lists, links and tables."))
    body_html = models.TextField(editable=False, blank=True)
    audience = models.CharField(max_length=16, choices=Audience.choices, db_index=True)
    stage = models.CharField(max_length=24, choices=Stage.choices, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="guides")
    published = models.BooleanField(default=True, db_index=True)
    order = models.PositiveSmallIntegerField(default=100)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Sanitised on save as well as written safely, so stored HTML is never unsafe.
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("toolkit:guide", kwargs={"slug": self.slug})


class CLESQuality(models.TextChoices):
    """The qualities of social value organisations found by the CLES research."""

    VALUES = "values", _("Values and ethos")
    DELIVERY = "delivery", _("Delivery")
    PARTNERSHIPS = "partnerships", _("Partnerships")
    OPERATIONS = "operations", _("Internal operations and practice")


class CaseStudyQuerySet(models.QuerySet):
    def published(self) -> CaseStudyQuerySet:
        return self.filter(status=CaseStudy.Status.APPROVED).exclude(
            organisation__suspended_at__isnull=False
        )

    def evidence_for(self, organisation) -> CaseStudyQuerySet:
        """The organisation's published case studies, newest first: what it may cite as
        evidence for its charter statements (see charter.evidence)."""
        return (
            self.published()
            .filter(organisation=organisation)
            .defer("story", "story_html")
            .order_by("-published_at", "-pk")
        )


def case_study_image_path(instance: CaseStudy, filename: str) -> str:
    return f"case-studies/{instance.organisation_id}/{filename}"


class CaseStudy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting moderation")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="case_studies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    story = models.TextField(max_length=10000, help_text=_("Markdown."))
    story_html = models.TextField(editable=False, blank=True)
    sector = models.CharField(max_length=32, choices=Sector.choices, db_index=True)
    shows_values = models.BooleanField(_("values and ethos"), default=False, db_index=True)
    shows_delivery = models.BooleanField(_("delivery"), default=False, db_index=True)
    shows_partnerships = models.BooleanField(_("partnerships"), default=False, db_index=True)
    shows_operations = models.BooleanField(
        _("internal operations and practice"), default=False, db_index=True
    )
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="case_studies")
    image = models.FileField(upload_to=case_study_image_path, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    moderation_note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "case studies"
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="case_study_image_has_alt"
            )
        ]
        indexes = [
            # The staff queue: submitted case studies, oldest first (issue 14).
            models.Index(
                fields=["submitted_at", "id"],
                name="case_study_awaiting",
                condition=Q(status="submitted"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.story_html = render_markdown(self.story)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("toolkit:case_study", kwargs={"pk": self.pk})

    @property
    def qualities(self) -> list[str]:
        flags = {
            CLESQuality.VALUES: self.shows_values,
            CLESQuality.DELIVERY: self.shows_delivery,
            CLESQuality.PARTNERSHIPS: self.shows_partnerships,
            CLESQuality.OPERATIONS: self.shows_operations,
        }
        return [quality.label for quality, shown in flags.items() if shown]


class CaseStudyEvent(RecordedEvent):
    """Moderation history of a case study: who, when, why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for moderation")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Rejected")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    def __str__(self) -> str:
        return f"{self.case_study}: {self.get_action_display()}"


# ---------------------------------------------------------------------------
# The self-assessment checklist
# ---------------------------------------------------------------------------


class ChecklistQuerySet(models.QuerySet):
    def current(self) -> Checklist | None:
        return self.filter(published_at__isnull=False).order_by("-version").first()


class Checklist(models.Model):
    """One version of "Starting Off in Social Value in Salford". A published version is
    never edited: staff publish a new one, and completed assessments keep theirs."""

    version = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=150, default="Starting Off in Social Value in Salford")
    introduction = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Section(models.Model):
    class Group(models.TextChoices):
        CITY_PLAN = "city_plan", _("City Plan priority")
        COMMITMENT = "commitment", _("How a business shows commitment")

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(
        max_length=60, help_text=_("Stays the same across versions, so results compare.")
    )
    title = models.CharField(max_length=120)
    group = models.CharField(max_length=12, choices=Group.choices)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "key"], name="section_key_per_version")
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        max_length=80, help_text=_("Stays the same across versions: answers carry over.")
    )
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text=_("The “learn more” panel: Markdown."))
    guidance_html = models.TextField(editable=False, blank=True)
    weight = models.PositiveSmallIntegerField(default=1, help_text=_("1 (less) to 3 (more)."))
    guides = models.ManyToManyField(Guide, blank=True, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        self.guidance_html = render_markdown(self.guidance)
        super().save(*args, **kwargs)


class AnswerChoice(models.TextChoices):
    NOT_YET = "not_yet", _("Not yet")
    PLANNING = "planning", _("Planning")
    PARTLY = "partly", _("Partly")
    FULLY = "fully", _("Fully")
    NOT_RELEVANT = "not_relevant", _("Not relevant to us")


class AssessmentQuerySet(models.QuerySet):
    def completed(self) -> AssessmentQuerySet:
        return self.filter(completed_at__isnull=False)


class Assessment(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments"
    )
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="assessments")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    overall_score = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_at", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(completed_at__isnull=True),
                name="one_open_assessment_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.checklist}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(max_length=12, choices=AnswerChoice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_each")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_choice_display()}"


class SectionScore(models.Model):
    """A completed assessment's score for one section; None when every question in it
    was "not relevant to us"."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="section_scores"
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    section_key = models.SlugField(max_length=60)
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["section__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "section"], name="one_score_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.section_key}: {self.score}"
