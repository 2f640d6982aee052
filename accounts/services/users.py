"""Use cases for people: sign-up extras, profile, data export and account deletion."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import Membership, User, Ward


@transaction.atomic
def email_release_unconfirmed(*, email: str) -> int:
    """Forget every claim on ``email`` that its holder never confirmed: an address a
    signed-in person added to their account, unconfirmed, must not stop its owner from
    signing up with it (security review, finding 4). An account's own login address is
    never touched. Returns how many claims were dropped."""
    from allauth.account.models import EmailAddress

    email = (email or "").strip()
    if not email:
        return 0
    deleted, _counts = (
        EmailAddress.objects.filter(email__iexact=email, verified=False, primary=False)
        .exclude(user__email__iexact=email)
        .delete()
    )
    return deleted


@transaction.atomic
def user_update_profile(*, user: User, display_name: str, ward: Ward | None) -> User:
    user.display_name = display_name
    user.ward = ward
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "ward"])
    return user


def organisations_blocking_deletion(user: User) -> list[str]:
    """Names of organisations where ``user`` is the only admin."""
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values(
        "organisation_id"
    )
    sole = (
        Membership.objects.filter(organisation_id__in=admin_of, role=Membership.Role.ADMIN)
        .values("organisation_id", "organisation__name")
        .order_by("organisation__name")
    )
    counts: dict[int, tuple[str, int]] = {}
    for row in sole:
        name, n = counts.get(row["organisation_id"], (row["organisation__name"], 0))
        counts[row["organisation_id"]] = (name, n + 1)
    return [name for name, n in counts.values() if n == 1]


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and everything that is only the user's."""
    blocking = organisations_blocking_deletion(user)
    if blocking:
        raise DomainError(
            _(
                "You are the only admin of %(names)s. Make another member an admin, "
                "or ask the alliance to close the organisation, before you delete your account."
            )
            % {"names": ", ".join(blocking)},
            code="last_admin",
        )
    user.delete()
