"""Signing the charter, staff verification, and withdrawal.

An organisation's admin signs on its behalf: a draft first (saved as often as they like),
then submitted. Staff verify it (a certificate follows) or ask for changes, through
``core.review``. An organisation has at most one live signature per version, and one
verified signature at a time: verifying a newer version's signature supersedes the older.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, User
from core.errors import DomainError
from core.review import Decided, Decision, ReviewWorkflow

from .. import permissions
from ..models import ActionStatement, Basis, CharterVersion, Role, Signature, SignatureEvent
from ._common import (
    StatementInput,
    check_complete,
    link_evidence,
    mail_context,
    record,
    resolved_evidence,
    signature_people,
)

Action = SignatureEvent.Action


def _check_may_sign(actor: User, organisation: Organisation) -> None:
    if organisation.is_suspended:
        raise DomainError(
            _("%(name)s is suspended and cannot sign the charter.") % {"name": organisation.name},
            code="suspended",
        )
    if not permissions.can_sign_for(actor, organisation):
        raise DomainError(
            _("Only an admin of %(name)s can sign the charter on its behalf.")
            % {"name": organisation.name},
            code="not_admin",
        )


def _draft_for(organisation: Organisation, version: CharterVersion) -> Signature | None:
    """The organisation's draft to carry on with, or None for a new one. A draft of an
    earlier version moves to the current one; a submitted or verified signature of this
    version is refused: one live signature per organisation per version."""
    live = list(
        Signature.objects.select_for_update()
        .filter(organisation=organisation, status__in=Signature.LIVE)
        .order_by("-version__number")
    )
    for signature in live:
        if signature.version_id == version.pk and signature.status != Signature.Status.DRAFT:
            raise DomainError(
                _("%(name)s has already signed version %(n)s of the charter.")
                % {"name": organisation.name, "n": version.number},
                code="already_signed",
            )
    for signature in live:
        if signature.status == Signature.Status.DRAFT:
            signature.version = version
            return signature
    return None


def current_draft(organisation: Organisation) -> Signature | None:
    """The organisation's draft signature, if it has one (for the signing form)."""
    return (
        Signature.objects.filter(organisation=organisation, status=Signature.Status.DRAFT)
        .select_related("version")
        .prefetch_related("statements__evidence")
        .first()
    )


@transaction.atomic
def charter_sign(
    *,
    actor: User,
    organisation: Organisation,
    role: str,
    signatory_name: str,
    signatory_position: str,
    authority_confirmed: bool,
    basis: str,
    contract_reference: str = "",
    statements: dict[str, StatementInput],
    submit: bool = False,
) -> Signature:
    """Save the organisation's signature of the current version as a draft, and submit
    it for verification when ``submit`` is true."""
    _check_may_sign(actor, organisation)
    # One signing at a time for an organisation: the second waits, then sees the first.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    version = CharterVersion.objects.current()
    if version is None:
        raise DomainError(_("The charter is not open for signing yet."), code="no_version")
    signature = _draft_for(organisation, version) or Signature(
        organisation=organisation, version=version
    )
    if role not in Role.values or basis not in Basis.values:
        raise DomainError(_("Choose a role and a basis from the lists."), code="bad_choice")
    signature.signed_by = actor
    signature.role = role
    signature.signatory_name = " ".join(signatory_name.split())
    signature.signatory_position = " ".join(signatory_position.split())
    signature.authority_confirmed = bool(authority_confirmed)
    signature.basis = basis
    signature.contract_reference = (
        " ".join(contract_reference.split()) if basis == Basis.CONTRACT else ""
    )
    items = resolved_evidence(organisation, statements)
    if submit:
        _check_ready(signature, statements)
    signature.full_clean(exclude=["certificate_token"])
    signature.save()
    # The statements are the form's as a whole: replaced, with their evidence.
    signature.statements.all().delete()
    for area, statement in statements.items():
        if statement.is_empty:
            continue
        made = ActionStatement(
            signature=signature,
            area=area,
            commitment=statement.text.strip(),
            target_date=statement.target_date,
        )
        made.full_clean(exclude=["signature"])
        made.save()
        link_evidence(items.get(area, []), statement=made)
    if submit:
        signature.status = Signature.Status.SUBMITTED
        signature.submitted_at = timezone.now()
        signature.save(update_fields=["status", "submitted_at"])
        record(signature, Action.SUBMITTED, actor)
    return signature


