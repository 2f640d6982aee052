"""Use cases for organisations: registration, profile, members, invitations, moderation."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.cache import bump, limit_exceeded
from core.errors import DomainError
from core.outbox import email_queue_template, email_users

from ..models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationStatusChange,
    PendingOrganisation,
    User,
    Ward,
    hash_token,
    organisation_name_key,
)
from ..permissions import forget_cached_roles
from ..selectors import ORGANISATIONS_CACHE_FAMILY, user_verified_emails


class DuplicateOrganisation(DomainError):
    def __init__(self, existing: Organisation) -> None:
        super().__init__(
            _("An organisation called “%(name)s” is already registered.") % {"name": existing.name},
            code="duplicate_organisation",
        )
        self.existing = existing


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _admins(organisation: Organisation):
    return User.objects.filter(
        memberships__organisation=organisation, memberships__role=Membership.Role.ADMIN
    )


def _email_admins(organisation: Organisation, *, template: str, context: dict) -> None:
    """Tell the organisation's active admins; an organisation with none (staff made it,
    or its last admin left) has no one to tell, and the change goes ahead."""
    email_users(users=_admins(organisation), template=template, context=context)


@transaction.atomic
def organisation_register(
    *,
    user: User,
    name: str,
    sector: str,
    size_band: str,
    postcode: str,
    ward: Ward | None,
    website: str = "",
    description: str = "",
) -> Organisation:
    """Create an organisation and make ``user`` its first admin."""
    existing = Organisation.objects.matching_name(name).first()
    if existing:
        raise DuplicateOrganisation(existing)
    organisation = Organisation(
        name=name,
        slug=_unique_slug(name),
        sector=sector,
        size_band=size_band,
        postcode=postcode,
        ward=ward,
        website=website,
        description=description,
    )
    organisation.full_clean()
    for attempt in range(3):
        try:
            with transaction.atomic():
                organisation.save()
            break
        except IntegrityError:
            # A registration running at the same moment took the name or the slug.
            clash = Organisation.objects.filter(name_key=organisation_name_key(name)).first()
            if clash is not None:
                raise DuplicateOrganisation(clash) from None
            if attempt == 2:
                raise
            organisation.slug = _unique_slug(name)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ADMIN)
    forget_cached_roles(user)
    return organisation


@transaction.atomic
def organisation_register_pending(
    *,
    user: User,
    name: str,
    sector: str,
    size_band: str,
    postcode: str,
    ward: Ward | None,
    website: str = "",
    description: str = "",
) -> PendingOrganisation:
    """Keep what someone signing up said about their organisation until they confirm
    their email address: no page, no name held, until then (see PendingOrganisation).
    A name already registered is refused now, as ``organisation_register`` would."""
    existing = Organisation.objects.matching_name(name).first()
    if existing:
        raise DuplicateOrganisation(existing)
    # Checked as the organisation it will become, so confirming cannot fail on input.
    Organisation(
        name=name,
        slug="pending",
        sector=sector,
        size_band=size_band,
        postcode=postcode,
        ward=ward,
        website=website,
        description=description,
    ).full_clean(exclude=["slug", "name_key"])
    pending, _created = PendingOrganisation.objects.update_or_create(
        user=user,
        defaults={
            "name": " ".join(name.split()),
            "sector": sector,
            "size_band": size_band,
            "postcode": postcode,
            "ward": ward,
            "website": website,
            "description": description,
        },
    )
    return pending


@transaction.atomic
def organisation_register_on_confirmation(*, user: User) -> Organisation | None:
    """``user`` confirmed their address: register the organisation they signed up
    with, making them its first admin. When another of the same name was registered in
    the meantime, nothing is registered and they are told, with the way to ask to join.
    Returns the organisation, or None. Safe to run twice."""
    pending = PendingOrganisation.objects.select_for_update().filter(user=user).first()
    if pending is None:
        return None
    data = pending.organisation_data()
    pending.delete()
    try:
        with transaction.atomic():
            return organisation_register(user=user, **data)
    except DuplicateOrganisation as error:
        email_queue_template(
            to=[user.email],
            template="organisation_name_taken",
            context={
                "name": data["name"],
                "existing": error.existing,
                "url": settings.SITE_URL + error.existing.get_absolute_url(),
            },
        )
        return None


@transaction.atomic
def organisation_release_name(
    *, organisation: Organisation, actor: User, reason: str
) -> OrganisationStatusChange:
    """Staff take a name back from an organisation that holds it without right (someone
    registered "Salford City Council" who does not speak for it): the organisation is
    suspended and renamed, and its name and address are free for the real one."""
    if not reason.strip():
        raise DomainError(_("Say why the name is released; the organisation will see it."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    marker = f"released {organisation.pk}"
    if organisation.name.endswith(f"({marker})"):
        raise DomainError(_("This organisation’s name has already been released."))
    now = timezone.now()
    organisation.name = f"{organisation.name[: 150 - len(marker) - 3]} ({marker})"
    organisation.slug = f"{organisation.slug[: 160 - len(marker) - 1]}-{slugify(marker)}"
    organisation.suspended_at = organisation.suspended_at or now
    organisation.full_clean()
    organisation.save()
    change = OrganisationStatusChange(
        organisation=organisation,
        action=OrganisationStatusChange.Action.NAME_RELEASED,
        reason=reason.strip(),
        changed_by=actor,
        changed_at=now,
    )
    change.full_clean()
    change.save()
    bump(ORGANISATIONS_CACHE_FAMILY)
    _email_admins(
        organisation,
        template="organisation_status",
        context={"organisation": organisation, "change": change},
    )
    return change


@transaction.atomic
def organisation_update(*, organisation: Organisation, **fields) -> Organisation:
    editable = {"name", "sector", "size_band", "postcode", "ward", "website", "description"}
    unknown = set(fields) - editable
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if "name" in fields:
        clash = (
            Organisation.objects.matching_name(fields["name"]).exclude(pk=organisation.pk).first()
        )
        if clash:
            raise DuplicateOrganisation(clash)
    for field, value in fields.items():
        setattr(organisation, field, value)
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    bump(ORGANISATIONS_CACHE_FAMILY)
    return organisation


# ---------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------


def _lock_admins(organisation: Organisation) -> list[Membership]:
    return list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Membership.Role.ADMIN)
        .order_by("pk")
    )


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    if membership.user_id == actor.pk:
        raise DomainError(_("To remove yourself, use “Leave this organisation”."))
    admins = _lock_admins(membership.organisation)
    if membership.is_admin and len(admins) == 1:
        raise DomainError(_("An organisation must always have an admin."))
    membership.delete()


@transaction.atomic
def membership_leave(*, user: User, organisation: Organisation) -> None:
    admins = _lock_admins(organisation)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        raise DomainError(_("You are not a member of this organisation."))
    if membership.is_admin and len(admins) == 1:
        raise DomainError(
            _("You are the only admin of %(name)s. Make another member an admin before you leave.")
            % {"name": organisation.name}
        )
    membership.delete()
    forget_cached_roles(user)


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, actor: User) -> Membership:
    """Make a member an admin, or an admin a member (never the last admin)."""
    if role not in Membership.Role.values:
        raise DomainError(_("Unknown role."))
    admins = _lock_admins(membership.organisation)
    if role == Membership.Role.MEMBER and membership.is_admin and len(admins) == 1:
        raise DomainError(_("An organisation must always have an admin."))
    membership.role = role
    membership.save(update_fields=["role"])
    forget_cached_roles(actor)
    return membership


@transaction.atomic
def membership_hand_over(*, organisation: Organisation, actor: User, to: Membership) -> None:
    """Hand the admin role on: ``to`` becomes an admin and ``actor`` a member."""
    if to.organisation_id != organisation.pk:
        raise DomainError(_("That person is not a member of this organisation."))
    if to.user_id == actor.pk:
        raise DomainError(_("Choose someone other than yourself."))
    _lock_admins(organisation)
    mine = Membership.objects.filter(
        organisation=organisation, user=actor, role=Membership.Role.ADMIN
    ).first()
    if mine is None:
        raise DomainError(_("Only an admin can hand the admin role on."))
    to.role = Membership.Role.ADMIN
    to.save(update_fields=["role"])
    mine.role = Membership.Role.MEMBER
    mine.save(update_fields=["role"])
    forget_cached_roles(actor)


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


# How many invitations may go out in a day: from one organisation, and to one address
# from all organisations together. Each is a mail the sender chose to send to someone
# else's inbox (security review, finding 6: 30 invitations sent 30 mails).
INVITATIONS_PER_ORGANISATION_PER_DAY = 20
INVITATIONS_PER_ADDRESS_PER_DAY = 3


@transaction.atomic
def invitation_create(*, organisation: Organisation, invited_by: User, email: str) -> Invitation:
    """Invite ``email`` to join. One live invitation per address: while one is valid,
    asking again sends nothing (withdraw it first to send a new link). Limited per
    organisation and per address per day; the limits fail closed when the cache that
    counts them is down (``CacheUnavailable``)."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise DomainError(_("%(email)s is already a member.") % {"email": email})
    live = Invitation.objects.pending().filter(organisation=organisation, email__iexact=email)
    if live.exists():
        raise DomainError(
            _(
                "%(email)s already has an invitation that is still valid. To send a new "
                "link, withdraw that one first."
            )
            % {"email": email},
            code="already_invited",
        )
    if limit_exceeded(
        f"invitations:organisation:{organisation.pk}",
        limit=INVITATIONS_PER_ORGANISATION_PER_DAY,
        period=24 * 3600,
    ):
        raise DomainError(
            _("You have sent %(n)s invitations today. Please try again tomorrow.")
            % {"n": INVITATIONS_PER_ORGANISATION_PER_DAY},
            code="too_many_invitations",
        )
    if limit_exceeded(
        f"invitations:address:{hash_token(email)}",
        limit=INVITATIONS_PER_ADDRESS_PER_DAY,
        period=24 * 3600,
    ):
        raise DomainError(
            _("%(email)s has had several invitations today. Please try again tomorrow.")
            % {"email": email},
            code="too_many_invitations",
        )
    # An expired invitation to the same address makes way for the new one.
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True
    ).delete()
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        organisation=organisation,
        email=email,
        token_hash=hash_token(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    url = settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])
    email_queue_template(
        to=[email],
        template="invitation",
        context={
            "organisation": organisation,
            "invited_by": invited_by,
            "url": url,
            "days": settings.INVITATION_VALID_DAYS,
        },
        secrets=[url, token],
    )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise DomainError(_("This invitation link is not valid."), code="invalid")
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been used."), code="used")
    if invitation.is_expired:
        raise DomainError(
            _("This invitation has expired. Ask the organisation for a new one."),
            code="expired",
        )
    if invitation.email.lower() not in user_verified_emails(user=user):
        # Only a confirmed address of the account: one added without confirming it
        # (someone else's, perhaps) accepts nothing.
        raise DomainError(
            _(
                "This invitation was sent to %(invited)s, but you are signed in as "
                "%(current)s. Sign in with the invited address to accept it."
            )
            % {"invited": invitation.email, "current": user.email},
            code="wrong_user",
        )
    if invitation.organisation.is_suspended:
        raise DomainError(_("This organisation is suspended."), code="suspended")
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_cached_roles(user)
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.accepted_at is None:
        invitation.delete()


