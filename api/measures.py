"""The outcome framework (themes, outcomes, indicators), the wards, the city's figures,
and what organisations report, in aggregate: contract figures by financial year and
category, and approved return figures by quarter and indicator.

Aggregates that could reveal one organisation's figures are withheld: a contract cell
is published when every contract in it is public or its other contracts come from at
least ``MIN_PROVIDERS`` providers; a return cell when at least ``MIN_ORGANISATIONS``
organisations gave figures. A withheld cell keeps its counts, with ``withheld`` true."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from accounts.models import Ward
from accounts.selectors import ORGANISATIONS_CACHE_FAMILY
from measures.calculations import share
from measures.models import (
    CityFigure,
    Contract,
    ContractCategory,
    Indicator,
    Outcome,
    ReturnValue,
    Theme,
)
from measures.periods import Quarter
from measures.selectors import contracts as contract_selectors
from measures.selectors import figures as figure_selectors
from measures.selectors import returns as return_selectors

from .base import OpenDataListView
from .caching import MEASURES_FAMILY
from .filters import SelectorFilterSet, slug_filter
from .resources import Column, Resource

MIN_PROVIDERS = 3
MIN_ORGANISATIONS = 3
FRAMEWORK_CHANGES = "Rarely: when alliance staff revise the outcome framework."


def _params(serializer_class, request) -> dict:
    """The request's query parameters checked by ``serializer_class`` (400 if bad)."""
    params = serializer_class(data=request.query_params if request else {})
    if not params.is_valid():
        raise ValidationError(params.errors)
    return params.validated_data


# ---------------------------------------------------------------------------
# The outcome framework and the wards
# ---------------------------------------------------------------------------


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "aim", "order"]


THEMES = Resource(
    name="themes",
    title="Themes",
    description="The three themes of the 10% Better campaign: People, Planet, Prosperity.",
    changes=FRAMEWORK_CHANGES,
    columns=(
        Column("slug", "string", "The theme's short name in addresses and filters."),
        Column("name", "string", "Its name."),
        Column("aim", "string", "What the theme aims for."),
        Column("order", "integer", "Its place in the list."),
    ),
)


class ThemeList(OpenDataListView):
    """The campaign's three themes."""

    resource = THEMES
    serializer_class = ThemeSerializer
    families = (MEASURES_FAMILY,)

    def get_queryset(self) -> QuerySet[Theme]:
        return Theme.objects.order_by("order", "name")


class OutcomeSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.slug")
    target_value = serializers.DecimalField(max_digits=15, decimal_places=2)

    class Meta:
        model = Outcome
        fields = [
            "number",
            "slug",
            "name",
            "theme",
            "indicator",
            "unit",
            "direction",
            "baseline",
            "target_change",
            "target_value",
            "target_year",
        ]


OUTCOMES = Resource(
    name="outcomes",
    title="Outcomes",
    description=(
        "The eleven outcomes the campaign asks Salford to improve by 10%, each with the "
        "city's baseline and the target."
    ),
    changes=FRAMEWORK_CHANGES,
    columns=(
        Column("number", "integer", "The outcome's number, 1 to 11."),
        Column("slug", "string", "Its short name in addresses and filters."),
        Column("name", "string", "Its name."),
        Column("theme", "string", "The slug of the theme it belongs to."),
        Column("indicator", "string", "What is counted, in words."),
        Column("unit", "string", "The unit of the baseline and target."),
        Column("direction", "string", "up (more is better) or down (less is better)."),
        Column("baseline", "number", "Where the city started."),
        Column("target_change", "number", "The 10% change: positive to rise, negative to fall."),
        Column("target_value", "number", "The baseline plus the change."),
        Column("target_year", "integer", "The year the target is for."),
    ),
)


class OutcomeList(OpenDataListView):
    """The eleven outcomes, with their baselines and targets."""

    resource = OUTCOMES
    serializer_class = OutcomeSerializer
    families = (MEASURES_FAMILY,)

    def get_queryset(self) -> QuerySet[Outcome]:
        return Outcome.objects.with_theme()


class IndicatorSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.slug")
    outcome = serializers.CharField(source="outcome.slug", allow_null=True, default=None)

    class Meta:
        model = Indicator
        fields = [
            "slug",
            "name",
            "theme",
            "outcome",
            "unit",
            "direction",
            "definition",
            "source",
            "accumulation",
            "organisations_report",
            "proxy_value",
            "proxy_source",
            "proxy_year",
            "proxy_licence",
            "deadweight_pct",
            "attribution_pct",
        ]


INDICATORS = Resource(
    name="indicators",
    title="Indicators",
    description=(
        "What is measured, and how: each indicator's unit, definition and source, and the "
        "proxy value in pounds per unit where the alliance may use a published one. The "
        "proxy, deadweight and attribution are the working of every pound estimate here."
    ),
    changes=FRAMEWORK_CHANGES,
    columns=(
        Column("slug", "string", "The indicator's short name in addresses and filters."),
        Column("name", "string", "Its name."),
        Column("theme", "string", "The slug of its theme."),
        Column("outcome", "string", "The slug of the outcome it measures, if any."),
        Column("unit", "string", "What one unit is: people, hours, tonnes..."),
        Column("direction", "string", "up (more is better) or down (less is better)."),
        Column("definition", "string", "What counts, and what does not."),
        Column("source", "string", "Where the measure and its figures come from."),
        Column(
            "accumulation",
            "string",
            "per_period (each figure counts its period) or cumulative (a running total).",
        ),
        Column("organisations_report", "boolean", "Whether organisations report it."),
        Column("proxy_value", "number", "Pounds per unit, an estimate (empty: none used)."),
        Column("proxy_source", "string", "Where the proxy value comes from."),
        Column("proxy_year", "integer", "The year of the proxy's prices."),
        Column("proxy_licence", "string", "The licence under which the alliance uses it."),
        Column("deadweight_pct", "number", "Per cent taken off for what would happen anyway."),
        Column("attribution_pct", "number", "Per cent taken off for what others caused."),
    ),
)


class IndicatorList(OpenDataListView):
    """The indicators in use, with their proxy values where there are any."""

    resource = INDICATORS
    serializer_class = IndicatorSerializer
    families = (MEASURES_FAMILY,)

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.active().with_framework()


class WardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ward
        fields = ["slug", "name"]


WARDS = Resource(
    name="wards",
    title="Wards",
    description="Salford's electoral wards, as the other lists name them.",
    changes="When ward boundaries change.",
    columns=(
        Column("slug", "string", "The ward's short name in filters."),
        Column("name", "string", "Its name."),
    ),
)


class WardList(OpenDataListView):
    """Salford's electoral wards."""

    resource = WARDS
    serializer_class = WardSerializer
    families = (ORGANISATIONS_CACHE_FAMILY,)

    def get_queryset(self) -> QuerySet[Ward]:
        return Ward.objects.order_by("name")


# ---------------------------------------------------------------------------
# City figures
# ---------------------------------------------------------------------------


class CityFigureSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.slug")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    period = serializers.CharField(source="period_label")

    class Meta:
        model = CityFigure
        fields = [
            "indicator",
            "indicator_name",
            "unit",
            "period_start",
            "period_end",
            "period",
            "value",
            "source",
            "note",
        ]


class CityFigureFilter(SelectorFilterSet):
    selector = staticmethod(lambda filters: figure_selectors.city_figures(**filters))
    filters_class = dict

    indicator = slug_filter(
        Indicator.objects.active(), "An indicator's slug (see /api/v1/indicators/).", "indicator"
    )

    class Meta:
        model = CityFigure
        fields: list[str] = []


CITY_FIGURES = Resource(
    name="city-figures",
    title="City figures",
    description=(
        "The city's own figures for each indicator and period, from published sources, "
        "entered by alliance staff."
    ),
    changes="When staff enter new figures: a few times a year.",
    columns=(
        Column("indicator", "string", "The indicator's slug."),
        Column("indicator_name", "string", "The indicator's name."),
        Column("unit", "string", "The figure's unit."),
        Column("period_start", "date", "The first day the figure covers."),
        Column("period_end", "date", "The last day it covers."),
        Column("period", "string", "The period in words."),
        Column("value", "number", "The figure."),
        Column("source", "string", "Where it was published."),
        Column("note", "string", "Anything to know about it."),
    ),
    filters=(("indicator", "an indicator's slug"),),
    example="?indicator=people-volunteering",
)


