"""Forms for what people do with a public pledge: post progress, report a concern."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

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


class ProgressUpdateForm(forms.Form):
    text = forms.CharField(
        label=_("What has happened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    figure = forms.DecimalField(
        label=_("Figure reached so far (optional)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": _("Enter the figure as a number, such as 12 or 7.5.")},
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        help_text=_("PDF, image, Word, Excel, CSV or text file, up to 5 MB."),
    )
    marks_done = forms.BooleanField(label=_("This commitment is done"), required=False)

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
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Only if you would like staff to reply."),
    )
