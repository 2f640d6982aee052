"""Fields the measures forms share: figures typed as people type them, and dates."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ErrorSummaryMixin

MAX_UPLOAD_HINT = _("A CSV file, saved from your spreadsheet as “CSV UTF-8”, up to 20 MB.")


class FigureField(forms.DecimalField):
    """A number as people type it: ``1,200``, ``£300`` and ``4.5`` are all numbers."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("£", "").strip()
        return super().to_python(value)


def figure_field(
    label,
    *,
    required: bool = True,
    min_value: Decimal | None = Decimal(0),
    max_value: Decimal | None = None,
    max_digits: int = 16,
    help_text="",
) -> FigureField:
    """A number in a text box: a ``type="number"`` box blanks "ten" and the person never
    sees why, so the browser leaves the text alone and the form explains."""
    messages = {
        "required": _("Enter a number."),
        "invalid": _("Enter a number, such as 120 or 4.5."),
        "max_decimal_places": _("Use no more than two decimal places."),
        "max_digits": _("This number is too large."),
        "max_whole_digits": _("This number is too large."),
    }
    if min_value == 0:
        messages["min_value"] = _("This cannot be negative.")
    if max_value == 100:
        # Django fills in %(limit_value)s, so a per cent sign is written twice.
        messages["max_value"] = _("A share cannot be more than 100%%.")
    return FigureField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=max_value,
        max_digits=max_digits,
        decimal_places=2,
        help_text=help_text,
        localize=False,
        error_messages=messages,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Enter a date."),
            "invalid": _("Enter a date such as 31/03/2025."),
        },
    )


class UploadForm(ErrorSummaryMixin, forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV)"),
        help_text=MAX_UPLOAD_HINT,
        error_messages={"required": _("Choose the CSV file to upload.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class IndicatorChoiceField(forms.ChoiceField):
    """An indicator from a list read once for the page, so choosing costs no query."""

    def __init__(self, *args, indicators=(), empty_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_label = empty_label or _("Choose an indicator")
        self.set_indicators(indicators)

    def set_indicators(self, indicators) -> None:
        self.indicators = {str(i.pk): i for i in indicators}
        self.choices = [("", self.empty_label)] + [
            (pk, f"{i.name} ({i.unit})") for pk, i in self.indicators.items()
        ]

    def clean(self, value):
        value = super().clean(value)
        return self.indicators.get(value) if value else None
