"""Reads for the charter: its page, the signatory directory and its figures, a signature's
page, the organisation page's panel, and what waits for staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Sector, SizeBand

from . import evidence
from .models import (
    ActionStatement,
    CharterVersion,
    EvidenceLink,
    Role,
    Signature,
    SignatureConcern,
    SignatureEvent,
    SignatureReview,
)


def _review_waiting():
    return Exists(
        SignatureReview.objects.filter(
            signature=OuterRef("pk"), status=SignatureReview.Status.SUBMITTED
        )
    )


# ---------------------------------------------------------------------------
# The charter and its versions
# ---------------------------------------------------------------------------


def current_version() -> CharterVersion | None:
    return CharterVersion.objects.current()


def published_versions() -> list[CharterVersion]:
    """Every published version, newest first, without the long text."""
    return list(
        CharterVersion.objects.published()
        .only("number", "title", "effective_on", "published_at")
        .order_by("-number")
    )


def version_by_number(*, number: int) -> CharterVersion:
    """Raises CharterVersion.DoesNotExist."""
    return CharterVersion.objects.get(number=number)


def signatory_summary() -> dict:
    """How many organisations are signatories now, by sector and by role."""
    listed = Signature.objects.listed()
    by_sector = dict(listed.values_list("organisation__sector").annotate(n=Count("pk")).order_by())
    by_role = dict(listed.values_list("role").annotate(n=Count("pk")).order_by())
    return {
        "total": sum(by_sector.values()),
        "sectors": [(label, by_sector.get(value, 0)) for value, label in Sector.choices],
        "roles": [(label, by_role.get(value, 0)) for value, label in Role.choices],
    }


# ---------------------------------------------------------------------------
# The signatory directory
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    sector: str = ""
    size: str = ""
    role: str = ""
    ward: str = ""  # a ward's slug
    version: str = ""  # a version's number

    @property
    def active(self) -> bool:
        return any(vars(self).values())


def _filtered(filters: DirectoryFilters) -> QuerySet[Signature]:
    qs = Signature.objects.listed()
    if filters.sector:
        qs = qs.filter(organisation__sector=filters.sector)
    if filters.size:
        qs = qs.filter(organisation__size_band=filters.size)
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.ward:
        qs = qs.filter(organisation__ward__slug=filters.ward)
    if filters.version:
        qs = qs.filter(version__number=int(filters.version))
    return qs


def directory(filters: DirectoryFilters) -> QuerySet[Signature]:
    """Listed signatories, by organisation name, with what a row shows."""
    return (
        _filtered(filters)
        .select_related("organisation__ward", "version")
        .only(
            "role",
            "basis",
            "verified_at",
            "signatory_since",
            "cycle_started_at",
            "status",
            "certificate_number",
            "organisation__name",
            "organisation__slug",
            "organisation__sector",
            "organisation__size_band",
            "organisation__ward__name",
            "version__number",
        )
        .annotate(review_waiting=_review_waiting())
        .order_by("organisation__name", "pk")
    )


def directory_figures(filters: DirectoryFilters) -> dict:
    """How many and what sort: counts by sector, size and role, and signatories over
    time (cumulative by the quarter each first signed). Four grouped queries."""
    qs = _filtered(filters)

    def counts(field: str, choices) -> list[tuple[str, int]]:
        found = dict(qs.values_list(field).annotate(n=Count("pk")).order_by())
        return [(label, found.get(value, 0)) for value, label in choices]

    per_quarter = (
        qs.annotate(quarter=TruncQuarter("signatory_since"))
        .values_list("quarter")
        .annotate(n=Count("pk"))
        .order_by("quarter")
    )
    over_time, running = [], 0
    for quarter, n in per_quarter:
        if quarter is None:
            continue
        running += n
        local = timezone.localtime(quarter) if timezone.is_aware(quarter) else quarter
        over_time.append((f"{local.year} Q{(local.month - 1) // 3 + 1}", running))
    by_sector = counts("organisation__sector", Sector.choices)
    return {
        "total": sum(n for _label, n in by_sector),
        "sectors": by_sector,
        "sizes": counts("organisation__size_band", SizeBand.choices),
        "roles": counts("role", Role.choices),
        "over_time": over_time,
    }


def chart_data(figures: dict) -> dict:
    """What static/js/charts.js draws (the tables beside the charts hold the same)."""

    def bars(rows, label):
        return {
            "type": "bar",
            "label": str(label),
            "labels": [str(name) for name, _n in rows],
            "values": [n for _name, n in rows],
            "scale": "count",
        }

    return {
        "sectors": bars(figures["sectors"], _("Signatories")),
        "sizes": bars(figures["sizes"], _("Signatories")),
        "roles": bars(figures["roles"], _("Signatories")),
        "over_time": {
            "type": "line",
            "label": _("Signatories"),
            "labels": [name for name, _n in figures["over_time"]],
            "values": [n for _name, n in figures["over_time"]],
            "scale": "count",
        },
    }


# ---------------------------------------------------------------------------
# A signature's own page, the certificate and its verification
# ---------------------------------------------------------------------------


def _statements_prefetch() -> Prefetch:
    return Prefetch(
        "statements",
        queryset=ActionStatement.objects.prefetch_related(
            Prefetch("evidence", queryset=EvidenceLink.objects.order_by("pk"))
        ),
    )


def signature_for_page(*, pk: int) -> Signature:
    """A signature with its organisation, version and statements. Raises DoesNotExist."""
    return (
        Signature.objects.select_related("organisation__ward", "version", "signed_by")
        .prefetch_related(_statements_prefetch())
        .get(pk=pk)
    )


def signature_by_token(*, token: str) -> Signature | None:
    return (
        Signature.objects.select_related("organisation", "version")
        .filter(certificate_token=token)
        .exclude(verified_at__isnull=True)
        .first()
    )


def certificate_state(signature: Signature) -> str:
    """What the public verification page says: current, review_overdue, withdrawn,
    lapsed, superseded or suspended."""
    if signature.organisation.is_suspended and signature.status == Signature.Status.VERIFIED:
        return "suspended"
    if signature.status == Signature.Status.VERIFIED:
        waiting = SignatureReview.objects.filter(
            signature=signature, status=SignatureReview.Status.SUBMITTED
        ).exists()
        return "review_overdue" if signature.is_review_overdue() and not waiting else "current"
    return str(signature.status)


def statements_with_evidence(signature: Signature) -> list[dict]:
    """The statements in Embed, Deliver, Demonstrate order, each with its still-public
    evidence (one query per evidence model)."""
    statements = sorted(signature.statements.all(), key=lambda s: AREA_ORDER[s.area])
    links = [link for s in statements for link in s.evidence.all()]
    items = evidence.items_for_links(signature.organisation, links)
    return [
        {
            "statement": s,
            "expectation": signature.version.expectation(s.area),
            "evidence": [items[link.pk] for link in s.evidence.all() if link.pk in items],
            "evidence_keys": [evidence.link_key(link) for link in s.evidence.all()],
        }
        for s in statements
    ]


AREA_ORDER = {"embed": 0, "deliver": 1, "demonstrate": 2}


def review_for_page(review: SignatureReview) -> list[dict]:
    entries = sorted(review.entries.prefetch_related("evidence"), key=lambda e: AREA_ORDER[e.area])
    links = [link for e in entries for link in e.evidence.all()]
    items = evidence.items_for_links(review.signature.organisation, links)
    return [
        {
            "entry": e,
            "evidence": [items[link.pk] for link in e.evidence.all() if link.pk in items],
            "evidence_keys": [evidence.link_key(link) for link in e.evidence.all()],
        }
        for e in entries
    ]


def signature_history(*, signature: Signature) -> QuerySet[SignatureEvent]:
    return SignatureEvent.objects.filter(signature=signature).select_related("actor")


def latest_accepted_review(signature: Signature) -> SignatureReview | None:
    return (
        SignatureReview.objects.filter(signature=signature, status=SignatureReview.Status.ACCEPTED)
        .select_related("signature__organisation")
        .order_by("-accepted_at")
        .first()
    )


def organisation_signatures(*, organisation: Organisation) -> list[Signature]:
    """All the organisation's signatures, newest first, for its admins' signing page."""
    return list(
        Signature.objects.filter(organisation=organisation)
        .select_related("version")
        .order_by("-created_at")
    )


def organisation_charter(*, organisation: Organisation) -> dict:
    """The organisation page's charter panel: its listed signature (if any), its state,
    its statements with evidence and the latest accepted review."""
    signature = (
        Signature.objects.filter(organisation=organisation, status=Signature.Status.VERIFIED)
        .select_related("version", "organisation")
        .prefetch_related(_statements_prefetch())
        .first()
    )
    if signature is None or organisation.is_suspended:
        return {"signature": None}
    review = latest_accepted_review(signature)
    return {
        "signature": signature,
        "state": certificate_state(signature),
        "statements": statements_with_evidence(signature),
        "review": review,
        "review_entries": review_for_page(review) if review else [],
    }


# ---------------------------------------------------------------------------
# What waits for staff (moderation/selectors.py shows these)
# ---------------------------------------------------------------------------


def _search_organisation(qs: QuerySet, search: str, prefix: str = "") -> QuerySet:
    if not search:
        return qs
    return qs.filter(
        Q(**{f"{prefix}organisation__name__icontains": search})
        | Q(**{f"{prefix}signatory_name__icontains": search})
    )


def signatures_awaiting_verification(*, search: str = "") -> QuerySet[Signature]:
    qs = Signature.objects.filter(status=Signature.Status.SUBMITTED)
    return (
        _search_organisation(qs, search)
        .select_related("organisation", "version")
        .order_by("submitted_at", "pk")
    )


def reviews_awaiting_decision(*, search: str = "") -> QuerySet[SignatureReview]:
    qs = SignatureReview.objects.filter(status=SignatureReview.Status.SUBMITTED)
    return (
        _search_organisation(qs, search, prefix="signature__")
        .select_related("signature__organisation", "signature__version")
        .order_by("submitted_at", "pk")
    )


def signatures_overdue(*, search: str = "") -> QuerySet[Signature]:
    """Verified signatures past 13 months without a review, longest overdue first."""
    qs = Signature.objects.overdue()
    return (
        _search_organisation(qs, search)
        .select_related("organisation", "version")
        .order_by("cycle_started_at", "pk")
    )


def open_concerns(*, search: str = "") -> QuerySet[SignatureConcern]:
    qs = SignatureConcern.objects.filter(resolved_at__isnull=True)
    if search:
        qs = qs.filter(
            Q(signature__organisation__name__icontains=search) | Q(text__icontains=search)
        )
    return qs.select_related("signature__organisation", "reporter").order_by("created_at", "pk")


def user_data_export(*, user) -> dict:
    """The charter signatures the person made, for their data download."""
    return {
        "charter_signatures": [
            {
                "organisation": s.organisation.name,
                "version": s.version.number,
                "status": s.status,
                "signatory_name": s.signatory_name,
                "signatory_position": s.signatory_position,
                "created_at": s.created_at.isoformat(),
            }
            for s in Signature.objects.filter(signed_by=user).select_related(
                "organisation", "version"
            )
        ]
    }
