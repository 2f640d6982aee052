"""Forms for sign-up, organisation profiles, members and the user's own account."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import validate_no_control_characters

from .models import (
    Membership,
    Organisation,
    OrganisationStatusChange,
    Sector,
    SizeBand,
    Ward,
    normalise_postcode,
    organisation_name_key,
    validate_uk_postcode,
)

OUTSIDE_SALFORD = "outside"


class WardChoiceField(forms.ChoiceField):
    """Salford's wards plus "outside Salford"; cleans to a Ward or None."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = self._ward_choices

    @staticmethod
    def _ward_choices():
        yield ("", _("Choose a ward"))
        yield from ((w.slug, w.name) for w in Ward.objects.all())
        yield (OUTSIDE_SALFORD, _("Outside Salford"))

    def clean(self, value):
        value = super().clean(value)
        if value in ("", OUTSIDE_SALFORD):
            return None
        try:
            return Ward.objects.get(slug=value)
        except Ward.DoesNotExist:
            raise forms.ValidationError(_("Choose a ward from the list.")) from None


def _ward_initial(ward: Ward | None, outside: bool) -> str:
    if ward is not None:
        return ward.slug
    return OUTSIDE_SALFORD if outside else ""


class OrganisationFieldsMixin(forms.Form):
    """The organisation's profile fields, shared by sign-up and the edit page."""

    name = forms.CharField(
        label=_("Organisation name"), max_length=150, validators=[validate_no_control_characters]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("Choose a sector")), *Sector.choices]
    )
    size_band = forms.ChoiceField(
        label=_("Size"),
        choices=[("", _("Choose a size")), *SizeBand.choices],
        help_text=_("Paid staff and regular volunteers together."),
    )
    # Longer than a postcode, so "M 5 4 W T" reaches the postcode check and its message.
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=16,
        help_text=_("Where the organisation is based, for example M5 4WT."),
    )
    org_ward = WardChoiceField(
        label=_("Ward"),
        help_text=_("The Salford ward the organisation is based in, or “Outside Salford”."),
    )
    website = forms.URLField(
        label=_("Website (optional)"), required=False, max_length=200, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("What the organisation does (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if name and not organisation_name_key(name):
            raise forms.ValidationError(
                _("The name needs at least one letter or digit."), code="invalid_name"
            )
        return name

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        validate_uk_postcode(value)
        return normalise_postcode(value)

    def organisation_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "sector": data["sector"],
            "size_band": data["size_band"],
            "postcode": data["postcode"],
            "ward": data["org_ward"],
            "website": data.get("website", ""),
            "description": data.get("description", ""),
        }


class SignupExtraForm(OrganisationFieldsMixin):
    """Fields allauth's sign-up form gains (``ACCOUNT_SIGNUP_FORM_CLASS``).

    The organisation fields are only required when the person joins on behalf of one.
    """

    RESIDENT = "resident"
    ORGANISATION = "organisation"
    ORGANISATION_FIELDS = (
        "name",
        "sector",
        "size_band",
        "postcode",
        "org_ward",
        "website",
        "description",
    )

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        validators=[validate_no_control_characters],
        help_text=_("Shown on pledges you make. A first name is fine."),
    )
    ward = forms.ModelChoiceField(
        label=_("Your ward (optional)"),
        queryset=Ward.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("I’d rather not say, or I live outside Salford"),
    )
    joining_as = forms.ChoiceField(
        label=_("Are you joining as a resident or on behalf of an organisation?"),
        choices=[
            (RESIDENT, _("As a resident, for myself")),
            (ORGANISATION, _("On behalf of an organisation")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial=RESIDENT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.ORGANISATION_FIELDS:
            self.fields[name].required = False
        self.existing_organisation: Organisation | None = None

    @property
    def joining_as_organisation(self) -> bool:
        return self.data.get(self.add_prefix("joining_as")) == self.ORGANISATION

    def clean_postcode(self) -> str:
        if not self.joining_as_organisation or not self.cleaned_data.get("postcode"):
            return ""  # clean() says that it is required, when it is
        return super().clean_postcode()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("joining_as") != self.ORGANISATION:
            # The organisation fields are hidden from residents, so nothing left in them
            # may block the sign-up.
            for name in self.ORGANISATION_FIELDS:
                self.errors.pop(name, None)
                cleaned.pop(name, None)
            return cleaned
        required = {
            "name": _("Enter the organisation’s name."),
            "sector": _("Choose the organisation’s sector."),
            "size_band": _("Choose the organisation’s size."),
            "postcode": _("Enter the organisation’s postcode."),
        }
        for field, message in required.items():
            if not cleaned.get(field) and field not in self.errors:
                self.add_error(field, message)
        if "org_ward" not in self.errors and not self.data.get(self.add_prefix("org_ward")):
            self.add_error("org_ward", _("Choose the organisation’s ward, or “Outside Salford”."))
        name = cleaned.get("name")
        if name:
            existing = Organisation.objects.matching_name(name).first()
            if existing:
                self.existing_organisation = existing
                self.add_error(
                    "name",
                    forms.ValidationError(
                        _(
                            "An organisation called “%(name)s” is already registered. "
                            "Join as a resident, then ask to join it from its page."
                        ),
                        code="duplicate_organisation",
                        params={"name": existing.name},
                    ),
                )
        return cleaned

    def signup(self, request, user) -> None:
        """Called by allauth once the user is saved, inside the sign-up transaction. The
        organisation waits for its admin's confirmed address before it is registered."""
        from .services import organisation_register_pending

        if self.cleaned_data.get("joining_as") == self.ORGANISATION:
            organisation_register_pending(user=user, **self.organisation_data())


class OrganisationForm(OrganisationFieldsMixin):
    @classmethod
    def for_organisation(cls, organisation: Organisation, data=None) -> OrganisationForm:
        initial = {
            "name": organisation.name,
            "sector": organisation.sector,
            "size_band": organisation.size_band,
            "postcode": organisation.postcode,
            "org_ward": _ward_initial(organisation.ward, outside=True),
            "website": organisation.website,
            "description": organisation.description,
        }
        return cls(data=data, initial=initial)


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"), max_length=80, validators=[validate_no_control_characters]
    )
    ward = forms.ModelChoiceField(
        label=_("Your ward (optional)"),
        queryset=Ward.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("I’d rather not say, or I live outside Salford"),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person to invite"),
        help_text=_("They get a link that works once, for 7 days."),
    )


class HandOverForm(forms.Form):
    membership = forms.ModelChoiceField(
        label=_("Make this member the admin"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose a member"),
    )

    def __init__(self, *args, organisation: Organisation, actor, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = (
            Membership.objects.filter(organisation=organisation)
            .exclude(user=actor)
            .select_related("user")
        )
        field.label_from_instance = lambda m: f"{m.user.display_name} ({m.user.email})"


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A note for the organisation’s admins (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StatusChangeForm(forms.Form):
    action = forms.ChoiceField(
        choices=OrganisationStatusChange.Action.choices, widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the organisation’s history. Required to suspend."),
    )


class DeleteAccountForm(forms.Form):
    confirm_email = forms.EmailField(
        label=_("Type your email address to confirm"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm_email(self) -> str:
        value = self.cleaned_data["confirm_email"]
        if value.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(_("That is not the email address of this account."))
        return value
