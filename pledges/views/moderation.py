"""Alliance staff review a submitted pledge (the queue itself is the moderation app's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core.review import Decision
from core.views import review_page

from .. import selectors
from ..comparison import compare_revision
from ..models import Pledge
from ..permissions import can_moderate
from ..services.moderation import PLEDGE_REVIEW


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_moderate(request.user):
        raise PermissionDenied
    try:
        pledge = selectors.pledge_for_page(pk=pk)
    except Pledge.DoesNotExist:
        raise Http404 from None
    if pledge.status != Pledge.Status.SUBMITTED:
        raise Http404
    context = {"pledge": pledge}
    if pledge.revision_of_id:
        original = selectors.pledge_for_page(pk=pledge.revision_of_id)
        context.update(
            original=original,
            comparison=compare_revision(revision=pledge, original=original),
            original_history=PLEDGE_REVIEW.history(original),
        )
    return review_page(
        request,
        workflow=PLEDGE_REVIEW,
        item=pledge,
        template="pledges/moderation/review.html",
        context=context,
        title=pledge.title,
        done_messages={
            Decision.APPROVE: _("“%(title)s” is approved; the pledger has been told."),
            Decision.CHANGES: _("“%(title)s” has gone back to the pledger with your comments."),
            Decision.REJECT: _("“%(title)s” is rejected; the pledger has been told why."),
        },
    )
