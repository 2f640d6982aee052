"""Each role's home, "Your dashboard": what waits on whom and what to do next."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import permissions
from ..selectors import homes


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    is_staff = permissions.is_alliance_staff(user)
    is_commissioner = permissions.is_commissioner(user)
    context = {
        "organisations": homes.organisation_homes(user=user, today=today),
        "personal_pledges": homes.personal_pledges(user=user),
        "supports": homes.supported_pledges(user=user),
        "is_staff": is_staff,
        "is_commissioner": is_commissioner,
        "today": today,
    }
    if is_staff:
        context["staff"] = homes.staff_home(today=today)
    if is_commissioner or is_staff:
        context["commissioner"] = homes.commissioner_home(user=user)
    return render(request, "reporting/home_for_role.html", context)
