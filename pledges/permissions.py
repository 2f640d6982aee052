"""Who may do what with pledges: the one place these rules live."""

from __future__ import annotations

from accounts import permissions as account_permissions
from accounts.models import Organisation

from .models import Pledge

is_alliance_staff = account_permissions.is_alliance_staff


def can_create_pledge(user) -> bool:
    return user.is_authenticated


def can_pledge_for(user, organisation: Organisation | None) -> bool:
    if not user.is_authenticated:
        return False
    if organisation is None:
        return True
    return account_permissions.is_member(user, organisation) and not organisation.is_suspended


def is_pledge_owner(user, pledge: Pledge) -> bool:
    """The resident who made a personal pledge, or any member of the pledging organisation."""
    if not user.is_authenticated:
        return False
    if pledge.organisation_id is None:
        return pledge.pledger_id == user.pk
    return account_permissions.is_member(user, pledge.organisation)


def can_view_pledge(user, pledge: Pledge) -> bool:
    if pledge.is_public and not (pledge.organisation_id and pledge.organisation.is_suspended):
        return True
    return is_pledge_owner(user, pledge) or is_alliance_staff(user)


def can_edit_pledge(user, pledge: Pledge) -> bool:
    """Drafts are edited by their owners; an approved pledge is edited through a revision."""
    return is_pledge_owner(user, pledge) and pledge.status in (
        Pledge.Status.DRAFT,
        Pledge.Status.APPROVED,
    )


def can_submit_pledge(user, pledge: Pledge) -> bool:
    return is_pledge_owner(user, pledge) and pledge.status == Pledge.Status.DRAFT


def can_withdraw_pledge(user, pledge: Pledge) -> bool:
    return is_pledge_owner(user, pledge) and pledge.status in (
        Pledge.Status.DRAFT,
        Pledge.Status.SUBMITTED,
        Pledge.Status.APPROVED,
    )


def can_renew_pledge(user, pledge: Pledge) -> bool:
    return is_pledge_owner(user, pledge) and pledge.is_renewable


def can_post_progress(user, pledge: Pledge) -> bool:
    return is_pledge_owner(user, pledge) and pledge.status == Pledge.Status.APPROVED


def can_support(user, pledge: Pledge) -> bool:
    """Support comes from others: not from the pledger or the pledging organisation."""
    return (
        user.is_authenticated
        and pledge.status == Pledge.Status.APPROVED
        and not is_pledge_owner(user, pledge)
    )


def can_report_concern(user, pledge: Pledge) -> bool:
    return pledge.is_public


def can_moderate(user) -> bool:
    return is_alliance_staff(user)
