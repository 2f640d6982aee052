"""Writes for accounts and organisations. Import from here, not the submodules."""

from .organisations import (
    DuplicateOrganisation,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
    invitations_purge_expired,
    join_request_create,
    join_request_decide,
    membership_hand_over,
    membership_leave,
    membership_remove,
    membership_set_role,
    organisation_change_status,
    organisation_register,
    organisation_update,
)
from .users import (
    email_release_unconfirmed,
    organisations_blocking_deletion,
    user_delete,
    user_update_profile,
)

__all__ = [
    "DuplicateOrganisation",
    "email_release_unconfirmed",
    "invitation_accept",
    "invitation_create",
    "invitation_for_token",
    "invitation_revoke",
    "invitations_purge_expired",
    "join_request_create",
    "join_request_decide",
    "membership_hand_over",
    "membership_leave",
    "membership_remove",
    "membership_set_role",
    "organisation_change_status",
    "organisation_register",
    "organisation_update",
    "organisations_blocking_deletion",
    "user_delete",
    "user_update_profile",
]
