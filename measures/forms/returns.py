"""Forms for returns: what an organisation reports, and one quarter's figures."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import ErrorSummaryMixin

from ..models import Indicator, ReportingPlan
from ..periods import Quarter, recent_quarters
from ..selectors.returns import ReturnLine
from ..services import ValueInput
from .fields import figure_field

# How far back an organisation may start reporting.
START_CHOICES = 8


class ReportingPlanForm(ErrorSummaryMixin, forms.Form):
    indicators = forms.MultipleChoiceField(
        label=gettext_lazy("What you report each quarter"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": gettext_lazy("Choose at least one indicator to report.")},
    )
    starts_on = forms.ChoiceField(
        label=gettext_lazy("First quarter to report"),
        help_text=gettext_lazy(
            "Each quarter’s return is due by the end of the month after the quarter ends."
        ),
    )

    def __init__(
        self,
        *args,
        indicators: list[Indicator],
        plan: ReportingPlan | None,
        today: datetime.date,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicator_map = {str(i.pk): i for i in indicators}
        self.fields["indicators"].choices = [(pk, i.name) for pk, i in self.indicator_map.items()]
        quarters = recent_quarters(today, START_CHOICES)
        if plan and Quarter(plan.starts_on) not in quarters:
            quarters.append(Quarter(plan.starts_on))
        self.fields["starts_on"].choices = [(q.code, q.label) for q in quarters]
        if plan is not None:
            self.fields["indicators"].initial = [str(i.pk) for i in plan.indicators.all()]
            self.fields["starts_on"].initial = plan.starts_on.isoformat()
        else:
            self.fields["starts_on"].initial = Quarter.containing(today).code

    def grouped(self):
        """(theme, [(checkbox, indicator)]) for the template, themes in order."""
        groups: dict = {}
        for checkbox in self["indicators"]:
            indicator = self.indicator_map[str(checkbox.data["value"])]
            groups.setdefault(indicator.theme, []).append((checkbox, indicator))
        return list(groups.items())

    def chosen(self) -> list[Indicator]:
        return [self.indicator_map[pk] for pk in self.cleaned_data["indicators"]]

    def starts_on_date(self) -> datetime.date:
        return Quarter.parse(self.cleaned_data["starts_on"]).start


class ReturnForm(ErrorSummaryMixin, forms.Form):
    """A figure and its evidence for each indicator of the return. A blank figure is
    kept as "not given yet" until the return is submitted."""

    def __init__(self, *args, lines: list[ReturnLine], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            indicator = line.indicator
            value = self.fields[f"value_{indicator.pk}"] = figure_field(
                _("Figure (%(unit)s)") % {"unit": indicator.unit}, required=False
            )
            evidence = self.fields[f"evidence_{indicator.pk}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=1000,
                help_text=_("Where the figure comes from: a register, a report, a count."),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if line.value is not None:
                value.initial = line.value.value
                evidence.initial = line.value.evidence

    def rows(self):
        """(line, figure field, evidence field) for the template."""
        return [
            (line, self[f"value_{line.indicator.pk}"], self[f"evidence_{line.indicator.pk}"])
            for line in self.lines
        ]

    def error_summary(self) -> list[tuple[str, str]]:
        items = [("", str(error)) for error in self.non_field_errors()]
        for line, value, evidence in self.rows():
            for bound in (value, evidence):
                items += [
                    (bound.auto_id, f"{line.indicator.name}: {bound.label}: {error}")
                    for error in bound.errors
                ]
        return items

    def values(self) -> list[ValueInput]:
        return [
            ValueInput(
                indicator=line.indicator,
                value=self.cleaned_data[f"value_{line.indicator.pk}"],
                evidence=self.cleaned_data[f"evidence_{line.indicator.pk}"],
            )
            for line in self.lines
        ]
