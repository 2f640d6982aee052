"""What anyone can read: the charter, its versions, the signatory directory (with its
figures and a CSV), a certificate's verification, and the concern form."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import Sector, SizeBand, Ward
from core import filters as listing
from core import submissions
from core.cache import CacheUnavailable, limit_exceeded
from core.csv import csv_response
from core.errors import DomainError
from core.http import client_key

from .. import permissions, selectors, services
from ..forms import ConcernForm
from ..models import CharterVersion, Role, Signature

PAGE_SIZE = 25


def index(request: HttpRequest) -> HttpResponse:
    version = selectors.current_version()
    if version is None:
        raise Http404
    user = request.user
    return render(
        request,
        "charter/index.html",
        {
            "version": version,
            "summary": selectors.signatory_summary(),
            "versions": selectors.published_versions(),
            "can_sign": bool(permissions.organisations_user_can_sign_for(user)),
        },
    )


def version(request: HttpRequest, number: int) -> HttpResponse:
    try:
        found = selectors.version_by_number(number=number)
    except CharterVersion.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_version(request.user, found):
        raise Http404
    current = selectors.current_version()
    return render(
        request,
        "charter/version.html",
        {"version": found, "current": current, "versions": selectors.published_versions()},
    )


def _directory_filters(request: HttpRequest, wards, versions) -> selectors.DirectoryFilters:
    get = request.GET
    return selectors.DirectoryFilters(
        sector=listing.choice(get, "sector", Sector.values),
        size=listing.choice(get, "size", SizeBand.values),
        role=listing.choice(get, "role", Role.values),
        ward=listing.choice(get, "ward", {w.slug for w in wards}),
        version=listing.choice(get, "version", {str(v.number) for v in versions}),
    )


def directory(request: HttpRequest) -> HttpResponse:
    wards = list(Ward.objects.all())
    versions = selectors.published_versions()
    filters = _directory_filters(request, wards, versions)
    page = Paginator(selectors.directory(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    figures = selectors.directory_figures(filters)
    return render(
        request,
        "charter/directory.html",
        {
            "page": page,
            "filters": filters,
            "figures": figures,
            "chart_data": selectors.chart_data(figures),
            "sectors": Sector.choices,
            "sizes": SizeBand.choices,
            "roles": Role.choices,
            "wards": wards,
            "versions": versions,
            "query_string": listing.query_string_without(request),
            "csv_query": listing.query_string_without(request, "page"),
        },
    )


@require_safe
def directory_csv(request: HttpRequest) -> HttpResponse:
    """The directory's rows, as filtered on the page, every page of them (streamed)."""
    filters = _directory_filters(request, list(Ward.objects.all()), selectors.published_versions())
    header = [
        _("Organisation"),
        _("Sector"),
        _("Size"),
        _("Ward"),
        _("Role"),
        _("Charter version"),
        _("Signatory since"),
        _("Review"),
        _("Organisation page"),
    ]

    def rows():
        for signature in selectors.directory(filters).iterator(chunk_size=500):
            organisation = signature.organisation
            overdue = signature.is_review_overdue() and not signature.review_waiting
            yield [
                organisation.name,
                organisation.get_sector_display(),
                organisation.get_size_band_display(),
                organisation.ward.name if organisation.ward else _("Outside Salford"),
                signature.get_role_display(),
                signature.version.number,
                (signature.signatory_since or signature.verified_at).date().isoformat(),
                _("Overdue") if overdue else _("Up to date"),
                request.build_absolute_uri(organisation.get_absolute_url()),
            ]

    return csv_response("charter-signatories.csv", header, rows())


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The certificate's public check: genuine, and whether it is still current."""
    signature = selectors.signature_by_token(token=token)
    if signature is None:
        raise Http404
    response = render(
        request,
        "charter/verify.html",
        {"signature": signature, "state": selectors.certificate_state(signature)},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


CONCERNS_PER_HOUR = 5


def _concern_refusal(request: HttpRequest) -> tuple[str, int] | None:
    """Why this concern cannot be taken now, with the status to answer, or None.
    Anyone may report a concern, so anonymous reports are counted per address; when
    they cannot be counted (the cache is down), they wait rather than go unlimited."""
    if request.user.is_authenticated:
        return None
    try:
        too_many = limit_exceeded(
            f"charter:concerns:{client_key(request)}",
            limit=CONCERNS_PER_HOUR,
            period=3600,
        )
    except CacheUnavailable:
        return _("We cannot take reports for a moment. Please try again shortly."), 503
    if too_many:
        return _("You have sent several concerns in the last hour. Please try again later."), 429
    return None


def concern(request: HttpRequest, pk: int) -> HttpResponse:
    signature = Signature.objects.select_related("organisation", "version").filter(pk=pk).first()
    if signature is None or not permissions.can_report_concern(request.user, signature):
        raise Http404
    form = ConcernForm(request.POST or None)
    if request.user.is_authenticated:
        del form.fields["email"]  # staff can reach a signed-in reporter already
    context = {"signature": signature, "form": form}
    refusal = _concern_refusal(request) if request.method == "POST" else None
    if refusal:
        message, status = refusal
        form.add_error(None, message)
        return render(request, "charter/concern_form.html", context, status=status)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.once(
                request,
                lambda: services.signature_concern_report(
                    signature=signature,
                    text=form.cleaned_data["text"],
                    reporter=request.user,
                    reporter_email=form.cleaned_data.get("email", ""),
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Thank you. Alliance staff will look at your concern about %(name)s.")
                % {"name": signature.organisation.name},
            )
            return redirect(signature.organisation)
    return render(request, "charter/concern_form.html", context)
