"""The LM3 form: a period and its three rounds."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ErrorSummaryMixin

from ..calculations import LM3Error, lm3
from ..models import RespendBasis
from ..services import LM3Input
from ..services.lm3 import lm3_error_message
from .fields import date_field, figure_field


def last_financial_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end_year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(end_year - 1, 4, 1), datetime.date(end_year, 3, 31)


class LM3Form(ErrorSummaryMixin, forms.Form):
    period_start = date_field(_("Period starts"))
    period_end = date_field(_("Period ends"))
    income = figure_field(
        _("Round 1: your income in the period (£)"),
        max_digits=14,
        help_text=_("Everything you received: grants, contracts, sales, donations."),
    )
    local_supplier_spend = figure_field(
        _("Round 2: spent with suppliers based in Salford (£)"), max_digits=14
    )
    local_staff_spend = figure_field(
        _("Round 2: paid to staff who live in Salford (£)"),
        max_digits=14,
        help_text=_("Their pay after tax and deductions: what they take home to spend."),
    )
    supplier_respend_pct = figure_field(
        _("Round 3: share your Salford suppliers re-spend in Salford (%)"),
        max_value=100,
        max_digits=5,
    )
    staff_respend_pct = figure_field(
        _("Round 3: share your Salford staff re-spend in Salford (%)"),
        max_value=100,
        max_digits=5,
    )
    respend_basis = forms.ChoiceField(
        label=_("Where the round 3 shares come from"),
        choices=RespendBasis.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Say whether the shares come from a survey or a default.")},
    )
    respend_source = forms.CharField(
        label=_("Source of the shares"),
        max_length=300,
        help_text=_(
            "Your survey (who answered, when), or the published default and where it is published."
        ),
        error_messages={"required": _("Say where the re-spend shares come from.")},
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = last_financial_year(today)
        self.fields["period_start"].initial = start
        self.fields["period_end"].initial = end

    # Each field's rule first, then the rules across fields, put against the figure to fix.
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        names = [
            "income",
            "local_supplier_spend",
            "local_staff_spend",
            "supplier_respend_pct",
            "staff_respend_pct",
        ]
        if all(cleaned.get(name) is not None for name in names):
            try:
                lm3(
                    income=cleaned["income"],
                    supplier_spend=cleaned["local_supplier_spend"],
                    staff_spend=cleaned["local_staff_spend"],
                    supplier_respend_pct=cleaned["supplier_respend_pct"],
                    staff_respend_pct=cleaned["staff_respend_pct"],
                )
            except LM3Error as error:
                field = {"supplier_spend": "local_supplier_spend"}.get(error.field, error.field)
                self.add_error(field, lm3_error_message(error))
        return cleaned

    def figures(self) -> LM3Input:
        data = self.cleaned_data
        return LM3Input(**{name: data[name] for name in LM3Input.__dataclass_fields__})
