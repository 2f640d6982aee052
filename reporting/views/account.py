"""The signed-in person's own data, gathered from every app."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from .. import selectors


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = selectors.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="salford-social-value-my-data.json"'
    return response
