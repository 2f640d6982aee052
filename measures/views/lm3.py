"""LM3: what it is, an organisation's history and form, and one period's result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import submissions
from core.errors import DomainError

from .. import permissions, services
from ..forms.lm3 import LM3Form
from ..models import LM3Survey
from ..selectors import lm3 as selectors
from ._common import organisation_or_403


def index(request: HttpRequest) -> HttpResponse:
    """What LM3 is, and the way to each of the person's organisations' LM3."""
    return render(
        request,
        "measures/lm3/index.html",
        {"organisations": permissions.organisations_for(request.user)},
    )


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    found = organisation_or_403(request, slug, permissions.can_view_lm3)
    can_record = permissions.can_record_lm3(request.user, found)
    form = LM3Form(request.POST or None, today=timezone.localdate()) if can_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                survey = submissions.once(
                    request,
                    lambda: services.lm3_record(
                        organisation=found, actor=request.user, figures=form.figures()
                    ),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your LM3 is worked out."))
                return redirect(survey)
    return render(
        request,
        "measures/lm3/organisation.html",
        {
            "organisation": found,
            "form": form,
            "history": selectors.organisation_lm3_history(organisation=found),
        },
    )


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        survey = selectors.lm3_for_page(pk=pk)
    except LM3Survey.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_lm3_survey(request.user, survey):
        raise Http404
    return render(
        request,
        "measures/lm3/result.html",
        {"survey": survey, "organisation": survey.organisation, "figures": survey.figures},
    )
