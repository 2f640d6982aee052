"""Forms for case studies: writing one (with its optional image) and moderating it."""

from __future__ import annotations

import uuid

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Sector
from measures.models import Outcome

from ..models import CaseStudy, CLESQuality

IMAGE_MAX_BYTES = 3 * 1024 * 1024
IMAGE_EXTENSIONS = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg", "webp": "webp"}
IMAGE_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def image_kind(head: bytes) -> str | None:
    """The kind of image ("png", "jpeg" or "webp") from its first bytes, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


# The four qualities, each with one line from the CLES research: (field, quality, line).
QUALITY_FIELDS = [
    (
        "shows_values",
        CLESQuality.VALUES,
        _(
            "Everyone is treated with respect and without judgement, and that ethos runs "
            "through the whole organisation."
        ),
    ),
    (
        "shows_delivery",
        CLESQuality.DELIVERY,
        _("People are seen as unique individuals, not “clients”: the values shape the work."),
    ),
    (
        "shows_partnerships",
        CLESQuality.PARTNERSHIPS,
        _(
            "Regular contact and joint work with local organisations, inside and outside "
            "your own sector."
        ),
    ),
    (
        "shows_operations",
        CLESQuality.OPERATIONS,
        _(
            "Planning and review follow the same values, and every member of staff’s views "
            "are heard."
        ),
    ),
]
QUALITY_FIELD_NAMES = [name for name, _quality, _line in QUALITY_FIELDS]


def _quality_field(index: int) -> forms.BooleanField:
    _name, quality, line = QUALITY_FIELDS[index]
    return forms.BooleanField(
        label=quality.label,
        help_text=line,
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class OutcomeChoiceField(forms.MultipleChoiceField):
    """Outcomes as checkboxes, from a list read once (with their themes)."""

    def __init__(self, *args, outcomes: list[Outcome] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {str(o.pk): o for o in outcomes}
        self.choices = [(pk, o.name) for pk, o in self.outcomes.items()]

    def clean(self, value) -> list[Outcome]:
        return [self.outcomes[pk] for pk in super().clean(value)]


class CaseStudyForm(forms.Form):
    """A case study. ``organisations`` are those the author may write for: with more than
    one, the author chooses; when editing, the organisation is fixed."""

    organisation = forms.ChoiceField(
        label=_("Which organisation is this case study about?"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose the organisation the case study is about."),
            "invalid_choice": _("Choose one of your organisations."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("One line, e.g. “How our café became a hub for the estate”."),
        error_messages={"required": _("Give the case study a title.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Two or three sentences: shown on the list of case studies."),
        error_messages={"required": _("Write a short summary.")},
    )
    story = forms.CharField(
        label=_("The story"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "What you did, with whom, and what changed. Formatting: a blank line starts a "
            "new paragraph; ## Heading; - for a bulleted list, 1. for a numbered one; "
            "**bold**, *italic*; [words](https://example.org) for a link. Pictures, "
            "scripts and other HTML are removed."
        ),
        error_messages={"required": _("Tell the story: what you did and what changed.")},
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        help_text=_(
            "Usually the organisation’s own; choose another if the story is about work in "
            "another sector."
        ),
    )
    shows_values = _quality_field(0)
    shows_delivery = _quality_field(1)
    shows_partnerships = _quality_field(2)
    shows_operations = _quality_field(3)
    outcomes = OutcomeChoiceField(
        label=_("Outcomes it contributes to (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    image = forms.FileField(
        label=_("Image (optional)"),
        required=False,
        help_text=_("A PNG, JPEG or WebP picture, up to 3 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.webp"}),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    image_alt = forms.CharField(
        label=_("Image description"),
        max_length=250,
        required=False,
        help_text=_(
            "What the picture shows, for people who cannot see it, e.g. “Volunteers "
            "serving lunch in the community café”. Needed when there is an image."
        ),
    )

    def __init__(
        self,
        *args,
        organisations: list[Organisation],
        outcomes: list[Outcome],
        case_study: CaseStudy | None = None,
        **kwargs,
    ):
        if case_study is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "title": case_study.title,
                "summary": case_study.summary,
                "story": case_study.story,
                "sector": case_study.sector,
                "outcomes": [str(o.pk) for o in case_study.outcomes.all()],
                "image_alt": case_study.image_alt,
                **{name: getattr(case_study, name) for name in QUALITY_FIELD_NAMES},
            }
        super().__init__(*args, **kwargs)
        self.case_study = case_study
        self.fields["outcomes"] = OutcomeChoiceField(
            label=self.fields["outcomes"].label,
            required=False,
            widget=self.fields["outcomes"].widget,
            outcomes=outcomes,
        )
        self.organisations = {str(o.pk): o for o in organisations}
        if case_study is not None or len(organisations) == 1:
            # Editing, or only one organisation to write for: nothing to choose.
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [
                (pk, o.name) for pk, o in self.organisations.items()
            ]
        # Left as it is, the sector is the organisation's own, whichever is chosen.
        own = case_study.organisation if case_study is not None else self.only_organisation
        own_label = (
            _("The organisation’s own (%(sector)s)") % {"sector": own.get_sector_display()}
            if own is not None
            else _("The organisation’s own")
        )
        self.fields["sector"].choices = [("", own_label), *Sector.choices]
        if case_study is None or not case_study.image:
            del self.fields["remove_image"]

    @property
    def chooses_organisation(self) -> bool:
        return "organisation" in self.fields

    @property
    def only_organisation(self) -> Organisation | None:
        """The organisation, when the author has just one to write for."""
        if self.case_study is None and len(self.organisations) == 1:
            return next(iter(self.organisations.values()))
        return None

    def quality_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in QUALITY_FIELD_NAMES]

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

    def clean_image(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        expected = IMAGE_EXTENSIONS.get(extension)
        if expected is None:
            raise forms.ValidationError(
                _("Choose a PNG, JPEG or WebP image (a file ending .png, .jpg or .webp)."),
                code="image_type",
            )
        if upload.size > IMAGE_MAX_BYTES:
            raise forms.ValidationError(
                _("The image is larger than 3 MB: choose a smaller one."), code="image_size"
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if image_kind(head) != expected:
            raise forms.ValidationError(
                _("The file’s contents are not a %(kind)s image, whatever its name says.")
                % {"kind": expected.upper() if expected != "webp" else "WebP"},
                code="image_content",
            )
        # A name of our own: the person's file name can say more than they meant to.
        upload.name = f"{uuid.uuid4().hex}.{'jpg' if expected == 'jpeg' else expected}"
        return upload

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in QUALITY_FIELD_NAMES):
            self.add_error(
                QUALITY_FIELD_NAMES[0],
                forms.ValidationError(
                    _("Choose at least one of the four qualities the story shows."),
                    code="no_quality",
                ),
            )
        has_image = bool(cleaned.get("image")) or (
            self.case_study is not None
            and bool(self.case_study.image)
            and not cleaned.get("remove_image")
        )
        if has_image and not cleaned.get("image_alt", "").strip() and "image" not in self.errors:
            self.add_error(
                "image_alt",
                forms.ValidationError(
                    _("Describe the image for people who cannot see it."), code="alt_required"
                ),
            )
        return cleaned

    def chosen_organisation(self) -> Organisation:
        if self.only_organisation is not None:
            return self.only_organisation
        return self.organisations[self.cleaned_data["organisation"]]

    def _organisation(self) -> Organisation:
        return self.case_study.organisation if self.case_study else self.chosen_organisation()

    def case_study_data(self) -> dict:
        """Keyword arguments for ``case_study_create``/``case_study_update``."""
        data = self.cleaned_data
        values = {
            "title": data["title"],
            "summary": data["summary"],
            "story": data["story"],
            "sector": data["sector"] or self._organisation().sector,
            "outcomes": data["outcomes"],
            "image": data.get("image"),
            "image_alt": data.get("image_alt", ""),
            **{name: data[name] for name in QUALITY_FIELD_NAMES},
        }
        if self.case_study is not None:
            values["remove_image"] = data.get("remove_image", False)
        return values

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every problem, in page order."""
        items = [("", str(error)) for error in self.non_field_errors()]
        for field in self.visible_fields():
            if field.name == QUALITY_FIELD_NAMES[0]:
                items += [("qualities", str(error)) for error in field.errors]
                continue
            if field.name == "organisation":
                # The label is a question: the message says it all.
                items += [(f"{field.auto_id}-group", str(error)) for error in field.errors]
                continue
            anchor = f"{field.auto_id}-group" if field.name == "outcomes" else field.auto_id
            items += [(anchor, f"{field.label}: {error}") for error in field.errors]
        return items
