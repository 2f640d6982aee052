"""Forms for the register: a contract, its commitments, and the provider's reports."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation
from core.forms import ErrorSummaryMixin

from ..models import CommitmentKind, Contract, ContractCategory, Indicator
from ..periods import Quarter
from ..selectors.contracts import CommitmentLine
from ..services import CommitmentInput, ContractInput, DeliveryInput
from .fields import IndicatorChoiceField, date_field, figure_field

PROMISED_KINDS = [(k.value, k.label) for k in CommitmentKind if k != CommitmentKind.UNPREDICTED]


class ContractForm(ErrorSummaryMixin, forms.Form):
    commissioner = forms.ChoiceField(label=gettext_lazy("Commissioned by"))
    provider = forms.CharField(
        label=gettext_lazy("Provider"),
        max_length=150,
        help_text=gettext_lazy(
            "The organisation’s name as it is registered on the portal. Whether the provider "
            "is local follows from the ward it is based in."
        ),
        error_messages={"required": gettext_lazy("Enter the provider’s name.")},
    )
    title = forms.CharField(label=gettext_lazy("Contract title"), max_length=200)
    reference = forms.CharField(
        label=gettext_lazy("Your reference (optional)"), max_length=60, required=False
    )
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=ContractCategory.choices)
    value = figure_field(
        gettext_lazy("Contract value (£)"),
        max_digits=14,
        help_text=gettext_lazy("The whole contract’s value, excluding VAT."),
    )
    starts_on = date_field(gettext_lazy("Starts"))
    ends_on = date_field(gettext_lazy("Ends"))
    social_value_weighting = figure_field(
        gettext_lazy("Social value weighting in the tender (%)"),
        max_value=100,
        max_digits=5,
        help_text=gettext_lazy("The share of the tender’s marks given to social value."),
    )
    is_public = forms.BooleanField(
        label=gettext_lazy("Publish this contract’s details in the alliance’s open data"),
        required=False,
    )

    def __init__(
        self, *args, commissioners: list[Organisation], contract: Contract | None = None, **kwargs
    ):
        if contract is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "commissioner": contract.commissioner_id,
                "provider": contract.provider.name,
                "title": contract.title,
                "reference": contract.reference,
                "category": contract.category,
                "value": contract.value,
                "starts_on": contract.starts_on,
                "ends_on": contract.ends_on,
                "social_value_weighting": contract.social_value_weighting,
                "is_public": contract.is_public,
            }
        super().__init__(*args, **kwargs)
        self.commissioners = {str(o.pk): o for o in commissioners}
        if len(commissioners) == 1:
            # Nothing to choose: the page says whose contract it is.
            del self.fields["commissioner"]
        else:
            self.fields["commissioner"].choices = [
                (pk, o.name) for pk, o in self.commissioners.items()
            ]
        self.provider_organisation: Organisation | None = None

    def clean_provider(self) -> str:
        name = self.cleaned_data["provider"]
        found = Organisation.objects.public().matching_name(name).first()
        if found is None:
            raise forms.ValidationError(
                _(
                    "No organisation called “%(name)s” is registered. Check the list of "
                    "organisations, or ask the provider to register."
                )
                % {"name": name}
            )
        self.provider_organisation = found
        return found.name

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The contract cannot end before it starts."))
        commissioner = self.only_commissioner or self.commissioners.get(
            cleaned.get("commissioner", "")
        )
        if commissioner and self.provider_organisation == commissioner:
            self.add_error("provider", _("The provider must be another organisation."))
        return cleaned

    @property
    def only_commissioner(self) -> Organisation | None:
        return next(iter(self.commissioners.values())) if len(self.commissioners) == 1 else None

    def chosen_commissioner(self) -> Organisation:
        return self.only_commissioner or self.commissioners[self.cleaned_data["commissioner"]]

    def details(self) -> ContractInput:
        data = self.cleaned_data
        return ContractInput(
            provider=self.provider_organisation,
            title=data["title"],
            reference=data["reference"],
            category=data["category"],
            value=data["value"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            social_value_weighting=data["social_value_weighting"],
            is_public=data["is_public"],
        )


class CommitmentForm(ErrorSummaryMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of social value"),
        choices=[("", gettext_lazy("Choose core or added")), *PROMISED_KINDS],
        error_messages={"required": gettext_lazy("Choose core or added.")},
    )
    indicator = IndicatorChoiceField(
        label=gettext_lazy("Indicator"),
        error_messages={"required": gettext_lazy("Choose what the commitment counts.")},
    )
    promised = figure_field(
        gettext_lazy("Quantity promised"),
        help_text=gettext_lazy(
            "In the indicator’s unit; for one where less is better, the reduction promised."
        ),
    )
    due_on = date_field(gettext_lazy("By when"))
    description = forms.CharField(
        label=gettext_lazy("What exactly (optional)"), max_length=300, required=False
    )

    def __init__(self, *args, indicators: list[Indicator] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].set_indicators(indicators)

    def commitment(self) -> CommitmentInput:
        data = self.cleaned_data
        return CommitmentInput(
            kind=data["kind"],
            indicator=data["indicator"],
            promised=data["promised"],
            due_on=data["due_on"],
            description=data["description"],
        )


class BaseCommitmentFormSet(forms.BaseFormSet):
    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        self.indicators = indicators
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"indicators": self.indicators}

    def commitments(self) -> list[CommitmentInput]:
        return [form.commitment() for form in self.forms if form.has_changed()]

    def error_summary(self) -> list[tuple[str, str]]:
        items = []
        for number, form in enumerate(self.forms, start=1):
            for bound in form.visible_fields():
                items += [
                    (
                        bound.auto_id,
                        _("Commitment %(n)s: %(label)s: %(error)s")
                        % {"n": number, "label": bound.label, "error": error},
                    )
                    for error in bound.errors
                ]
        return items


CommitmentFormSet = forms.formset_factory(
    CommitmentForm, formset=BaseCommitmentFormSet, extra=3, max_num=20
)


class DeliveryReportForm(ErrorSummaryMixin, forms.Form):
    """The provider's quarter: a quantity, evidence and the "also in our return" box for
    each commitment."""

    def __init__(
        self, *args, lines: list[CommitmentLine], reported: dict, quarter: Quarter, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.lines, self.reported, self.quarter = lines, reported, quarter
        for line in lines:
            pk = line.commitment.pk
            existing = reported.get(pk)
            quantity = self.fields[f"quantity_{pk}"] = figure_field(
                _("Delivered this quarter (%(unit)s)") % {"unit": line.indicator.unit},
                required=False,
            )
            note = self.fields[f"note_{pk}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            in_return = self.fields[f"in_return_{pk}"] = forms.BooleanField(
                label=_("This quantity is also in our quarterly return"), required=False
            )
            if existing is not None:
                quantity.initial, note.initial = existing.quantity, existing.note
                in_return.initial = existing.in_return
                if existing.status == existing.Status.CONFIRMED:
                    for field in (quantity, note, in_return):
                        field.disabled = True

    def rows(self):
        return [
            (
                line,
                self.reported.get(line.commitment.pk),
                self[f"quantity_{line.commitment.pk}"],
                self[f"note_{line.commitment.pk}"],
                self[f"in_return_{line.commitment.pk}"],
            )
            for line in self.lines
        ]

    def error_summary(self) -> list[tuple[str, str]]:
        items = [("", str(error)) for error in self.non_field_errors()]
        for line, _existing, *fields in self.rows():
            for bound in fields:
                items += [
                    (bound.auto_id, f"{line.indicator.name}: {bound.label}: {error}")
                    for error in bound.errors
                ]
        return items

    def deliveries(self) -> list[DeliveryInput]:
        data = self.cleaned_data
        return [
            DeliveryInput(
                commitment=line.commitment,
                quantity=data[f"quantity_{line.commitment.pk}"],
                note=data[f"note_{line.commitment.pk}"],
                in_return=data[f"in_return_{line.commitment.pk}"],
            )
            for line in self.lines
        ]


class UnpredictedForm(ErrorSummaryMixin, forms.Form):
    indicator = IndicatorChoiceField(
        label=gettext_lazy("What it counts"),
        error_messages={"required": gettext_lazy("Choose the indicator it counts.")},
    )
    description = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=300,
        help_text=gettext_lazy("The social value nobody planned, in a sentence."),
        error_messages={"required": gettext_lazy("Say what the unpredicted value was.")},
    )
    quantity = figure_field(gettext_lazy("Quantity delivered"))
    note = forms.CharField(
        label=gettext_lazy("Evidence (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    in_return = forms.BooleanField(
        label=gettext_lazy("This quantity is also in our quarterly return"), required=False
    )

    def __init__(self, *args, indicators: list[Indicator] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].set_indicators(indicators)
