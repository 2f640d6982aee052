"""Who may do what with the charter: the one place these rules live.

An organisation's admins act for it (sign, review, withdraw); its members may read its
signatures and certificates; alliance staff verify and accept reviews.
"""

from __future__ import annotations

from django.utils import timezone

from accounts import permissions as account_permissions
from accounts.models import Organisation

from .models import CharterVersion, Signature, SignatureReview

is_alliance_staff = account_permissions.is_alliance_staff


def organisations_user_can_sign_for(user) -> list[Organisation]:
    """The organisations the user is an admin of that are not suspended, by name."""
    return [
        organisation
        for organisation in account_permissions.organisations_acting_for(user)
        if account_permissions.is_admin(user, organisation)
    ]


def can_sign_for(user, organisation: Organisation) -> bool:
    """Only an organisation's admin signs on its behalf, and never while it is suspended."""
    return account_permissions.is_admin(user, organisation) and not organisation.is_suspended


def can_view_version(user, version: CharterVersion) -> bool:
    return version.is_published or is_alliance_staff(user)


def can_view_signature(user, signature: Signature) -> bool:
    """The organisation's own page for its signature: its members and staff."""
    return account_permissions.is_member(user, signature.organisation) or is_alliance_staff(user)


def can_view_certificate(user, signature: Signature) -> bool:
    return signature.status == Signature.Status.VERIFIED and can_view_signature(user, signature)


def can_edit_signature(user, signature: Signature) -> bool:
    return signature.status == Signature.Status.DRAFT and can_sign_for(user, signature.organisation)


def can_withdraw(user, signature: Signature) -> bool:
    return signature.is_live and account_permissions.is_admin(user, signature.organisation)


def can_review(user, signature: Signature, now=None) -> bool:
    """The yearly review opens eleven months into the signature's year."""
    opens = signature.review_opens_at()
    return (
        signature.status == Signature.Status.VERIFIED
        and opens is not None
        and opens <= (now or timezone.now())
        and can_sign_for(user, signature.organisation)
    )


def can_report_concern(user, signature: Signature) -> bool:
    return signature.status == Signature.Status.VERIFIED and not signature.organisation.is_suspended


def can_moderate(user) -> bool:
    return is_alliance_staff(user)


def can_decide_review(user, review: SignatureReview) -> bool:
    return is_alliance_staff(user)
