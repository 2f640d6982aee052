"""New versions of the charter: staff copy the current text into a draft, edit it in the
admin, and publish it. Publishing tells every signatory of an earlier version, one
message each, and invites them to re-sign; until they do, the directory lists them
against the version they signed."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError
from core.outbox import email_users

from ..models import CharterVersion, Signature, SignatureEvent
from ._common import organisation_admins

TEXT_FIELDS = [
    "title",
    "vision",
    "principles",
    "commissioner_commitments",
    "provider_commitments",
    "embed",
    "deliver",
    "demonstrate",
]


@transaction.atomic
def charter_version_copy_as_draft(*, version: CharterVersion) -> CharterVersion:
    """A new draft version with ``version``'s text, numbered after every other."""
    if CharterVersion.objects.filter(published_at__isnull=True).exists():
        raise DomainError(
            _("A draft version already exists: edit and publish it first."), code="draft_exists"
        )
    highest = CharterVersion.objects.aggregate(n=Max("number"))["n"] or 0
    draft = CharterVersion(
        number=highest + 1, **{name: getattr(version, name) for name in TEXT_FIELDS}
    )
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def charter_version_publish(*, version: CharterVersion, actor: User | None = None) -> int:
    """Publish a draft version. Returns how many signatories were invited to re-sign."""
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise DomainError(
            _("Version %(n)s is already published.") % {"n": version.number},
            code="already_published",
        )
    newest = CharterVersion.objects.published().aggregate(n=Max("number"))["n"] or 0
    if version.number <= newest:
        raise DomainError(
            _("Only a version numbered after the current one (%(n)s) can be published.")
            % {"n": newest},
            code="not_newest",
        )
    try:
        version.full_clean()
    except ValidationError as error:
        raise DomainError(
            _("Complete version %(n)s before publishing it: %(fields)s.")
            % {"n": version.number, "fields": ", ".join(sorted(error.message_dict))},
            code="incomplete",
        ) from error
    version.published_at = timezone.now()
    version.effective_on = version.effective_on or timezone.localdate()
    version.save(update_fields=["published_at", "effective_on"])
    return _invite_signatories(version, actor)


def _invite_signatories(version: CharterVersion, actor: User | None) -> int:
    signatures = list(
        Signature.objects.listed()
        .filter(version__number__lt=version.number)
        .select_related("organisation", "version", "signed_by")
    )
    admins = organisation_admins(s.organisation_id for s in signatures)
    note = _("Version %(n)s published.") % {"n": version.number}
    SignatureEvent.objects.bulk_create(
        SignatureEvent(
            signature=signature, action=SignatureEvent.Action.INVITED, actor=actor, note=note
        )
        for signature in signatures
    )
    context = {
        "version": version.number,
        "title": version.title,
        "charter_url": settings.SITE_URL + version.get_absolute_url(),
        "sign_url": settings.SITE_URL + reverse("charter:sign"),
    }
    for signature in signatures:
        # One message for each signatory, to its admins and the person who signed.
        email_users(
            users=[signature.signed_by, *admins.get(signature.organisation_id, [])],
            template="charter_new_version",
            context={
                **context,
                "organisation": signature.organisation.name,
                "signed_version": signature.version.number,
            },
        )
    return len(signatures)
