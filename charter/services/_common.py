"""What the charter's services share: the history, who hears about a signature, and the
action statements a form sends."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from core.errors import DomainError
from core.outbox import email_users

from .. import evidence
from ..models import Area, EvidenceLink, Signature, SignatureEvent


@dataclass(frozen=True)
class StatementInput:
    """One area's statement as a form sends it: text, a date, evidence keys."""

    text: str = ""
    target_date: datetime.date | None = None
    evidence: tuple[str, ...] = field(default_factory=tuple)
    # The yearly review's "what we have done"; unused when signing.
    done: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.target_date or self.evidence or self.done.strip())


def record(signature: Signature, action: str, actor: User | None = None, note: str = ""):
    return SignatureEvent.objects.create(signature=signature, action=action, actor=actor, note=note)


def organisation_admins(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """Each organisation's admins, in one query."""
    admins: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        organisation_id__in=list(organisation_ids), role=Membership.Role.ADMIN
    ).select_related("user"):
        admins.setdefault(membership.organisation_id, []).append(membership.user)
    return admins


def signature_people(signature: Signature) -> list[User]:
    """Who hears about a signature: the admin who signed and the organisation's admins."""
    people = organisation_admins([signature.organisation_id]).get(signature.organisation_id, [])
    return [signature.signed_by, *people]


def mail_context(signature: Signature) -> dict:
    return {
        "signature": signature,
        "organisation": signature.organisation.name,
        "version": signature.version.number,
        "url": settings.SITE_URL + signature.get_absolute_url(),
    }


def tell(signature: Signature, template: str, **context) -> None:
    email_users(
        users=signature_people(signature),
        template=template,
        context={**mail_context(signature), **context},
    )


def review_url(signature: Signature) -> str:
    return settings.SITE_URL + reverse("charter:review", kwargs={"pk": signature.pk})


def check_complete(
    statements: dict[str, StatementInput], *, today: datetime.date, reviewing: bool = False
) -> None:
    """Submitting needs a statement for each of Embed, Deliver and Demonstrate, each with
    a target date after today (and, in a review, what was done)."""
    for area in Area:
        statement = statements.get(area.value) or StatementInput()
        if reviewing and not statement.done.strip():
            raise DomainError(
                _("%(area)s: say what you have done this year.") % {"area": area.label},
                code="incomplete",
            )
        if not statement.text.strip() or statement.target_date is None:
            raise DomainError(
                _("%(area)s: say what you will do and by when.") % {"area": area.label},
                code="incomplete",
            )
        if statement.target_date <= today:
            raise DomainError(
                _("%(area)s: the target date must be after today.") % {"area": area.label},
                code="past_target",
            )


def resolved_evidence(
    organisation: Organisation, statements: dict[str, StatementInput]
) -> dict[str, list]:
    """Each area's evidence items, checked to be the organisation's own and public."""
    return {
        area: evidence.resolve(organisation, statement.evidence)
        for area, statement in statements.items()
    }


def link_evidence(items: Iterable, **owner) -> None:
    EvidenceLink.objects.bulk_create(
        EvidenceLink(**owner, **evidence.link_kwargs(item)) for item in items
    )
