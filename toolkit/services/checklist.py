"""Writes for the self-assessment checklist: take it, save and come back, finish it; and,
for staff, make a new version of the question bank and publish it."""

from __future__ import annotations

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organisation, User
from core.errors import DomainError

from .. import permissions, scoring
from ..models import Answer, AnswerChoice, Assessment, Checklist, Question, Section, SectionScore


class UnansweredQuestions(DomainError):
    """Finishing was refused: ``questions`` lists what still needs an answer, in order."""

    def __init__(self, questions: list[Question]) -> None:
        message = ngettext(
            "Answer the question below before you finish: %(n)s is unanswered.",
            "Answer the questions below before you finish: %(n)s are unanswered.",
            len(questions),
        ) % {"n": len(questions)}
        super().__init__(message, code="unanswered")
        self.questions = questions


def _check_may_take(user: User, organisation: Organisation) -> None:
    if not permissions.can_take_checklist(user, organisation):
        raise DomainError(
            _("Only members of %(name)s can answer its checklist.") % {"name": organisation.name},
            code="not_member",
        )


def _open_assessment(organisation: Organisation) -> Assessment | None:
    return Assessment.objects.filter(organisation=organisation, completed_at__isnull=True).first()


@transaction.atomic
def assessment_start(*, organisation: Organisation, user: User) -> Assessment:
    """The organisation's open assessment, or a new one on the current version, filled in
    with the answers of its latest completed assessment (matched by question key, so
    answers carry over to a new version wherever a question kept its key)."""
    _check_may_take(user, organisation)
    # Two members opening the page at once must not start two assessments: the row lock
    # queues the second behind the first, which then finds the one just started.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    existing = _open_assessment(organisation)
    if existing is not None:
        return existing
    checklist = Checklist.objects.current()
    if checklist is None:
        raise DomainError(_("The checklist is not available yet."), code="no_checklist")
    assessment = Assessment(organisation=organisation, checklist=checklist, started_by=user)
    assessment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        # One open assessment per organisation (a database constraint): someone else's
        # start won a race the lock could not see (SQLite has no row locks).
        return Assessment.objects.get(organisation=organisation, completed_at__isnull=True)
    _prefill(assessment)
    return assessment


def _prefill(assessment: Assessment) -> None:
    previous = (
        Assessment.objects.completed()
        .filter(organisation_id=assessment.organisation_id)
        .order_by("-completed_at", "-pk")
        .first()
    )
    if previous is None:
        return
    previous_choices = dict(
        Answer.objects.filter(assessment=previous).values_list("question__key", "choice")
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_id=pk, choice=previous_choices[key])
        for pk, key in Question.objects.filter(
            section__checklist_id=assessment.checklist_id
        ).values_list("pk", "key")
        if key in previous_choices
    )


