"""Staff's "generate now" form: which report (the city's or an organisation's) and
which period (any month; an organisation's report covers the quarter containing it)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ErrorSummaryMixin

from ..models import ProgressReport
from .selectors import organisations_for_form


class GenerateReportForm(ErrorSummaryMixin, forms.Form):
    scope = forms.ChoiceField(
        label=_("Report for"),
        choices=ProgressReport.Scope.choices,
        initial=ProgressReport.Scope.CITY,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose the city or an organisation.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("Choose an organisation"),
        help_text=_("Only for an organisation's report."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    month = forms.CharField(
        label=_("Month"),
        help_text=_(
            "As year and month, for example 2025-03. An organisation's report covers the "
            "quarter containing it."
        ),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "autocomplete": "off",
                "placeholder": "YYYY-MM",
            }
        ),
        error_messages={"required": _("Enter the month, for example 2025-03.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for_form()

    def clean_month(self) -> datetime.date:
        text = self.cleaned_data["month"].strip()
        try:
            day = datetime.date.fromisoformat(f"{text}-01")
        except ValueError:
            raise forms.ValidationError(
                _("Enter the month as year and month, for example 2025-03.")
            ) from None
        if day > timezone.localdate():
            raise forms.ValidationError(_("Choose a month that has begun."))
        if day.year < 2014:
            raise forms.ValidationError(_("Choose a month from 2014, when the alliance began."))
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == ProgressReport.Scope.ORGANISATION and not cleaned.get(
            "organisation"
        ):
            self.add_error("organisation", _("Choose the organisation the report is for."))
        if cleaned.get("scope") == ProgressReport.Scope.CITY:
            cleaned["organisation"] = None
        return cleaned
