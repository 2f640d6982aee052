"""Who may do what with the open data: everyone reads it; alliance staff choose its
licence (in the admin, through ``api.change_opendatalicence``)."""

from __future__ import annotations

from accounts import permissions as account_permissions


def can_read_open_data(user) -> bool:
    """The API and its bulk files are public: nothing in them is anyone's private data."""
    return True


def can_change_licence(user) -> bool:
    return account_permissions.is_alliance_staff(user) and user.has_perm(
        "api.change_opendatalicence"
    )