class CityFigureList(OpenDataListView):
    """The city's figures per indicator and period, latest first."""

    resource = CITY_FIGURES
    serializer_class = CityFigureSerializer
    filterset_class = CityFigureFilter
    families = (MEASURES_FAMILY,)

    def get_queryset(self) -> QuerySet[CityFigure]:
        return figure_selectors.city_figures()


# ---------------------------------------------------------------------------
# Contract figures, in aggregate
# ---------------------------------------------------------------------------

FINANCIAL_YEAR = r"^\d{4}/\d{2}$"


def _financial_year_label(start_year: int) -> str:
    return f"{start_year}/{str(start_year + 1)[-2:]}"


class ContractFigureSerializer(serializers.Serializer):
    financial_year = serializers.CharField(help_text="April to March, e.g. 2024/25.")
    category = serializers.ChoiceField(choices=ContractCategory.choices)
    category_label = serializers.CharField()
    contracts = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    local_value = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    local_share_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    social_value_delivered_estimate = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True
    )
    withheld = serializers.BooleanField()


class ContractFigureParams(serializers.Serializer):
    financial_year = serializers.RegexField(FINANCIAL_YEAR, required=False)
    category = serializers.ChoiceField(choices=ContractCategory.choices, required=False)


def _publishable(cell: dict | None) -> bool:
    return (
        cell is None
        or cell["private_contracts"] == 0
        or (cell["private_providers"] >= MIN_PROVIDERS)
    )


CONTRACT_FIGURES = Resource(
    name="contract-figures",
    title="Contract figures",
    description=(
        "The social value register in aggregate, by financial year (April to March) and "
        "category: how many contracts started, their value, the value placed with Salford "
        "providers (a provider based in a Salford ward) and its share, and the social value "
        "delivered that commissioners confirmed, in pounds. Social value in pounds is an "
        "estimate: each confirmed quantity times its indicator's proxy value, less "
        "deadweight and attribution (see Indicators); quantities of indicators without a "
        "proxy add nothing. No single contract's value is shown: a year and category whose "
        "contracts are not all public, and come from fewer than three providers, has its "
        "money figures withheld."
    ),
    changes="When commissioners record contracts or confirm deliveries: weekly or more.",
    columns=(
        Column("financial_year", "string", "The financial year, April to March (2024/25)."),
        Column("category", "string", "goods, services, works or health_and_care."),
        Column("category_label", "string", "The category in words."),
        Column("contracts", "integer", "How many contracts started in the year."),
        Column("value", "number", "Their total value in pounds (empty: withheld)."),
        Column("local_value", "number", "Of which placed with Salford providers (pounds)."),
        Column("local_share_percent", "number", "The local value as a share of the value (%)."),
        Column(
            "social_value_delivered_estimate",
            "number",
            "Estimated social value delivered and confirmed in the year, in pounds: "
            "quantity x proxy x (100% - deadweight) x (100% - attribution).",
        ),
        Column("withheld", "boolean", "true: the money figures are withheld (see above)."),
    ),
    filters=(("financial_year", "a financial year, e.g. 2024/25"), ("category", "a category")),
    example="?category=services",
)


@extend_schema(
    parameters=[
        OpenApiParameter("financial_year", str, pattern=FINANCIAL_YEAR, description="2024/25"),
        OpenApiParameter("category", str, enum=ContractCategory.values),
    ]
)
class ContractFigureList(OpenDataListView):
    """Contract value, local share and social value delivered, by year and category."""

    resource = CONTRACT_FIGURES
    serializer_class = ContractFigureSerializer
    queryset = Contract.objects.none()  # what the rows are about, for the OpenAPI description
    families = (MEASURES_FAMILY, ORGANISATIONS_CACHE_FAMILY)

    def get_queryset(self) -> list[dict]:
        params = _params(ContractFigureParams, self.request)
        contracts = contract_selectors.contract_figures_by_year_and_category()
        delivered = contract_selectors.delivered_by_year_and_category()
        labels = dict(ContractCategory.choices)
        order = list(labels)
        rows = []
        for year, category in sorted(
            set(contracts) | set(delivered), key=lambda k: (-k[0], order.index(k[1]))
        ):
            label = _financial_year_label(year)
            if params.get("financial_year") not in (None, label):
                continue
            if params.get("category") not in (None, category):
                continue
            started = contracts.get((year, category))
            done = delivered.get((year, category))
            shown = _publishable(started) and _publishable(done)
            value = started["total_value"] if started else Decimal(0)
            local_value = (started["local_value"] or Decimal(0)) if started else Decimal(0)
            estimate = done["delivered_estimate"] if done else None
            rows.append(
                {
                    "financial_year": label,
                    "category": category,
                    "category_label": str(labels[category]),
                    "contracts": started["contracts"] if started else 0,
                    "value": value if shown else None,
                    "local_value": local_value if shown else None,
                    "local_share_percent": share(local_value, value) if shown else None,
                    "social_value_delivered_estimate": (
                        (estimate or Decimal(0)).quantize(Decimal("0.01")) if shown else None
                    ),
                    "withheld": not shown,
                }
            )
        return rows


