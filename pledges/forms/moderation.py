"""The form alliance staff use to deal with a concern about a pledge."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConcernResolutionForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was done"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what was done about it.")},
    )
