"""Outcome progress: where the city stands on each of the eleven outcomes, as the public
progress page shows it (``measures.progress``: the rule and its arithmetic live there)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from measures.models import Outcome
from measures.progress import OutcomeProgress, Standing, outcome_progress

from .base import OpenDataListView
from .caching import MEASURES_FAMILY
from .resources import Column, Resource

TENTH = Decimal("0.1")


def _tenth(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TENTH)


class OutcomeProgressSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="outcome.number")
    outcome = serializers.CharField(source="outcome.slug")
    name = serializers.CharField(source="outcome.name")
    theme = serializers.CharField(source="outcome.theme.slug")
    indicator = serializers.CharField(source="indicator.slug", allow_null=True, default=None)
    unit = serializers.CharField(source="outcome.unit")
    direction = serializers.CharField(source="outcome.direction")
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2)
    target_value = serializers.DecimalField(max_digits=15, decimal_places=2)
    campaign_start_year = serializers.IntegerField(
        source="target.start_year", allow_null=True, default=None
    )
    target_year = serializers.IntegerField(source="target.year", allow_null=True, default=None)
    latest_value = serializers.DecimalField(
        source="latest.value", max_digits=16, decimal_places=2, allow_null=True, default=None
    )
    latest_period_end = serializers.DateField(
        source="latest.period_end", allow_null=True, default=None
    )
    figures = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()
    expected_percent = serializers.SerializerMethodField()
    standing = serializers.ChoiceField(source="position.standing", choices=list(Standing.LABELS))
    standing_label = serializers.CharField(source="position.standing_label")

    def get_figures(self, row: OutcomeProgress) -> int:
        return len(row.figures)

    def get_percent(self, row: OutcomeProgress) -> Decimal | None:
        return _tenth(row.position.percent)

    def get_expected_percent(self, row: OutcomeProgress) -> Decimal | None:
        return _tenth(row.position.expected)


OUTCOME_PROGRESS = Resource(
    name="outcome-progress",
    title="Outcome progress",
    description=(
        "Where the city stands on each of the eleven outcomes: the latest city figure of "
        "the outcome's headline indicator, how far it has come from the baseline toward the "
        "10% target (0% at the baseline, 100% at the target, negative if it moved the wrong "
        "way), how far a steady pace from the campaign's start would have come by the "
        "figure's date, and so whether it is on track. Outcomes without a figure say so; "
        "nothing is guessed."
    ),
    changes="When staff enter new city figures: a few times a year.",
    columns=(
        Column("number", "integer", "The outcome's number, 1 to 11."),
        Column("outcome", "string", "The outcome's slug."),
        Column("name", "string", "Its name."),
        Column("theme", "string", "Its theme's slug."),
        Column("indicator", "string", "The headline indicator whose figures count."),
        Column("unit", "string", "The unit of the figures."),
        Column("direction", "string", "up (more is better) or down (less is better)."),
        Column("baseline", "number", "Where the city started."),
        Column("target_value", "number", "The 10% target."),
        Column("campaign_start_year", "integer", "The year the campaign started."),
        Column("target_year", "integer", "The year the target is for."),
        Column("latest_value", "number", "The latest city figure (empty: none yet)."),
        Column("latest_period_end", "date", "The last day the latest figure covers."),
        Column("figures", "integer", "How many city figures there are for it."),
        Column("percent", "number", "How far from the baseline to the target, in per cent."),
        Column(
            "expected_percent",
            "number",
            "How far a steady pace would have come by the latest figure's date, in per cent.",
        ),
        Column("standing", "string", "no_data, wrong_way, behind, on_track or reached."),
        Column("standing_label", "string", "The standing in words."),
    ),
)


class OutcomeProgressList(OpenDataListView):
    """The eleven outcomes, each with where the city stands on it."""

    resource = OUTCOME_PROGRESS
    serializer_class = OutcomeProgressSerializer
    queryset = Outcome.objects.none()  # what the rows are about, for the OpenAPI description
    families = (MEASURES_FAMILY,)

    def get_queryset(self) -> list[OutcomeProgress]:
        return outcome_progress()
