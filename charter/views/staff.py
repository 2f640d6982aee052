"""Staff: verify a submitted signature, decide on a yearly review, deal with a concern.

The decisions go through ``core.review`` (``review_page``), which records them and tells
the organisation.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.review import Decision
from core.views import review_page

from .. import permissions, selectors, services
from ..forms import ConcernResolutionForm
from ..models import Signature, SignatureConcern, SignatureReview


def _staff_only(request: HttpRequest) -> None:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied


@login_required
def signature_review(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    try:
        signature = selectors.signature_for_page(pk=pk)
    except Signature.DoesNotExist:
        raise Http404 from None
    if signature.status != Signature.Status.SUBMITTED:
        raise Http404
    return review_page(
        request,
        workflow=services.SIGNATURE_VERIFICATION,
        item=signature,
        template="charter/moderation/signature_review.html",
        context={
            "signature": signature,
            "statements": selectors.statements_with_evidence(signature),
            "earlier": selectors.organisation_signatures(organisation=signature.organisation),
        },
        title=signature.organisation.name,
        done_messages={
            Decision.APPROVE: _(
                "%(title)s’s signature is verified; its certificate is ready and the "
                "organisation has been told."
            ),
            Decision.CHANGES: _(
                "%(title)s’s signature has gone back to the organisation with your comments."
            ),
        },
    )


@login_required
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    review = (
        SignatureReview.objects.select_related(
            "signature__organisation", "signature__version", "author"
        )
        .filter(pk=pk, status=SignatureReview.Status.SUBMITTED)
        .first()
    )
    if review is None:
        raise Http404
    signature = selectors.signature_for_page(pk=review.signature_id)
    return review_page(
        request,
        workflow=services.REVIEW_ACCEPTANCE,
        item=review,
        template="charter/moderation/review_decide.html",
        context={
            "review": review,
            "signature": signature,
            "entries": selectors.review_for_page(review),
            "statements": selectors.statements_with_evidence(signature),
        },
        title=signature.organisation.name,
        done_messages={
            Decision.APPROVE: _(
                "%(title)s’s yearly review is accepted; its next year has started."
            ),
            Decision.CHANGES: _(
                "%(title)s’s yearly review has gone back to the organisation with your comments."
            ),
        },
    )


@require_POST
@login_required
def concern_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    concern = get_object_or_404(
        SignatureConcern.objects.select_related("signature__organisation"), pk=pk
    )
    form = ConcernResolutionForm(request.POST)
    if not form.is_valid():
        # Say what is wrong (too long is not the same as missing).
        for error in form.errors.get("resolution", []) or [
            _("Say what was done about the concern before marking it.")
        ]:
            messages.error(request, error)
    else:
        try:
            services.signature_concern_resolve(
                concern=concern, actor=request.user, resolution=form.cleaned_data["resolution"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The concern about %(name)s is dealt with.")
                % {"name": concern.signature.organisation.name},
            )
    return redirect(reverse("moderation:queue") + "?kind=charter-concerns")