def invitations_purge_expired() -> int:
    deleted, _ = Invitation.objects.expired().delete()
    return deleted


# ---------------------------------------------------------------------------
# Asking to join
# ---------------------------------------------------------------------------


@transaction.atomic
def join_request_create(
    *, user: User, organisation: Organisation, message: str = ""
) -> JoinRequest:
    if organisation.is_suspended:
        raise DomainError(_("This organisation is suspended."))
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise DomainError(_("You are already a member of %(name)s.") % {"name": organisation.name})
    if JoinRequest.objects.filter(
        user=user, organisation=organisation, status=JoinRequest.Status.PENDING
    ).exists():
        raise DomainError(_("You have already asked to join; its admins will reply."))
    if not _admins(organisation).filter(is_active=True).exists():
        raise DomainError(
            _(
                "%(name)s has no admin to answer a request yet. Write to the alliance, "
                "who can put you in touch."
            )
            % {"name": organisation.name}
        )
    join_request = JoinRequest(user=user, organisation=organisation, message=message)
    join_request.full_clean()
    join_request.save()
    _email_admins(
        organisation,
        template="join_request",
        context={
            "organisation": organisation,
            "requester": user,
            "message": message,
            "url": settings.SITE_URL
            + reverse("accounts:organisation_members", args=[organisation.slug]),
        },
    )
    return join_request


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, actor: User, approve: bool) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise DomainError(_("This request has already been answered."))
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    if approve:
        Membership.objects.get_or_create(
            user=join_request.user, organisation=join_request.organisation
        )
    email_queue_template(
        to=[join_request.user.email],
        template="join_request_decided",
        context={"join_request": join_request, "approved": approve},
    )
    return join_request


