"""The review page each app keeps for its own kind of submission, built the same way."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .errors import DomainError
from .forms import DecisionForm
from .review import ReviewWorkflow


def review_page(
    request: HttpRequest,
    *,
    workflow: ReviewWorkflow,
    item: models.Model,
    template: str,
    context: dict[str, Any],
    done_messages: dict[str, str],
    title: str,
    next_url: str = "moderation:queue",
) -> HttpResponse:
    """Show ``item`` with the decision form; on a valid POST, decide and go back to the
    queue saying ``done_messages[decision] % {"title": title}``. The caller has checked
    the permission; the workflow checks it again inside its transaction."""
    form = DecisionForm(request.POST or None, workflow=workflow)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            workflow.decide(
                item, actor=request.user, decision=decision, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done_messages[decision] % {"title": title})
            return redirect(next_url)
    return render(
        request,
        template,
        {**context, "form": form, "workflow": workflow, "history": workflow.history(item)},
    )
