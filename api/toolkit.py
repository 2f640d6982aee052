"""The toolkit's published case studies and guides, filtered as their pages filter."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers

from accounts.selectors import ORGANISATIONS_CACHE_FAMILY
from measures.models import Outcome
from toolkit.models import Audience, CaseStudy, CLESQuality, Guide, Kind, Stage
from toolkit.selectors import case_studies, guides

from .base import OpenDataListView
from .caching import TOOLKIT_FAMILY
from .filters import SelectorFilterSet, search_filter, slug_filter
from .pledges import SECTOR_CHOICES
from .resources import Column, Resource


class WithOutcomes(serializers.Serializer):
    outcomes = serializers.SerializerMethodField()

    def get_outcomes(self, item) -> list[str]:
        """The outcomes' slugs, from the selector's prefetched outcomes."""
        return [outcome.slug for outcome in item.outcomes.all()]


class CaseStudySerializer(WithOutcomes):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    organisation_slug = serializers.CharField(source="organisation.slug")
    sector = serializers.CharField()
    qualities = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)
    page = serializers.CharField(source="get_absolute_url")

    def get_qualities(self, case_study: CaseStudy) -> list[str]:
        return [
            quality
            for quality, flag in case_studies.QUALITY_FLAGS.items()
            if getattr(case_study, flag)
        ]


class CaseStudyFilter(SelectorFilterSet):
    selector = staticmethod(case_studies.published_case_studies)
    filters_class = case_studies.CaseStudyFilters

    q = search_filter("Words in the title, summary, story or the organisation's name.")
    sector = django_filters.ChoiceFilter(choices=SECTOR_CHOICES[:-1], field_name="sector")
    quality = django_filters.ChoiceFilter(
        choices=CLESQuality.choices, field_name="quality", help_text="A CLES quality it shows."
    )
    outcome = slug_filter(Outcome.objects.all(), "An outcome's slug.", "outcome")

    class Meta:
        model = CaseStudy
        fields: list[str] = []


CASE_STUDIES = Resource(
    name="case-studies",
    title="Case studies",
    description=(
        "Case studies organisations wrote and staff published: what they did, the qualities "
        "of a social value organisation it shows (from the CLES research) and the outcomes "
        "it served. The full story is on each case study's page. Drafts, those waiting for "
        "moderation and rejected ones are never included."
    ),
    changes="When staff publish a case study: a few times a month.",
    columns=(
        Column(
            "id", "integer", "The case study's number; its page is /toolkit/case-studies/<id>/."
        ),
        Column("title", "string", "Its title."),
        Column("summary", "string", "Its summary."),
        Column("organisation", "string", "The organisation's name."),
        Column("organisation_slug", "string", "The organisation's slug."),
        Column("sector", "string", "The organisation's sector."),
        Column(
            "qualities",
            "string",
            "The CLES qualities it shows (values, delivery, partnerships, operations), "
            "separated by '; '.",
        ),
        Column("outcomes", "string", "The outcomes it served, separated by '; '."),
        Column("published_at", "datetime", "When it was published."),
        Column("page", "string", "Its page on the portal, relative to the portal's address."),
    ),
    filters=(
        ("q", "words in the title, summary, story or organisation's name"),
        ("sector", "a sector"),
        ("quality", "values, delivery, partnerships or operations"),
        ("outcome", "an outcome's slug"),
    ),
    example="?quality=partnerships",
)


class CaseStudyList(OpenDataListView):
    """Published case studies, newest first."""

    resource = CASE_STUDIES
    serializer_class = CaseStudySerializer
    filterset_class = CaseStudyFilter
    families = (TOOLKIT_FAMILY, ORGANISATIONS_CACHE_FAMILY)

    def get_queryset(self) -> QuerySet[CaseStudy]:
        return case_studies.published_case_studies(case_studies.CaseStudyFilters())


class GuideSerializer(WithOutcomes):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    audience = serializers.ChoiceField(choices=Audience.choices)
    stage = serializers.ChoiceField(choices=Stage.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    updated_at = serializers.DateTimeField()
    page = serializers.CharField(source="get_absolute_url")


class GuideFilter(SelectorFilterSet):
    selector = staticmethod(guides.guide_list)
    filters_class = guides.GuideFilters

    q = search_filter("Words in the title, summary or text.")
    audience = django_filters.ChoiceFilter(choices=Audience.choices, field_name="audience")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, field_name="stage")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, field_name="kind")
    outcome = slug_filter(Outcome.objects.all(), "An outcome's slug.", "outcome")

    class Meta:
        model = Guide
        fields: list[str] = []


GUIDES = Resource(
    name="guides",
    title="Guides",
    description=(
        "The toolkit's published guides for commissioners and providers: who each is for, "
        "the commissioning stage, what kind of guide it is and the outcomes it concerns. "
        "The text is on each guide's page."
    ),
    changes="When staff write or revise a guide: a few times a year.",
    columns=(
        Column("slug", "string", "The guide's short name; its page is /toolkit/guides/<slug>/."),
        Column("title", "string", "Its title."),
        Column("summary", "string", "Its summary."),
        Column("audience", "string", "commissioners, providers or both."),
        Column("stage", "string", "The commissioning stage it is for."),
        Column("kind", "string", "guidance, advice, method, step_by_step, legal or training."),
        Column("outcomes", "string", "The outcomes it concerns, separated by '; '."),
        Column("updated_at", "datetime", "When it last changed."),
        Column("page", "string", "Its page on the portal, relative to the portal's address."),
    ),
    filters=(
        ("q", "words in the title, summary or text"),
        ("audience", "commissioners, providers or both"),
        ("stage", "a commissioning stage"),
        ("kind", "a kind of guide"),
        ("outcome", "an outcome's slug"),
    ),
    example="?audience=providers",
)


class GuideList(OpenDataListView):
    """Published guides, in the toolkit's order."""

    resource = GUIDES
    serializer_class = GuideSerializer
    filterset_class = GuideFilter
    families = (TOOLKIT_FAMILY,)

    def get_queryset(self) -> QuerySet[Guide]:
        return guides.guide_list(guides.GuideFilters())
