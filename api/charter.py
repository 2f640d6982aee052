"""The charter's verified signatories: the directory's list, filtered as it filters."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers

from accounts.models import SizeBand, Ward
from accounts.selectors import ORGANISATIONS_CACHE_FAMILY
from charter import selectors
from charter.models import CharterVersion, Role, Signature

from .base import OpenDataListView
from .caching import CHARTER_FAMILY
from .filters import SelectorFilterSet, SlugFilter, slug_filter
from .pledges import SECTOR_CHOICES
from .resources import Column, Resource


class SignatorySerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name")
    organisation_slug = serializers.CharField(source="organisation.slug")
    sector = serializers.CharField(source="organisation.sector")
    size = serializers.CharField(source="organisation.size_band")
    ward = serializers.CharField(source="organisation.ward.name", allow_null=True, default=None)
    role = serializers.ChoiceField(choices=Role.choices)
    basis = serializers.CharField()
    charter_version = serializers.IntegerField(source="version.number")
    signatory_since = serializers.DateTimeField(allow_null=True)
    verified_at = serializers.DateTimeField(allow_null=True)
    certificate_number = serializers.CharField(allow_null=True)
    review_overdue = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    def get_review_overdue(self, signature: Signature) -> bool:
        # A review waiting for staff is the alliance's delay, not the organisation's.
        return signature.is_review_overdue() and not signature.review_waiting

    def get_page(self, signature: Signature) -> str:
        return signature.organisation.get_absolute_url()


class SignatoryFilter(SelectorFilterSet):
    selector = staticmethod(selectors.directory)
    filters_class = selectors.DirectoryFilters

    sector = django_filters.ChoiceFilter(
        choices=SECTOR_CHOICES[:-1], field_name="sector", help_text="The organisation's sector."
    )
    size = django_filters.ChoiceFilter(
        choices=SizeBand.choices, field_name="size", help_text="The organisation's size band."
    )
    role = django_filters.ChoiceFilter(
        choices=Role.choices, field_name="role", help_text="What it signed as."
    )
    ward = slug_filter(Ward.objects.all(), "A ward's slug (see /api/v1/wards/).", "ward")
    version = SlugFilter(
        queryset=CharterVersion.objects.published(),
        to_field_name="number",
        field_name="version",
        help_text="The number of the charter version signed.",
    )

    class Meta:
        model = Signature
        fields: list[str] = []


SIGNATORIES = Resource(
    name="charter-signatories",
    title="Charter signatories",
    description=(
        "Organisations whose signature of the Social Value Charter staff have verified, and "
        "that are not suspended. Signatures in draft, waiting for verification, withdrawn, "
        "lapsed or superseded are never included. The person who signed is not published."
    ),
    changes="When staff verify a signature, or one is withdrawn or lapses: weekly.",
    columns=(
        Column("organisation", "string", "The organisation's name."),
        Column("organisation_slug", "string", "Its page is /organisations/<slug>/."),
        Column("sector", "string", "Its sector."),
        Column("size", "string", "Its size band: micro, small, medium or large."),
        Column("ward", "string", "The Salford ward it is based in (empty: outside Salford)."),
        Column("role", "string", "commissioner, provider or both."),
        Column("basis", "string", "voluntary, or contract (a contract requires it)."),
        Column("charter_version", "integer", "The version of the charter it signed."),
        Column("signatory_since", "datetime", "When it first became a signatory."),
        Column("verified_at", "datetime", "When staff verified this signature."),
        Column("certificate_number", "string", "Its certificate's number."),
        Column("review_overdue", "boolean", "Its yearly review is more than a month late."),
        Column("page", "string", "Its page on the portal, relative to the portal's address."),
    ),
    filters=(
        ("sector", "a sector"),
        ("size", "a size band"),
        ("role", "commissioner, provider or both"),
        ("ward", "a ward's slug"),
        ("version", "a charter version's number"),
    ),
    example="?role=commissioner",
)


class SignatoryList(OpenDataListView):
    """Verified charter signatories, by organisation name."""

    resource = SIGNATORIES
    serializer_class = SignatorySerializer
    filterset_class = SignatoryFilter
    families = (CHARTER_FAMILY, ORGANISATIONS_CACHE_FAMILY)

    def get_queryset(self) -> QuerySet[Signature]:
        return selectors.directory(selectors.DirectoryFilters())
