"""Forms for what people do with a public pledge: post progress, report a concern."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from core.forms import CountedTextarea
from core.templatetags.numbers import measure

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_EXTENSIONS = ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "csv", "txt"]
# The first bytes of each accepted kind, so a renamed executable is refused.
EVIDENCE_SIGNATURES = {
    "pdf": [b"%PDF"],
    "png": [b"\x89PNG"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
}


# A figure more than this many times the commitment's target is probably a slip (an
# extra nought, the wrong unit): the form asks "did you mean that?" before publishing.
IMPLAUSIBLE_TIMES_TARGET = 10


class ProgressUpdateForm(forms.Form):
    """``commitment`` (optional) gives the figure's unit and the target it is checked
    against: a figure wildly above the target needs ``confirm_figure`` ticked."""

    text = forms.CharField(
        label=_("What has happened?"),
        max_length=2000,
        widget=CountedTextarea(attrs={"rows": 4}),
    )
    figure = forms.DecimalField(
        label=_("Figure reached so far (optional)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": _("Enter the figure as a number, such as 12 or 7.5.")},
    )
    # Hidden until a figure needs confirming; then a checkbox under the figure.
    confirm_figure = forms.BooleanField(required=False, widget=forms.HiddenInput)
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        help_text=_("PDF, image, Word, Excel, CSV or text file, up to 5 MB."),
    )
    marks_done = forms.BooleanField(label=_("This commitment is done"), required=False)

    def __init__(self, *args, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        if commitment is not None:
            self.fields["figure"].help_text = _(
                "In the commitment’s unit (%(unit)s): the total reached so far, not the "
                "change since your last update."
            ) % {"unit": commitment.target_unit}

    def clean(self):
        cleaned = super().clean()
        figure = cleaned.get("figure")
        target = getattr(self.commitment, "target_value", None)
        if (
            figure is not None
            and target
            and figure > target * IMPLAUSIBLE_TIMES_TARGET
            and not cleaned.get("confirm_figure")
        ):
            unit = self.commitment.target_unit
            self.add_error(
                "figure",
                _(
                    "%(figure)s is more than %(times)s times the target of %(target)s. "
                    "Did you mean that? Correct the figure, or tick “Yes, %(figure)s is "
                    "right” and publish again."
                )
                % {
                    "figure": measure(figure, unit),
                    "times": IMPLAUSIBLE_TIMES_TARGET,
                    "target": measure(target, unit),
                },
            )
            field = self.fields["confirm_figure"]
            field.widget = forms.CheckboxInput()
            field.label = _("Yes, %(figure)s is right") % {"figure": measure(figure, unit)}
        return cleaned

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        if upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        extension = upload.name.rsplit(".", 1)[-1].lower()
        signatures = EVIDENCE_SIGNATURES.get(extension)
        head = upload.read(8)
        upload.seek(0)
        if signatures and not any(head.startswith(s) for s in signatures):
            raise forms.ValidationError(
                _("The file’s contents do not match its type (.%(ext)s).") % {"ext": extension}
            )
        if not signatures and b"\x00" in upload.read(2048):
            raise forms.ValidationError(
                _("A .%(ext)s file must be plain text.") % {"ext": extension}
            )
        upload.seek(0)
        return upload


class ConcernForm(forms.Form):
    text = forms.CharField(
        label=_("What concerns you about this pledge?"),
        max_length=2000,
        widget=CountedTextarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Only if you would like staff to reply."),
    )