# ---------------------------------------------------------------------------
# Staff moderation
# ---------------------------------------------------------------------------

_TRANSITIONS = {
    OrganisationStatusChange.Action.VERIFIED: ("verified_at", True),
    OrganisationStatusChange.Action.UNVERIFIED: ("verified_at", False),
    OrganisationStatusChange.Action.SUSPENDED: ("suspended_at", True),
    OrganisationStatusChange.Action.REINSTATED: ("suspended_at", False),
}


@transaction.atomic
def organisation_change_status(
    *, organisation: Organisation, actor: User, action: str, reason: str = ""
) -> OrganisationStatusChange:
    """Verify, withdraw verification, suspend or reinstate, recording who, when and why."""
    if action not in _TRANSITIONS:
        raise DomainError(_("Unknown action."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    field, set_it = _TRANSITIONS[action]
    if (getattr(organisation, field) is not None) == set_it:
        raise DomainError(_("Nothing to change: the organisation is already in that state."))
    if action == OrganisationStatusChange.Action.SUSPENDED and not reason.strip():
        raise DomainError(_("Give a reason for the suspension; the organisation will see it."))
    now = timezone.now()
    setattr(organisation, field, now if set_it else None)
    organisation.save(update_fields=[field])
    change = OrganisationStatusChange(
        organisation=organisation,
        action=action,
        reason=reason.strip(),
        changed_by=actor,
        changed_at=now,
    )
    change.full_clean()
    change.save()
    # A suspended organisation's pledges leave the wall and the home page's totals.
    bump(ORGANISATIONS_CACHE_FAMILY)
    _email_admins(
        organisation,
        template="organisation_status",
        context={"organisation": organisation, "change": change},
    )
    return change
