"""Forms every app shares: the staff decision, and the error summary forms offer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .review import Decision, ReviewWorkflow

NOTE_MAX = 1000


class CountedTextarea(forms.Textarea):
    """A text area that says how many characters are left, and never cuts text short.

    Django would give a limited field ``maxlength``, with which a browser silently drops
    whatever a paste brings past the limit. Here the limit goes in ``data-maxlength``
    instead, with a line under the box saying what it is (linked by
    ``aria-describedby``); ``static/js/site.js`` keeps that line counting as people type
    and says when there are too many. Too long a text then reaches the form, which refuses
    it with a message and gives it back whole.
    """

    template_name = "core/widgets/counted_textarea.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        limit = widget_attrs.pop("maxlength", None)
        if limit and widget_attrs.get("id"):
            widget_attrs["data-maxlength"] = limit
            count_id = f"{widget_attrs['id']}-count"
            described = widget_attrs.get("aria-describedby", "")
            widget_attrs["aria-describedby"] = f"{described} {count_id}".strip()
            context["widget"]["limit"] = int(limit)
            context["widget"]["count_id"] = count_id
        return context


class ErrorSummaryMixin:
    """``error_summary()``: (anchor, message) for every problem, in page order, for
    ``core/includes/error_summary.html``. Forms with grouped fields override it."""

    def error_summary(self) -> list[tuple[str, str]]:
        items = [("", str(error)) for error in self.non_field_errors()]
        for bound in self.visible_fields():
            items += [(bound.auto_id, f"{bound.label}: {error}") for error in bound.errors]
        return items


class DecisionForm(ErrorSummaryMixin, forms.Form):
    """A member of staff's decision on a submission, with a note to its author."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": gettext_lazy("Choose a decision.")},
    )
    note = forms.CharField(
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, workflow: ReviewWorkflow, **kwargs):
        super().__init__(*args, **kwargs)
        self.workflow = workflow
        self.fields["decision"].choices = [(d, workflow.label(d)) for d in workflow.decisions]
        self.fields["note"].label = _("Note to %(who)s") % {"who": workflow.audience}
        self.fields["note"].help_text = _(
            "Required unless you choose “%(approve)s”; optional then."
        ) % {"approve": workflow.label(Decision.APPROVE)}

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision and decision != Decision.APPROVE and not cleaned.get("note", "").strip():
            self.add_error(
                "note",
                _("Say why, or what needs to change: %(who)s will see it.")
                % {"who": self.workflow.audience},
            )
        return cleaned
