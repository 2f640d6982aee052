"""The self-assessment checklist: what it is, taking it (save and come back, finish) and
the results (scores, chart, improvement plan, change over time, peers).

Each view: load (404 for what this person may not know about), check permission (403),
call one service or selector, render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import permissions as account_permissions
from accounts.models import Organisation
from core.errors import DomainError

from .. import permissions, selectors, services
from ..models import AnswerChoice, Assessment

ANSWER_PREFIX = "q-"
SAVE, FINISH, START = "save", "finish", "start"
# A question's id is a database bigint: a field named with a bigger number names no
# question, and must not reach the database (where it overflows).
MAX_ID = 2**63 - 1


def start(request: HttpRequest) -> HttpResponse:
    user = request.user
    organisations = (
        account_permissions.organisations_acting_for(user) if user.is_authenticated else []
    )
    checklist = selectors.current_checklist()
    return render(
        request,
        "toolkit/checklist/start.html",
        {
            "checklist": checklist,
            "sections": selectors.checklist_outline(checklist_id=checklist.pk) if checklist else [],
            "statuses": selectors.checklist_overview(organisations=organisations),
        },
    )


# ---------------------------------------------------------------------------
# Taking the checklist
# ---------------------------------------------------------------------------


def _posted_answers(request: HttpRequest) -> tuple[dict[int, str], bool]:
    """``{question id: choice}`` from the form, and whether any field name was malformed."""
    answers: dict[int, str] = {}
    malformed = False
    for name, value in request.POST.items():
        if not name.startswith(ANSWER_PREFIX):
            continue
        digits = name.removeprefix(ANSWER_PREFIX)
        if digits.isascii() and digits.isdigit() and 0 < int(digits) <= MAX_ID:
            answers[int(digits)] = value
        else:
            malformed = True
    return answers, malformed


def _render_take(
    request: HttpRequest,
    organisation: Organisation,
    assessment: Assessment,
    *,
    posted: dict[int, str] | None = None,
    error: str = "",
    unanswered: list | None = None,
) -> HttpResponse:
    sections = selectors.checklist_sections(checklist_id=assessment.checklist_id)
    choices = selectors.assessment_choices(assessment=assessment)
    # What was just posted is shown over what is saved, so nothing typed is lost.
    valid = set(AnswerChoice.values)
    choices.update({pk: c for pk, c in (posted or {}).items() if c in valid})
    missing = {q.pk for q in unanswered or []}
    total = 0
    for section in sections:
        section.rows = [
            {"question": q, "choice": choices.get(q.pk), "missing": q.pk in missing}
            for q in section.questions.all()
        ]
        section.answered = sum(1 for row in section.rows if row["choice"])
        total += len(section.rows)
    answered = sum(section.answered for section in sections)
    return render(
        request,
        "toolkit/checklist/take.html",
        {
            "organisation": organisation,
            "assessment": assessment,
            "sections": sections,
            "answer_choices": AnswerChoice.choices,
            "answered": answered,
            "total": total,
            "error": error,
            "unanswered": unanswered or [],
        },
    )


@login_required
def take(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    # A suspended organisation is hidden from those who may not see it: 404, as for
    # a slug that names nothing, never a 403 that says it exists.
    if not account_permissions.can_view_organisation(request.user, organisation):
        raise Http404
    if not permissions.can_take_checklist(request.user, organisation):
        raise PermissionDenied
    if request.method != "POST":
        # A GET never writes: with no assessment open, it offers to start one.
        assessment = selectors.open_assessment(organisation=organisation)
        if assessment is None:
            return render(
                request,
                "toolkit/checklist/take_start.html",
                {"organisation": organisation, "checklist": selectors.current_checklist()},
            )
        return _render_take(request, organisation, assessment)
    if request.POST.get("action") == START:
        try:
            services.assessment_start(organisation=organisation, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("toolkit:checklist")
        return redirect("toolkit:checklist_take", slug=organisation.slug)

    assessment = selectors.open_assessment(organisation=organisation)
    if assessment is None or str(assessment.pk) != request.POST.get("assessment"):
        messages.error(
            request,
            _(
                "These answers were for an assessment that has since been finished, perhaps "
                "in another window. Here is a new one, starting from its answers."
            ),
        )
        return redirect("toolkit:checklist_take", slug=organisation.slug)
    answers, malformed = _posted_answers(request)
    try:
        if malformed:
            raise DomainError(_("Some answers are for questions that are not in this checklist."))
        services.assessment_save_answers(assessment=assessment, answers=answers)
    except DomainError as error:
        return _render_take(request, organisation, assessment, posted=answers, error=error.message)
    if request.POST.get("action") != FINISH:
        messages.success(
            request,
            _(
                "Your answers are saved. Come back to this page whenever you like to carry on "
                "where you left off."
            ),
        )
        return redirect("toolkit:checklist_take", slug=organisation.slug)
    try:
        assessment = services.assessment_complete(assessment=assessment, user=request.user)
    except services.UnansweredQuestions as refusal:
        return _render_take(
            request,
            organisation,
            assessment,
            error=refusal.message,
            unanswered=refusal.questions,
        )
    except DomainError as error:
        return _render_take(request, organisation, assessment, error=error.message)
    messages.success(request, _("Thank you: your checklist is complete. Here are your results."))
    return redirect("toolkit:checklist_results", pk=assessment.pk)


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


def _chart_data(results: selectors.Results, history: selectors.History) -> dict:
    """What charts.js draws; the same figures are in the tables beside the charts."""
    data = {
        "sections": {
            "type": "bar",
            "label": _("Score out of 100"),
            "labels": [s.title for s in results.sections],
            "values": [s.score for s in results.sections],
        }
    }
    if history.has_earlier:
        data["overall"] = {
            "type": "line",
            "label": _("Overall score"),
            "labels": [date_format(a.completed_at, "j M Y") for a in history.columns],
            "values": [cell.score for cell in history.overall.cells],
        }
    return data


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        assessment = selectors.completed_assessment(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404 from None
    user = request.user
    if not permissions.can_view_results(user, assessment):
        raise Http404
    organisation = assessment.organisation
    scored = selectors.assessment_results(assessment=assessment)
    history = selectors.assessment_history(assessment=assessment, sections=scored.sections)
    peers = selectors.peer_groups(assessment=assessment)
    compared = [group for group in peers if group.enough]
    can_take = permissions.can_take_checklist(user, organisation)
    return render(
        request,
        "toolkit/checklist/results.html",
        {
            "assessment": assessment,
            "organisation": organisation,
            "results": scored,
            "history": history,
            "peers": peers,
            "compared": compared,
            "peer_rows": [
                {
                    "title": s.title,
                    "score": s.score,
                    "medians": [group.sections.get(s.key) for group in compared],
                }
                for s in scored.sections
            ],
            "chart_data": _chart_data(scored, history),
            "can_take": can_take,
            "open_assessment": selectors.open_assessment(organisation=organisation)
            if can_take
            else None,
        },
    )