# ---------------------------------------------------------------------------
# Approved return figures, in aggregate
# ---------------------------------------------------------------------------


class ReturnTotalSerializer(serializers.Serializer):
    quarter = serializers.DateField(help_text="The first day of the quarter.")
    quarter_end = serializers.DateField()
    quarter_label = serializers.CharField()
    indicator = serializers.CharField()
    indicator_name = serializers.CharField()
    unit = serializers.CharField()
    organisations = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    withheld = serializers.BooleanField()


class ReturnTotalParams(serializers.Serializer):
    indicator = serializers.SlugField(required=False, max_length=60)
    quarter = serializers.DateField(required=False, help_text="The quarter's first day.")

    def validate_quarter(self, value: datetime.date) -> Quarter:
        try:
            return Quarter(value)
        except ValueError as error:
            raise serializers.ValidationError(
                "Give the first day of a quarter: 1 January, April, July or October."
            ) from error


RETURN_TOTALS = Resource(
    name="return-totals",
    title="Return figures",
    description=(
        "What organisations reported in their quarterly returns, once staff approved them: "
        "the sum per quarter and indicator, and how many organisations gave a figure. "
        "Figures in draft, waiting for approval or returned for changes are never counted. "
        "A total from fewer than three organisations is withheld. For a cumulative "
        "indicator, add organisations' totals within a quarter, not across quarters."
    ),
    changes="When staff approve returns: mostly in the month after each quarter ends.",
    columns=(
        Column("quarter", "date", "The first day of the quarter."),
        Column("quarter_end", "date", "Its last day."),
        Column("quarter_label", "string", "The quarter in words (UK financial year)."),
        Column("indicator", "string", "The indicator's slug."),
        Column("indicator_name", "string", "Its name."),
        Column("unit", "string", "The total's unit."),
        Column("organisations", "integer", "How many organisations reported a figure."),
        Column("total", "number", "The sum of their figures (empty: withheld)."),
        Column("withheld", "boolean", "true: fewer than three organisations reported."),
    ),
    filters=(("indicator", "an indicator's slug"), ("quarter", "a quarter's first day")),
    example="?quarter=2024-04-01",
)


@extend_schema(
    parameters=[
        OpenApiParameter("indicator", str, description="An indicator's slug."),
        OpenApiParameter("quarter", datetime.date, description="A quarter's first day."),
    ]
)
class ReturnTotalList(OpenDataListView):
    """Approved return figures summed per quarter and indicator."""

    resource = RETURN_TOTALS
    serializer_class = ReturnTotalSerializer
    queryset = ReturnValue.objects.none()  # what the rows are about, for the OpenAPI description
    families = (MEASURES_FAMILY,)

    def get_queryset(self) -> list[dict]:
        params = _params(ReturnTotalParams, self.request)
        rows = return_selectors.approved_totals_by_quarter_and_indicator(
            indicator=params.get("indicator", ""), quarter=params.get("quarter")
        )
        return [
            {
                "quarter": row["quarterly_return__period_start"],
                "quarter_end": row["quarterly_return__period_end"],
                "quarter_label": Quarter(row["quarterly_return__period_start"]).short_label,
                "indicator": row["indicator__slug"],
                "indicator_name": row["indicator__name"],
                "unit": row["indicator__unit"],
                "organisations": row["organisations"],
                "total": row["total"] if row["organisations"] >= MIN_ORGANISATIONS else None,
                "withheld": row["organisations"] < MIN_ORGANISATIONS,
            }
            for row in rows
        ]
