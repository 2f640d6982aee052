"""What an organisation does: sign (a draft, then submitted), see its signature and its
history, print its certificate, write the yearly review, withdraw.

Each view: load the signature (404 for someone who may not see it), check permission
(403), validate, call one service, render or redirect.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import submissions
from core.errors import DomainError

from .. import evidence, permissions, selectors, services
from ..certificates import qr_svg
from ..forms import ReviewForm, SignForm, WithdrawForm, review_initial, sign_initial
from ..models import Signature
from ..services.reviews import open_review
from ..services.signing import current_draft


def _signature(
    request: HttpRequest, pk: int, allowed: Callable[..., bool] | None = None
) -> Signature:
    try:
        signature = selectors.signature_for_page(pk=pk)
    except Signature.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_signature(request.user, signature):
        raise Http404
    if allowed is not None and not allowed(request.user, signature):
        raise PermissionDenied
    return signature


@login_required
def sign(request: HttpRequest) -> HttpResponse:
    organisations = permissions.organisations_user_can_sign_for(request.user)
    if not organisations:
        # Not a bare 403: say who can sign and how to become able to.
        return render(request, "charter/cannot_sign.html", status=403)
    slug = request.GET.get("organisation", "")
    chosen = next((o for o in organisations if o.slug == slug), None)
    if chosen is None and len(organisations) == 1:
        chosen = organisations[0]
    if chosen is None:
        return render(request, "charter/choose_organisation.html", {"organisations": organisations})
    version = selectors.current_version()
    if version is None:
        raise Http404
    signed = selectors.organisation_signatures(organisation=chosen)
    done = next(
        (
            s
            for s in signed
            if s.version_id == version.pk
            and s.status in (Signature.Status.SUBMITTED, Signature.Status.VERIFIED)
        ),
        None,
    )
    if done is not None:
        # One live signature per version: show the one there is.
        messages.info(
            request,
            _("%(name)s has already signed version %(n)s of the charter.")
            % {"name": chosen.name, "n": version.number},
        )
        return redirect(done)
    draft = current_draft(chosen)
    initial = {}
    if draft is not None:
        initial = sign_initial(draft, selectors.statements_with_evidence(draft))
    form = SignForm(request.POST or None, initial=initial, evidence=evidence.offered(chosen))
    if request.method == "POST" and form.is_valid():
        try:
            signature = submissions.once(
                request,
                lambda: services.charter_sign(
                    actor=request.user, organisation=chosen, **form.signature_data()
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.submitting:
                messages.success(
                    request,
                    _(
                        "Thank you: your signature is with the alliance’s staff to verify. "
                        "We will email you when they have."
                    ),
                )
            else:
                messages.success(request, _("Your draft is saved. Come back to finish it."))
            return redirect(signature)
    return render(
        request,
        "charter/sign.html",
        {
            "form": form,
            "organisation": chosen,
            "version": version,
            "draft": draft,
            "signed": signed,
        },
    )


def signature(request: HttpRequest, pk: int) -> HttpResponse:
    found = _signature(request, pk)
    user = request.user
    review = open_review(found)
    latest = selectors.latest_accepted_review(found)
    context = {
        "signature": found,
        "state": selectors.certificate_state(found),
        "statements": selectors.statements_with_evidence(found),
        "history": selectors.signature_history(signature=found),
        "review": review,
        "latest_review": latest,
        "latest_entries": selectors.review_for_page(latest) if latest else [],
        "can_edit": permissions.can_edit_signature(user, found),
        "can_withdraw": permissions.can_withdraw(user, found),
        "can_review": permissions.can_review(user, found),
        "can_certificate": permissions.can_view_certificate(user, found),
        "is_staff": permissions.is_alliance_staff(user),
    }
    return render(request, "charter/signature.html", context)


def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    found = _signature(request, pk)
    if not permissions.can_view_certificate(request.user, found):
        raise Http404
    url = request.build_absolute_uri(found.get_verification_url())
    return render(
        request,
        "charter/certificate.html",
        {
            "signature": found,
            "verification_url": url,
            "qr": qr_svg(url),
        },
    )


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = _signature(request, pk, permissions.can_withdraw)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_withdraw(
                signature=found, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s’s signature is withdrawn. Its history is kept.")
                % {"name": found.organisation.name},
            )
            return redirect(found)
    return render(request, "charter/withdraw.html", {"signature": found, "form": form})


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    found = _signature(request, pk, permissions.can_review)
    draft = open_review(found)
    statements = selectors.statements_with_evidence(found)
    if draft is not None and draft.status != draft.Status.DRAFT:
        messages.info(request, _("Your review is with the alliance’s staff."))
        return redirect(found)
    entries = selectors.review_for_page(draft) if draft else []
    form = ReviewForm(
        request.POST or None,
        initial=review_initial(entries, statements),
        evidence=evidence.offered(found.organisation),
    )
    if request.method == "POST" and form.is_valid():
        write = (
            services.signature_review_submit if form.submitting else services.signature_review_save
        )
        try:
            submissions.once(
                request,
                lambda: write(signature=found, actor=request.user, entries=form.statements()),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.submitting:
                messages.success(
                    request,
                    _("Thank you: your review is with the alliance’s staff."),
                )
            else:
                messages.success(request, _("Your review is saved as a draft."))
            return redirect(found)
    return render(
        request,
        "charter/review.html",
        {"signature": found, "form": form, "statements": statements, "draft": draft},
    )
