"""Who may do what with accounts and organisations: the one place these rules live.

Group and membership look-ups are kept on the user object, so a page that asks several
questions costs one look-up for each kind of fact, not one per question; and in the
cache (``core.cache.cached_part``), so a person's next page reads neither: a change to
an organisation or a membership bumps "organisations", a change to someone's groups
bumps "roles" (``accounts.signals``), and the cached roles are never read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.cache import cached_part

from .models import Membership, Organisation
from .roles import COMMISSIONER_GROUP, ROLES_CACHE_FAMILY, STAFF_GROUP
from .selectors import ORGANISATIONS_CACHE_FAMILY

if TYPE_CHECKING:
    from .models import User


# What the cached roles are read from (accounts.signals bumps "roles").
ROLES_FAMILIES = (ORGANISATIONS_CACHE_FAMILY, ROLES_CACHE_FAMILY)


def _group_names(user) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_sv_group_names", None)
    if cached is None:
        cached = _kept(
            user, "groups", lambda: frozenset(user.groups.values_list("name", flat=True))
        )
        user._sv_group_names = cached
    return cached


def memberships_by_org(user) -> dict[int, Membership]:
    """The user's memberships keyed by organisation id, with the organisations loaded."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_sv_memberships", None)
    if cached is None:
        cached = _kept(
            user,
            "memberships",
            lambda: {
                m.organisation_id: m
                for m in Membership.objects.filter(user=user).select_related("organisation")
            },
        )
        user._sv_memberships = cached
    return cached


def organisations_acting_for(user) -> list[Organisation]:
    """The user's organisations that are not suspended, by name: those they may act for
    (pledge, write case studies, take the checklist, sign the charter)."""
    return sorted(
        (
            m.organisation
            for m in memberships_by_org(user).values()
            if not m.organisation.is_suspended
        ),
        key=lambda o: o.name.casefold(),
    )


def forget_cached_roles(user) -> None:
    """After a service changed the user's roles: read them afresh from the database for
    the rest of this request too (the shared cache moves on only once it commits)."""
    for attr in ("_sv_group_names", "_sv_memberships"):
        if hasattr(user, attr):
            delattr(user, attr)
    user._sv_roles_changed = True


def _kept(user, name: str, read):
    """``read()``, kept in the cache for the person unless their roles changed in this
    request."""
    if getattr(user, "_sv_roles_changed", False):
        return read()
    return cached_part(f"roles:{name}:{user.pk}", read, families=ROLES_FAMILIES)


def is_alliance_staff(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or STAFF_GROUP in _group_names(user))


def is_commissioner(user: User) -> bool:
    return user.is_authenticated and COMMISSIONER_GROUP in _group_names(user)


def is_member(user: User, organisation: Organisation) -> bool:
    return organisation.pk in memberships_by_org(user)


def is_admin(user: User, organisation: Organisation) -> bool:
    membership = memberships_by_org(user).get(organisation.pk)
    return membership is not None and membership.is_admin


def can_view_organisation(user: User, organisation: Organisation) -> bool:
    """Suspended organisations are hidden from everyone but their members and staff."""
    if not organisation.is_suspended:
        return True
    return is_member(user, organisation) or is_alliance_staff(user)


def can_edit_organisation(user: User, organisation: Organisation) -> bool:
    return is_admin(user, organisation) and not organisation.is_suspended


def can_manage_members(user: User, organisation: Organisation) -> bool:
    return is_admin(user, organisation)


def can_view_members(user: User, organisation: Organisation) -> bool:
    return is_member(user, organisation) or is_alliance_staff(user)


def can_leave(user: User, organisation: Organisation) -> bool:
    return is_member(user, organisation)


def can_request_to_join(user: User, organisation: Organisation) -> bool:
    return (
        user.is_authenticated
        and not organisation.is_suspended
        and not is_member(user, organisation)
    )


def can_moderate_organisations(user: User) -> bool:
    return is_alliance_staff(user)


def can_view_history(user: User, organisation: Organisation) -> bool:
    return is_admin(user, organisation) or is_alliance_staff(user)
