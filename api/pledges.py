"""Pledges: the approved ones with their commitments and progress, and counts of them by
theme, sector and ward. Nothing of a resident beyond the display name they chose."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from accounts.models import Sector, Ward
from accounts.selectors import ORGANISATIONS_CACHE_FAMILY
from measures.models import Outcome, Theme
from pledges import selectors
from pledges.models import Campaign, Pledge
from pledges.selectors import PLEDGES_CACHE_FAMILY

from .base import OpenDataListView
from .filters import SelectorFilterSet, search_filter, slug_filter
from .resources import Column, Resource

RESIDENT = "resident"  # the wall's "sector" of a personal pledge
SECTOR_CHOICES = [*Sector.choices, (RESIDENT, _("Residents (personal pledges)"))]


class ProgressUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="What has happened, in the pledger's words.")
    figure = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="The figure reached, if given."
    )
    marks_done = serializers.BooleanField(help_text="Whether this update completed it.")
    created_at = serializers.DateTimeField()


class CommitmentSerializer(serializers.Serializer):
    text = serializers.CharField()
    outcomes = serializers.SerializerMethodField()
    target_value = serializers.DecimalField(max_digits=12, decimal_places=2)
    target_unit = serializers.CharField()
    due_date = serializers.DateField()
    current_value = serializers.DecimalField(max_digits=12, decimal_places=2)
    progress_percent = serializers.IntegerField(help_text="0 to 100.")
    done = serializers.SerializerMethodField()
    updates = ProgressUpdateSerializer(many=True)

    def get_outcomes(self, commitment) -> list[str]:
        return [outcome.slug for outcome in commitment.outcomes.all()]

    def get_done(self, commitment) -> bool:
        return commitment.done_at is not None


class OrganisationSummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    sector = serializers.CharField()
    ward = serializers.CharField(source="ward.slug", allow_null=True, default=None)


class PledgeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    statement = serializers.CharField()
    campaign = serializers.CharField(source="campaign.slug")
    pledged_by = serializers.SerializerMethodField()
    pledger_kind = serializers.SerializerMethodField()
    organisation = OrganisationSummarySerializer(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    supporters = serializers.IntegerField(source="support_count")
    progress_percent = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()
    page = serializers.CharField(source="get_absolute_url")
    commitments = CommitmentSerializer(many=True)

    def get_pledged_by(self, pledge: Pledge) -> str:
        # An organisation's name, or the display name a resident chose to show.
        return str(pledge.pledged_by)

    def get_pledger_kind(self, pledge: Pledge) -> str:
        return RESIDENT if pledge.is_personal else "organisation"

    def get_progress_percent(self, pledge: Pledge) -> int:
        return selectors.pledge_progress_percent(pledge)

    def _outcomes(self, pledge: Pledge) -> list[Outcome]:
        found = {o.pk: o for c in pledge.commitments.all() for o in c.outcomes.all()}
        return sorted(found.values(), key=lambda o: o.number)

    def get_themes(self, pledge: Pledge) -> list[str]:
        themes = {o.theme.slug: o.theme.order for o in self._outcomes(pledge)}
        return sorted(themes, key=themes.get)

    def get_outcomes(self, pledge: Pledge) -> list[str]:
        return [o.slug for o in self._outcomes(pledge)]


class PledgeFilter(SelectorFilterSet):
    selector = staticmethod(selectors.open_data_pledges)
    filters_class = selectors.WallFilters

    q = search_filter("Words in the headline, the statement, a commitment or the organisation.")
    theme = slug_filter(Theme.objects.all(), "A theme's slug: people, planet, prosperity.", "theme")
    outcome = slug_filter(
        Outcome.objects.all(), "An outcome's slug (see /api/v1/outcomes/).", "outcome"
    )
    campaign = slug_filter(Campaign.objects.all(), "A campaign's slug.", "campaign")
    sector = django_filters.ChoiceFilter(
        choices=SECTOR_CHOICES, field_name="sector", help_text="The pledger's sector, or resident."
    )
    ward = slug_filter(Ward.objects.all(), "A ward's slug (see /api/v1/wards/).", "ward")

    class Meta:
        model = Pledge
        fields: list[str] = []


PLEDGES = Resource(
    name="pledges",
    title="Pledges",
    description=(
        "Approved pledges to the 10% Better campaign: who made them (an organisation, or a "
        "resident by the display name they chose), their commitments, targets and progress. "
        "Pledges waiting for moderation, rejected, withdrawn or lapsed are never included."
    ),
    changes="Whenever staff approve a pledge or a pledger reports progress: several times a day.",
    columns=(
        Column("id", "integer", "The pledge's number; its page is /pledges/<id>/."),
        Column("title", "string", "The pledge's headline."),
        Column("statement", "string", "Why they pledged, in their words (may be empty)."),
        Column("campaign", "string", "The campaign's slug."),
        Column("pledged_by", "string", "The organisation's name, or the resident's display name."),
        Column("pledger_kind", "string", "organisation or resident."),
        Column(
            "organisation",
            "string",
            "The organisation's slug (empty for a resident).",
            "organisation.slug",
        ),
        Column(
            "sector",
            "string",
            "The organisation's sector (empty for a resident).",
            "organisation.sector",
        ),
        Column(
            "ward",
            "string",
            "The organisation's ward's slug, if it is in Salford.",
            "organisation.ward",
        ),
        Column("approved_at", "datetime", "When staff approved it."),
        Column("expires_at", "datetime", "When its year ends, unless renewed."),
        Column("supporters", "integer", "How many residents back it."),
        Column(
            "commitments",
            "integer",
            "How many commitments it makes.",
            lambda row: len(row["commitments"]),
        ),
        Column(
            "progress_percent",
            "integer",
            "The mean progress of its commitments toward their targets, 0 to 100.",
        ),
        Column("themes", "string", "The themes its commitments serve, separated by '; '."),
        Column("outcomes", "string", "The outcomes its commitments serve, separated by '; '."),
        Column("page", "string", "Its page on the portal, relative to the portal's address."),
    ),
    filters=(
        ("q", "words in the headline, statement, a commitment or the organisation's name"),
        ("theme", "a theme's slug"),
        ("outcome", "an outcome's slug"),
        ("campaign", "a campaign's slug"),
        ("sector", "an organisation sector, or resident"),
        ("ward", "a ward's slug"),
    ),
    example="?theme=people&page_size=10",
)


class PledgeList(OpenDataListView):
    """Approved pledges with their commitments and progress, newest first."""

    resource = PLEDGES
    serializer_class = PledgeSerializer
    filterset_class = PledgeFilter
    families = (PLEDGES_CACHE_FAMILY, ORGANISATIONS_CACHE_FAMILY)

    def get_queryset(self) -> QuerySet[Pledge]:
        return selectors.open_data_pledges(selectors.WallFilters())


# ---------------------------------------------------------------------------
# Counts by theme, sector and ward
# ---------------------------------------------------------------------------

DIMENSIONS = ["theme", "sector", "ward"]


class PledgeCountSerializer(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=DIMENSIONS)
    key = serializers.CharField(allow_null=True, help_text="The slug or code; empty: not given.")
    label = serializers.CharField()
    pledges = serializers.IntegerField()


PLEDGE_COUNTS = Resource(
    name="pledge-counts",
    title="Pledge counts by theme, sector and ward",
    description=(
        "How many approved pledges serve each theme, come from each sector (residents as "
        "their own) and from each Salford ward. A pledge serving two themes counts under "
        "both; a resident's pledge counts in the ward the resident gave, an organisation's "
        "in its own; 'Outside Salford or not given' collects the rest."
    ),
    changes="Whenever a pledge is approved, withdrawn or lapses.",
    columns=(
        Column("dimension", "string", "theme, sector or ward."),
        Column(
            "key", "string", "The theme's, sector's or ward's slug (empty: outside or not given)."
        ),
        Column("label", "string", "Its name."),
        Column("pledges", "integer", "How many approved pledges."),
    ),
    filters=(("dimension", "theme, sector or ward: only those rows"),),
    example="?dimension=ward",
)


class DimensionSerializer(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=DIMENSIONS, required=False)


@extend_schema(
    parameters=[OpenApiParameter("dimension", str, enum=DIMENSIONS, description="Only these rows.")]
)
class PledgeCountList(OpenDataListView):
    """Counts of approved pledges by theme, by sector and by ward, every row listed."""

    resource = PLEDGE_COUNTS
    serializer_class = PledgeCountSerializer
    queryset = Pledge.objects.none()  # what the rows are about, for the OpenAPI description
    families = (PLEDGES_CACHE_FAMILY, ORGANISATIONS_CACHE_FAMILY)

    def get_queryset(self) -> list[dict]:
        params = DimensionSerializer(data=self.request.query_params if self.request else {})
        if not params.is_valid():
            raise ValidationError(params.errors)
        wanted = params.validated_data.get("dimension")
        counts = selectors.public_pledge_counts()
        labels = {
            "theme": [(t.slug, t.name) for t in Theme.objects.all()],
            "sector": [(value, str(label)) for value, label in SECTOR_CHOICES],
            "ward": [
                *((w.slug, w.name) for w in Ward.objects.all()),
                (None, "Outside Salford or not given"),
            ],
        }
        return [
            {
                "dimension": dimension,
                "key": key,
                "label": label,
                "pledges": counts[dimension].get(key, 0),
            }
            for dimension in DIMENSIONS
            if wanted in (None, dimension)
            for key, label in labels[dimension]
        ]
