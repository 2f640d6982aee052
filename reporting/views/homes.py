"""Each role's home, "Your dashboard": what waits on whom and what to do next."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core import fragments

from .. import permissions
from ..selectors import homes


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    home_html = homes.home_html(
        user=user,
        today=today,
        is_staff=permissions.is_alliance_staff(user),
        is_commissioner=permissions.is_commissioner(user),
        render=partial(fragments.render, "reporting/includes/home_body.html"),
    )
    return render(
        request,
        "reporting/home_for_role.html",
        {"home_html": fragments.with_csrf(home_html, request)},
    )
