"""Public pages of the outcome framework."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pledges.selectors import outcome_pledge_summary


def progress(request: HttpRequest) -> HttpResponse:
    """The eleven outcomes under their themes, with the pledges made toward each."""
    return render(
        request,
        "measures/progress.html",
        {"themes": outcome_pledge_summary(per_outcome=3)},
    )
