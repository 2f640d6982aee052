"""Forms for writing a pledge: who pledges, the headline, and its commitments."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import CountedTextarea
from measures.models import Outcome

from ..services import MAX_COMMITMENTS, CommitmentInput

PERSONAL = "me"


class OutcomeChoiceField(forms.MultipleChoiceField):
    """Outcomes as checkboxes. Built from a list read once per formset, so a page of
    commitments costs one query for the outcomes, not one per commitment."""

    def __init__(self, *args, outcomes: list[Outcome] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_outcomes(outcomes)

    def set_outcomes(self, outcomes: list[Outcome]) -> None:
        self.outcomes = {str(o.pk): o for o in outcomes}
        self.choices = [(pk, f"{o.name} ({o.theme.name})") for pk, o in self.outcomes.items()]

    def clean(self, value) -> list[Outcome]:
        value = super().clean(value)
        return [self.outcomes[pk] for pk in value]


class PledgeForm(forms.Form):
    """The pledge itself. ``pledger_choices`` are "me" and the user's organisations."""

    pledged_by = forms.ChoiceField(
        label=_("Who is making this pledge?"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose who is making this pledge."),
            "invalid_choice": _("Choose yourself or one of your organisations."),
        },
    )
    title = forms.CharField(
        label=_("Headline"),
        max_length=120,
        help_text=_("One line that sums the pledge up, e.g. “Buying local and paying fairly”."),
    )
    statement = forms.CharField(
        label=_("Why you are pledging (optional)"),
        max_length=1500,
        required=False,
        widget=CountedTextarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations: list[Organisation], fixed_pledger=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        choices = [(PERSONAL, _("Me, personally, as a resident"))]
        choices += [(pk, o.name) for pk, o in self.organisations.items()]
        self.fields["pledged_by"].choices = choices
        if fixed_pledger is not None:
            # Editing: who pledged does not change.
            del self.fields["pledged_by"]
        elif not self.is_bound and organisations:
            self.fields["pledged_by"].initial = str(organisations[0].pk)
        elif not self.is_bound:
            self.fields["pledged_by"].initial = PERSONAL

    def organisation(self) -> Organisation | None:
        value = self.cleaned_data.get("pledged_by", PERSONAL)
        return None if value == PERSONAL else self.organisations[value]


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("Commitment"),
        max_length=300,
        widget=CountedTextarea(attrs={"rows": 2}),
        help_text=_("What you will do. Start with a verb: “Increase…”, “Recruit…”, “Buy…”."),
        error_messages={
            "required": _("Say what you will do."),
            "max_length": _(
                "Keep the commitment to %(limit_value)d characters or fewer "
                "(it has %(show_value)d)."
            ),
        },
    )
    outcomes = OutcomeChoiceField(
        label=_("Outcomes it serves"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose at least one outcome this commitment serves.")},
    )
    target_value = forms.DecimalField(
        label=_("Target"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        # A text box, not type="number": browsers blank a number box holding "ten", so
        # the person would lose what they typed and never see why.
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": _("Enter a target: a number you can measure."),
            "invalid": _("Enter the target as a number, such as 10 or 2.5."),
        },
        help_text=_("A number you can measure."),
    )
    target_unit = forms.CharField(
        label=_("Unit"),
        max_length=40,
        help_text=_("What the number counts: %, people, hours, tonnes, £…"),
        error_messages={"required": _("Say what the target counts, such as % or people.")},
    )
    due_date = forms.DateField(
        label=_("Due by"),
        # A date box takes and shows ISO dates whatever the locale's format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date it will be done by."),
            "invalid": _("Enter a date, such as 31/12/2027."),
        },
    )
    source = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, outcomes: list[Outcome] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].set_outcomes(
            outcomes if outcomes is not None else list(Outcome.objects.with_theme())
        )

    def clean_due_date(self) -> datetime.date:
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date must be today or later."))
        if due > timezone.localdate() + datetime.timedelta(days=5 * 366):
            raise forms.ValidationError(_("Choose a due date within the next five years."))
        return due

    def outcome_groups(self) -> list[tuple]:
        """The outcome checkboxes under their themes: [(theme, [(checkbox, outcome)])]."""
        outcomes = self.fields["outcomes"].outcomes
        groups: list[tuple] = []
        for checkbox in self["outcomes"]:
            outcome = outcomes[str(checkbox.data["value"])]
            if not groups or groups[-1][0] != outcome.theme:
                groups.append((outcome.theme, []))
            groups[-1][1].append((checkbox, outcome))
        return groups

    def to_input(self) -> CommitmentInput:
        data = self.cleaned_data
        return CommitmentInput(
            text=data["text"],
            outcomes=list(data["outcomes"]),
            target_value=data["target_value"],
            target_unit=data["target_unit"],
            due_date=data["due_date"],
            source_id=data.get("source"),
        )


class BaseCommitmentFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        # One outcome list for every form, so a page of commitments costs one query.
        self.outcomes = list(Outcome.objects.with_theme())
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        # Any form that did not start filled in may be left blank and is then skipped,
        # the first one too, so an empty pledge gets the formset's "add at least one
        # commitment" rather than four "required" messages.
        if index is None:  # empty_form sets empty_permitted itself
            return {"outcomes": self.outcomes}
        return {"outcomes": self.outcomes, "empty_permitted": index >= self.initial_form_count()}

    def _filled_forms(self) -> list[forms.Form]:
        # A form left blank was skipped and has no cleaned data. (Not has_changed(): a
        # commitment shown from ``initial`` and saved unchanged has not changed, but is
        # still part of the pledge.)
        return [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]

    def clean(self):
        if any(self.errors):
            return
        if not self._filled_forms():
            raise forms.ValidationError(
                _("Add at least one commitment: what you will do, for which outcomes, by when."),
                code="no_commitment",
            )

    def commitments(self) -> list[CommitmentInput]:
        return [f.to_input() for f in self._filled_forms()]


CommitmentFormSet = forms.formset_factory(
    CommitmentForm,
    formset=BaseCommitmentFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_COMMITMENTS,
    validate_max=True,
    absolute_max=MAX_COMMITMENTS,
)


def commitment_initial(pledge) -> list[dict]:
    return [
        {
            "text": c.text,
            "outcomes": [str(o.pk) for o in c.outcomes.all()],
            # "10", not normalize()'s "1E+1".
            "target_value": format(c.target_value.normalize(), "f"),
            "target_unit": c.target_unit,
            "due_date": c.due_date,
            "source": c.source_id,
        }
        for c in pledge.commitments.all()
    ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing it? (optional)"),
        max_length=1000,
        required=False,
        widget=CountedTextarea(attrs={"rows": 3}),
        help_text=_("Kept in the pledge’s history for your organisation and the alliance’s staff."),
    )


# ---------------------------------------------------------------------------
# The pledge page: the pledge and its commitments as one form
# ---------------------------------------------------------------------------

COMMITMENT_PREFIX = "commitments"
ADD_COMMITMENT = "add_commitment"
REMOVE_COMMITMENT = "remove_commitment"
_COMMITMENT_KEY = re.compile(rf"^{COMMITMENT_PREFIX}-(\d+)-(.+)$")


