"""Staff's "generate now" form: which report (the city's or an organisation's) and
which period (any month; an organisation's report covers the quarter containing it)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import ErrorSummaryMixin

from ..models import ProgressReport
from .selectors import organisation_named


class GenerateReportForm(ErrorSummaryMixin, forms.Form):
    scope = forms.ChoiceField(
        label=_("Report for"),
        choices=ProgressReport.Scope.choices,
        initial=ProgressReport.Scope.CITY,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose the city or an organisation.")},
    )
    # Typed, not chosen from a list: a list of every organisation in the city would
    # make the page grow with the city.
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_(
            "Only for an organisation's report: its name, or the address of its page "
            "(such as /organisations/ordsall-community-cafe/)."
        ),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
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

    def clean_organisation(self) -> Organisation | None:
        text = self.cleaned_data["organisation"].strip()
        if not text:
            return None
        slug = text.rstrip("/").rsplit("/", 1)[-1]
        found = organisation_named(name_or_slug=text, slug=slug)
        if found is None:
            raise forms.ValidationError(
                _("No organisation has that name or address. Copy it from the organisation's page.")
            )
        return found

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