def _check_ready(signature: Signature, statements: dict[str, StatementInput]) -> None:
    if not signature.signatory_name or not signature.signatory_position:
        raise DomainError(
            _("Give the name and position of the person signing."), code="no_signatory"
        )
    if not signature.authority_confirmed:
        raise DomainError(
            _("Confirm that the signatory has the authority to sign for the organisation."),
            code="no_authority",
        )
    if signature.basis == Basis.CONTRACT and not signature.contract_reference:
        raise DomainError(_("Say which contract requires you to sign."), code="no_contract")
    check_complete(statements, today=timezone.localdate())


class SignatureVerification(ReviewWorkflow):
    """Staff verify a submitted signature or ask for changes."""

    model = Signature
    event_model = SignatureEvent
    event_field = "signature"
    decisions = (Decision.APPROVE, Decision.CHANGES)
    lock_related = ("organisation", "version", "signed_by")
    mail_prefix = "charter_signature"
    audience = gettext_lazy("the organisation")
    labels = {Decision.APPROVE: gettext_lazy("Verify")}
    forbidden_message = gettext_lazy("Only the alliance’s staff verify charter signatures.")
    not_waiting_message = gettext_lazy("This signature is not waiting for verification.")

    def may_decide(self, actor, item) -> bool:
        return permissions.can_moderate(actor)

    def recipients(self, signature: Signature) -> list[User]:
        return signature_people(signature)

    def mail_context(self, signature: Signature) -> dict:
        return mail_context(signature)

    def on_approve(self, signature: Signature, *, actor: User, note: str) -> Decided:
        if signature.organisation.is_suspended:
            raise DomainError(
                _("The organisation is suspended: reinstate it before verifying."),
                code="suspended",
            )
        now = timezone.now()
        since = now
        previous = (
            Signature.objects.select_for_update()
            .filter(organisation_id=signature.organisation_id, status=Signature.Status.VERIFIED)
            .first()
        )
        if previous is not None:
            # Re-signing a newer version: the older certificate is superseded, and the
            # organisation has been a signatory since it first signed.
            since = previous.signatory_since or previous.verified_at or now
            previous.status = Signature.Status.SUPERSEDED
            previous.ended_at = now
            previous.save(update_fields=["status", "ended_at"])
            record(
                previous,
                Action.SUPERSEDED,
                actor,
                _("Re-signed version %(n)s.") % {"n": signature.version.number},
            )
        signature.status = Signature.Status.VERIFIED
        signature.verified_at = now
        signature.signatory_since = since
        signature.cycle_started_at = now
        signature.reminded_at = None
        signature.moderation_note = ""
        signature.certificate_number = f"SVC-{signature.version.number}-{signature.pk:06d}"
        signature.save()
        return Decided(signature, Action.APPROVED)

    def on_changes(self, signature: Signature, *, actor: User, note: str) -> Decided:
        """Back to the organisation as a draft, with what to change."""
        signature.status = Signature.Status.DRAFT
        signature.moderation_note = note
        signature.save(update_fields=["status", "moderation_note"])
        return Decided(signature, Action.CHANGES_REQUESTED)


SIGNATURE_VERIFICATION = SignatureVerification()


def signature_verify(*, signature: Signature, actor: User, note: str = "") -> Signature:
    return SIGNATURE_VERIFICATION.decide(
        signature, actor=actor, decision=Decision.APPROVE, note=note
    )


def signature_request_changes(*, signature: Signature, actor: User, comment: str) -> Signature:
    return SIGNATURE_VERIFICATION.decide(
        signature, actor=actor, decision=Decision.CHANGES, note=comment
    )


@transaction.atomic
def signature_withdraw(*, signature: Signature, actor: User, reason: str = "") -> Signature:
    """The organisation withdraws: off the directory, the certificate no longer current;
    the history stays."""
    signature = (
        Signature.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=signature.pk)
    )
    if not signature.is_live:
        raise DomainError(_("This signature has already ended."), code="not_live")
    if not permissions.can_withdraw(actor, signature):
        raise DomainError(
            _("Only an admin of the organisation can withdraw its signature."), code="not_admin"
        )
    signature.status = Signature.Status.WITHDRAWN
    signature.ended_at = timezone.now()
    signature.save(update_fields=["status", "ended_at"])
    record(signature, Action.WITHDRAWN, actor, reason.strip()[:1000])
    return signature