def _whole_number(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _without_commitment(data: QueryDict, index: int) -> QueryDict:
    """``data`` with commitment ``index`` taken out and the ones after it moved up."""
    kept = QueryDict(mutable=True)
    for key in data:
        match = _COMMITMENT_KEY.match(key)
        if match and int(match[1]) == index:
            continue
        if match and int(match[1]) > index:
            key_to = f"{COMMITMENT_PREFIX}-{int(match[1]) - 1}-{match[2]}"
        else:
            key_to = key
        kept.setlist(key_to, data.getlist(key))
    return kept


def _error_anchor(field: forms.BoundField) -> str:
    # A group of radios or checkboxes is reached through its fieldset.
    if isinstance(field.field.widget, forms.RadioSelect):
        return f"{field.auto_id}-group"
    return field.id_for_label


class PledgeEditor:
    """The pledge page's forms: the pledge itself and its commitments.

    The page works without JavaScript, so adding or removing a commitment is a submit
    button. Either is a *step*: nothing is saved, and the page comes back with all that
    was typed, one commitment more or fewer, and no error messages (the person has not
    finished yet). Pass ``pledge`` to edit a draft; who pledged is then fixed.
    """

    ADDED, FULL, REMOVED = "added", "full", "removed"

    def __init__(self, data: QueryDict | None = None, *, organisations=(), pledge=None):
        self.pledge = pledge
        self.step = ""
        self.removed_number = 0
        # After a remove, where focus goes: the commitment that moved up into the removed
        # one's place, or "Add another commitment" when the last one went (WCAG 2.4.3).
        self.focus_add_button = False
        if data is not None:
            data = self._take_step(data)
        editing = pledge is not None and data is None
        self.form = PledgeForm(
            data,
            organisations=list(organisations),
            fixed_pledger=pledge,
            initial={"title": pledge.title, "statement": pledge.statement} if editing else None,
        )
        self.formset = CommitmentFormSet(
            data,
            prefix=COMMITMENT_PREFIX,
            initial=commitment_initial(pledge) if editing else None,
        )
        if self.step:
            self._show_without_judging()

    def _take_step(self, data: QueryDict) -> QueryDict:
        if ADD_COMMITMENT not in data and REMOVE_COMMITMENT not in data:
            return data
        total_key = f"{COMMITMENT_PREFIX}-TOTAL_FORMS"
        initial_key = f"{COMMITMENT_PREFIX}-INITIAL_FORMS"
        total = max(1, min(_whole_number(data.get(total_key), 1), MAX_COMMITMENTS))
        if ADD_COMMITMENT in data:
            self.step = self.ADDED if total < MAX_COMMITMENTS else self.FULL
            data = data.copy()
            data[total_key] = str(min(total + 1, MAX_COMMITMENTS))
            return data
        self.step = self.REMOVED
        index = _whole_number(data.get(REMOVE_COMMITMENT), 0)
        if not 0 < index < total:  # the first commitment stays
            return data
        self.removed_number = index + 1
        data = _without_commitment(data, index)
        data[total_key] = str(total - 1)
        initial = _whole_number(data.get(initial_key), 0)
        if index < initial:
            data[initial_key] = str(initial - 1)
        return data

    def _show_without_judging(self) -> None:
        for form in [self.form, *self.formset.forms]:
            form._errors = ErrorDict()
        self.formset._errors = []
        self.formset._non_form_errors = self.formset.error_class()
        if self.step == self.ADDED:
            self.formset.forms[-1].fields["text"].widget.attrs["autofocus"] = True
        elif self.step == self.REMOVED and self.removed_number:
            index = self.removed_number - 1
            if index < len(self.formset.forms):
                self.formset.forms[index].fields["text"].widget.attrs["autofocus"] = True
            else:
                self.focus_add_button = True

    @property
    def can_add(self) -> bool:
        return self.formset.total_form_count() < MAX_COMMITMENTS

    def is_valid(self) -> bool:
        if self.step or not self.form.is_bound:
            return False
        form_valid = self.form.is_valid()  # both, so every message shows at once
        return self.formset.is_valid() and form_valid

    def organisation(self) -> Organisation | None:
        return self.form.organisation()

    def pledge_data(self) -> dict:
        return {
            "title": self.form.cleaned_data["title"],
            "statement": self.form.cleaned_data["statement"],
            "commitments": self.formset.commitments(),
        }

    def add_error(self, message: str) -> None:
        """A refusal from a service, shown at the top of the page."""
        self.form.add_error(None, message)

    def error_summary(self) -> list[tuple[str, str]]:
        """(link to the field, or "", message) for every problem, in page order."""
        items = [("", str(error)) for error in self.form.non_field_errors()]
        for field in self.form.visible_fields():
            items += [(_error_anchor(field), f"{field.label}: {error}") for error in field.errors]
        items += [("commitments", str(error)) for error in self.formset.non_form_errors()]
        for number, form in enumerate(self.formset.forms, start=1):
            hidden = [e for f in form.hidden_fields() for e in f.errors]
            for error in [*form.non_field_errors(), *hidden]:
                message = _("Commitment %(n)s: %(error)s") % {"n": number, "error": error}
                items.append((form.prefix, message))
            for field in form.visible_fields():
                for error in field.errors:
                    message = _("Commitment %(n)s, %(label)s: %(error)s") % {
                        "n": number,
                        "label": field.label,
                        "error": error,
                    }
                    items.append((_error_anchor(field), message))
        return items
