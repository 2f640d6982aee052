"""Forms alliance staff use to moderate pledges and concerns."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ModerationDecisionForm(forms.Form):
    APPROVE, REJECT, CHANGES = "approve", "reject", "changes"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve")),
            (CHANGES, _("Ask for changes")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("Note to the pledger"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or ask for changes; optional when approving."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") in (self.REJECT, self.CHANGES)
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Say why, or what needs to change: the pledger will see it."))
        return cleaned


class ConcernResolutionForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was done"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what was done about it.")},
    )
