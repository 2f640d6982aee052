"""What the measures views share: finding an organisation by its slug with a check."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts.models import Organisation
from accounts.permissions import can_view_organisation

PAGE_SIZE = 20


def organisation_or_403(
    request: HttpRequest, slug: str, allowed: Callable[..., bool]
) -> Organisation:
    """The organisation (its slug is public, so 404 only when there is none, or when it
    is suspended and hidden from this user), or 403 when ``allowed(user, organisation)``
    says no."""
    try:
        organisation = Organisation.objects.select_related("ward").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not can_view_organisation(request.user, organisation):
        raise Http404
    if not allowed(request.user, organisation):
        raise PermissionDenied
    return organisation
