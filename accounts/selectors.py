"""Reads for accounts and organisations, shaped for the pages that show them."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower

from core.cache import cached_part

from .models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationStatusChange,
    User,
)

# What is cached from public organisation data (``core.cache``): bumped whenever an
# organisation appears, changes its public face or is suspended or reinstated.
ORGANISATIONS_CACHE_FAMILY = "organisations"
# Invitations, requests to join and people's confirmed addresses (settings).
JOINING_CACHE_FAMILY = "joining"
# People's names, shown beside their pledges and in the staff's queue (settings).
PEOPLE_CACHE_FAMILY = "people"


def organisation_list(
    *, search: str = "", sector: str = "", ward: str = "", verified: bool = False
) -> QuerySet[Organisation]:
    qs = Organisation.objects.public().select_related("ward")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if sector:
        qs = qs.filter(sector=sector)
    if ward == "outside":
        qs = qs.filter(ward__isnull=True)
    elif ward:
        qs = qs.filter(ward__slug=ward)
    if verified:
        qs = qs.verified()
    return qs.order_by("name")


def organisation_get(*, slug: str) -> Organisation:
    return Organisation.objects.select_related("ward").get(slug=slug)


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__display_name")  # "admin" sorts before "member"
    )


def organisation_member_count(*, organisation: Organisation) -> int:
    return organisation.memberships.count()


def organisation_pending_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.pending().select_related("invited_by").order_by("email")


def organisation_pending_join_requests(*, organisation: Organisation) -> QuerySet[JoinRequest]:
    return organisation.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
        "user"
    )


def organisation_history(*, organisation: Organisation) -> QuerySet[OrganisationStatusChange]:
    return organisation.status_changes.select_related("changed_by")


def user_memberships(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(
            pending_requests=Count(
                "organisation__join_requests",
                filter=Q(organisation__join_requests__status=JoinRequest.Status.PENDING),
            )
        )
        .order_by("organisation__name")
    )


def account_overview(*, user: User) -> dict:
    """What the person's account page lists: their organisations (with the requests to
    join waiting on each) and the invitations waiting for them. Kept for them until a
    membership, an organisation, an invitation, a request or an address changes."""
    return cached_part(
        f"account:{user.pk}",
        lambda: {
            "memberships": list(user_memberships(user=user)),
            "invitations": list(user_pending_invitations(user=user)),
        },
        families=(ORGANISATIONS_CACHE_FAMILY, JOINING_CACHE_FAMILY),
    )


def user_verified_emails(*, user: User) -> set[str]:
    """The addresses ``user`` has confirmed, lower case. Only these receive and accept
    invitations: an address someone added to their account without confirming it is
    not theirs (security review, finding 4)."""
    from allauth.account.models import EmailAddress

    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def _verified_emails_query(user: User):
    from allauth.account.models import EmailAddress

    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(email_lower=Lower("email"))
        .values("email_lower")
    )


def user_pending_invitations(*, user: User) -> QuerySet[Invitation]:
    return (
        Invitation.objects.pending()
        .alias(email_lower=Lower("email"))
        .filter(email_lower__in=_verified_emails_query(user))
        .select_related("organisation")
    )


def user_data_export(*, user: User) -> dict:
    """What accounts holds about a person, for their data download (reporting adds what
    the other apps hold)."""
    from allauth.account.models import EmailAddress

    memberships = user_memberships(user=user)
    data = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "ward": user.ward.name if user.ward_id else None,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_url": m.organisation.get_absolute_url(),
                "role": m.role,
                "joined_at": m.joined_at.isoformat(),
            }
            for m in memberships
        ],
        "join_requests": [
            {
                "organisation": r.organisation.name,
                "message": r.message,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in JoinRequest.objects.filter(user=user).select_related("organisation")
        ],
    }
    return data
