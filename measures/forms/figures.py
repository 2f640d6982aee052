"""The staff's city figure form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ErrorSummaryMixin

from ..models import CityFigure, Indicator
from .fields import IndicatorChoiceField, date_field, figure_field


class CityFigureForm(ErrorSummaryMixin, forms.Form):
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        error_messages={"required": _("Choose the indicator this figure is for.")},
    )
    period_start = date_field(_("Period starts"))
    period_end = date_field(_("Period ends"), help_text=_("The last day the figure covers."))
    value = figure_field(_("Figure"), min_value=None)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figure is published, so others can check it."),
        error_messages={"required": _("Say where the figure comes from.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, indicators: list[Indicator], figure: CityFigure | None = None, **kw):
        if figure is not None and not kw.get("initial"):
            kw["initial"] = {
                "indicator": figure.indicator_id,
                "period_start": figure.period_start,
                "period_end": figure.period_end,
                "value": figure.value,
                "source": figure.source,
                "note": figure.note,
            }
        super().__init__(*args, **kw)
        self.fields["indicator"].set_indicators(indicators)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned
