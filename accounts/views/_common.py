"""What the accounts pages share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .. import permissions, selectors
from ..models import Organisation


def organisation_for(request: HttpRequest, slug: str, allowed=None) -> Organisation:
    """The organisation at ``slug``, or 404 if this user may not see it, or 403 if
    ``allowed(user, organisation)`` says no."""
    try:
        organisation = selectors.organisation_get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_organisation(request.user, organisation):
        raise Http404
    if allowed is not None and not allowed(request.user, organisation):
        raise PermissionDenied
    return organisation
