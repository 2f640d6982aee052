"""Forms for the charter: signing, the yearly review, withdrawing, concerns."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import ErrorSummaryMixin

from .evidence import EvidenceItem
from .models import Area, Basis, Role
from .services import StatementInput

SUBMIT, DRAFT = "submit", "draft"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _evidence_field(items: list[EvidenceItem]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=gettext_lazy("Evidence (optional)"),
        required=False,
        choices=[(item.key, f"{item.kind}: {item.title}") for item in items],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Your organisation’s own published pledges and case studies."),
    )


class StatementsMixin(ErrorSummaryMixin):
    """One group of fields for each of Embed, Deliver and Demonstrate."""

    with_done = False

    def add_statement_fields(self, evidence: list[EvidenceItem]) -> None:
        for area in Area:
            if self.with_done:
                self.fields[f"{area}_done"] = forms.CharField(
                    label=_("What you have done this year"),
                    max_length=1500,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            self.fields[f"{area}_text"] = forms.CharField(
                label=_("What you will do next") if self.with_done else _("What you will do"),
                max_length=1500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"{area}_date"] = forms.DateField(
                label=_("By when"), required=False, widget=DateInput()
            )
            if evidence:
                self.fields[f"{area}_evidence"] = _evidence_field(evidence)

    def area_groups(self) -> list[tuple[Area, list]]:
        """(area, its bound fields) in page order, for the template."""
        names = ["done", "text", "date", "evidence"]
        return [
            (area, [self[f"{area}_{n}"] for n in names if f"{area}_{n}" in self.fields])
            for area in Area
        ]

    @property
    def submitting(self) -> bool:
        return self.data.get("action") == SUBMIT

    def check_statements(self, cleaned: dict) -> None:
        """When submitting, each area needs its text and a future date (and what was done)."""
        if not self.submitting:
            return
        today = timezone.localdate()
        for area in Area:
            if self.with_done and not cleaned.get(f"{area}_done", "").strip():
                self.add_error(f"{area}_done", _("Say what you have done this year."))
            if not cleaned.get(f"{area}_text", "").strip():
                self.add_error(f"{area}_text", _("Say what you will do."))
            when = cleaned.get(f"{area}_date")
            if when is None and f"{area}_date" not in self.errors:
                self.add_error(f"{area}_date", _("Give a target date."))
            elif when is not None and when <= today:
                self.add_error(f"{area}_date", _("The target date must be after today."))

    def statements(self) -> dict[str, StatementInput]:
        data = self.cleaned_data
        return {
            area.value: StatementInput(
                text=data.get(f"{area}_text", ""),
                target_date=data.get(f"{area}_date"),
                evidence=tuple(data.get(f"{area}_evidence", ())),
                done=data.get(f"{area}_done", ""),
            )
            for area in Area
        }


class SignForm(StatementsMixin, forms.Form):
    role = forms.ChoiceField(
        label=gettext_lazy("Your organisation signs as"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how your organisation signs.")},
    )
    signatory_name = forms.CharField(
        label=gettext_lazy("Name of the authorised signatory"), max_length=120
    )
    signatory_position = forms.CharField(
        label=gettext_lazy("Their position"),
        max_length=120,
        help_text=gettext_lazy("For example: Chief Executive, Chair of Trustees, Director."),
    )
    authority_confirmed = forms.BooleanField(
        label=gettext_lazy(
            "I confirm that this person has the authority to commit the organisation to the charter"
        ),
        required=False,
    )
    basis = forms.ChoiceField(
        label=gettext_lazy("Your organisation signs"),
        choices=Basis.choices,
        widget=forms.RadioSelect,
        initial=Basis.VOLUNTARY,
    )
    contract_reference = forms.CharField(
        label=gettext_lazy("Which contract requires it (if one does)"),
        max_length=150,
        required=False,
    )

    def __init__(self, *args, evidence: list[EvidenceItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_statement_fields(evidence)

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            if not cleaned.get("authority_confirmed"):
                self.add_error(
                    "authority_confirmed", _("Confirm the signatory’s authority to sign.")
                )
            if (
                cleaned.get("basis") == Basis.CONTRACT
                and not cleaned.get("contract_reference", "").strip()
            ):
                self.add_error("contract_reference", _("Say which contract requires it."))
        self.check_statements(cleaned)
        return cleaned

    def signature_data(self) -> dict:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "signatory_name": data["signatory_name"],
            "signatory_position": data["signatory_position"],
            "authority_confirmed": data["authority_confirmed"],
            "basis": data["basis"],
            "contract_reference": data["contract_reference"],
            "statements": self.statements(),
            "submit": self.submitting,
        }


def sign_initial(signature, statements: list[dict]) -> dict:
    """A saved draft as the form's initial values."""
    initial = {
        "role": signature.role,
        "signatory_name": signature.signatory_name,
        "signatory_position": signature.signatory_position,
        "authority_confirmed": signature.authority_confirmed,
        "basis": signature.basis,
        "contract_reference": signature.contract_reference,
    }
    for row in statements:
        area = row["statement"].area
        initial[f"{area}_text"] = row["statement"].commitment
        initial[f"{area}_date"] = row["statement"].target_date
        initial[f"{area}_evidence"] = row["evidence_keys"]
    return initial


class ReviewForm(StatementsMixin, forms.Form):
    with_done = True

    def __init__(self, *args, evidence: list[EvidenceItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_statement_fields(evidence)

    def clean(self):
        cleaned = super().clean()
        self.check_statements(cleaned)
        return cleaned


def review_initial(entries: list[dict], statements: list[dict]) -> dict:
    """A saved draft review, or (for a new one) the current statements to start from."""
    initial: dict = {}
    if entries:
        for row in entries:
            entry = row["entry"]
            initial[f"{entry.area}_done"] = entry.done
            initial[f"{entry.area}_text"] = entry.next_commitment
            initial[f"{entry.area}_date"] = entry.next_target_date
            initial[f"{entry.area}_evidence"] = row["evidence_keys"]
        return initial
    for row in statements:
        initial[f"{row['statement'].area}_evidence"] = row["evidence_keys"]
    return initial


class WithdrawForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why you are withdrawing (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the signature’s history for the alliance’s staff."),
    )


class ConcernForm(ErrorSummaryMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your concern"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "What worries you about this organisation’s place on the charter? Alliance "
            "staff read every concern."
        ),
    )
    email = forms.EmailField(
        label=gettext_lazy("Your email address (optional)"),
        required=False,
        help_text=gettext_lazy("If you would like staff to be able to reply."),
    )


class ConcernResolutionForm(ErrorSummaryMixin, forms.Form):
    resolution = forms.CharField(
        label=gettext_lazy("What was done about it"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": gettext_lazy("Say what was done about the concern before marking it.")
        },
    )