def _lock_open(assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.completed_at is not None:
        raise DomainError(
            _("This assessment is finished: its answers can no longer change."),
            code="completed",
        )
    return assessment


@transaction.atomic
def assessment_save_answers(*, assessment: Assessment, answers: dict[int, str]) -> int:
    """Save some or all of the answers (the rest can wait: save and come back). Nothing
    is saved if any answer is not a choice, or names a question of another checklist.
    Returns how many answers were saved."""
    assessment = _lock_open(assessment)
    valid_choices = set(AnswerChoice.values)
    if any(choice not in valid_choices for choice in answers.values()):
        raise DomainError(
            _("One of the answers is not one of the choices. Choose an answer from the list."),
            code="bad_choice",
        )
    known = set(
        Question.objects.filter(
            section__checklist_id=assessment.checklist_id, pk__in=list(answers)
        ).values_list("pk", flat=True)
    )
    if set(answers) - known:
        raise DomainError(
            _("Some answers are for questions that are not in this checklist."),
            code="unknown_question",
        )
    if answers:
        Answer.objects.bulk_create(
            [
                Answer(assessment=assessment, question_id=pk, choice=choice)
                for pk, choice in answers.items()
            ],
            update_conflicts=True,
            unique_fields=["assessment", "question"],
            update_fields=["choice"],
        )
    assessment.save(update_fields=["updated_at"])
    return len(answers)


@transaction.atomic
def assessment_complete(*, assessment: Assessment, user: User) -> Assessment:
    """Finish the assessment: every question needs an answer ("Not relevant to us" is an
    answer). Stores a score for each section and the overall score."""
    _check_may_take(user, assessment.organisation)
    assessment = _lock_open(assessment)
    questions = list(
        Question.objects.filter(section__checklist_id=assessment.checklist_id)
        .select_related("section")
        .order_by("section__order", "section__pk", "order", "pk")
    )
    choices = dict(
        Answer.objects.filter(assessment=assessment).values_list("question_id", "choice")
    )
    unanswered = [q for q in questions if q.pk not in choices]
    if unanswered:
        raise UnansweredQuestions(unanswered)
    items = [
        scoring.Item(question=q, section_key=q.section.key, weight=q.weight, choice=choices[q.pk])
        for q in questions
    ]
    by_key = scoring.section_scores(items)
    sections = Section.objects.filter(checklist_id=assessment.checklist_id)
    SectionScore.objects.filter(assessment=assessment).delete()
    SectionScore.objects.bulk_create(
        SectionScore(
            assessment=assessment,
            section=section,
            section_key=section.key,
            # A section with no question at all is not scored either.
            score=by_key.get(section.key),
        )
        for section in sections
    )
    assessment.overall_score = scoring.overall_score(items)
    assessment.completed_at = timezone.now()
    assessment.full_clean(validate_constraints=False)
    assessment.save(update_fields=["overall_score", "completed_at", "updated_at"])
    return assessment


# ---------------------------------------------------------------------------
# Versions of the question bank (staff, from the Django admin)
# ---------------------------------------------------------------------------


@transaction.atomic
def checklist_copy_as_draft(*, checklist: Checklist) -> Checklist:
    """A new unpublished version with the same sections, questions, keys and guide links,
    for staff to edit and then publish. Only one draft at a time."""
    draft = Checklist.objects.filter(published_at__isnull=True).order_by("version").first()
    if draft is not None:
        raise DomainError(
            _("Version %(n)s is already a draft: edit or publish that one first.")
            % {"n": draft.version},
            code="draft_exists",
        )
    latest = Checklist.objects.aggregate(latest=Max("version"))["latest"] or 0
    copy = Checklist(version=latest + 1, title=checklist.title, introduction=checklist.introduction)
    copy.full_clean()
    copy.save()
    sources = list(checklist.sections.prefetch_related("questions__guides"))
    new_sections = Section.objects.bulk_create(
        Section(
            checklist=copy,
            key=s.key,
            title=s.title,
            group=s.group,
            description=s.description,
            order=s.order,
        )
        for s in sources
    )
    pairs = [
        (new_section, question)
        for new_section, source in zip(new_sections, sources, strict=True)
        for question in source.questions.all()
    ]
    new_questions = Question.objects.bulk_create(
        Question(
            section=new_section,
            key=q.key,
            text=q.text,
            guidance=q.guidance,
            guidance_html=q.guidance_html,
            weight=q.weight,
            order=q.order,
        )
        for new_section, q in pairs
    )
    Link = Question.guides.through
    Link.objects.bulk_create(
        Link(question_id=new.pk, guide_id=guide.pk)
        for new, (_section, source) in zip(new_questions, pairs, strict=True)
        for guide in source.guides.all()
    )
    return copy


@transaction.atomic
def checklist_publish(*, checklist: Checklist) -> Checklist:
    """Publish a draft: from now on new assessments use it, and it can no longer change.
    Assessments already finished keep the version they answered."""
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    if checklist.is_published:
        raise DomainError(
            _("Version %(n)s is already published.") % {"n": checklist.version},
            code="published",
        )
    current = Checklist.objects.current()
    if current is not None and current.version > checklist.version:
        raise DomainError(
            _("Version %(n)s is older than the published version %(current)s.")
            % {"n": checklist.version, "current": current.version},
            code="older",
        )
    sections = list(checklist.sections.prefetch_related("questions"))
    if not sections:
        raise DomainError(_("A checklist needs at least one section."), code="empty")
    empty = [s.title for s in sections if not s.questions.all()]
    if empty:
        raise DomainError(
            _("Every section needs a question; these have none: %(sections)s.")
            % {"sections": ", ".join(empty)},
            code="empty_section",
        )
    keys = Counter(q.key for s in sections for q in s.questions.all())
    repeated = sorted(key for key, n in keys.items() if n > 1)
    if repeated:
        # Answers carry over between versions by question key, so a key must be unique.
        raise DomainError(
            _("Question keys must be unique in a version; repeated: %(keys)s.")
            % {"keys": ", ".join(repeated)},
            code="repeated_key",
        )
    checklist.published_at = timezone.now()
    checklist.save(update_fields=["published_at"])
    return checklist
