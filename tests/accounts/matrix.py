"""Matrix rows for accounts: the signed-in person's account, organisations and members."""

from __future__ import annotations

from accounts.models import Invitation, JoinRequest, Membership, hash_token
from accounts.services import invitation_create

from ..permission_matrix import FOUND, OK, Objects, Row, everyone, only, signed_in

# The raw token is only in the invitation mail; the matrix needs a known one.
INVITATION_TOKEN = "matrix-invitation-token"


def membership_member_a(objects: Objects) -> Membership:
    return Membership.objects.get(user=objects.users["member_a"], organisation=objects["org_a"])


def invitation(objects: Objects) -> Invitation:
    invited = invitation_create(
        organisation=objects["org_a"],
        invited_by=objects.users["admin_a"],
        email="invited@example.org",
    )
    invited.token_hash = hash_token(INVITATION_TOKEN)
    invited.save(update_fields=["token_hash"])
    return invited


def invitation_token(objects: Objects) -> str:
    objects["invitation"]  # the invitation the token opens
    return INVITATION_TOKEN


def join_request(objects: Objects) -> JoinRequest:
    return JoinRequest.objects.create(user=objects.users["resident"], organisation=objects["org_a"])


BUILDERS = {
    "membership_member_a": membership_member_a,
    "invitation": invitation,
    "invitation_token": invitation_token,
    "join_request": join_request,
}

ROWS = [
    # --- The signed-in person's account --------------------------------------
    Row("accounts:dashboard", "/accounts/", signed_in(OK)),
    Row("accounts:profile", "/accounts/profile/", signed_in(OK)),
    Row("accounts:delete", "/accounts/delete/", signed_in(OK)),
    # --- Organisations --------------------------------------------------------
    Row("accounts:organisation_list", "/organisations/", everyone(OK)),
    Row("accounts:organisation_edit", "/organisations/{org_a.slug}/edit/", only({"admin_a": OK})),
    Row(
        "accounts:organisation_members",
        "/organisations/{org_a.slug}/members/",
        only({"member_a": OK, "admin_a": OK, "staff": OK}),
    ),
    Row(
        "accounts:member_invite",
        "/organisations/{org_a.slug}/members/invite/",
        only({"admin_a": OK}),
    ),
    Row(
        "accounts:member_remove",
        "/organisations/{org_a.slug}/members/{membership_member_a.pk}/remove/",
        only({"admin_a": FOUND}),
        method="POST",
        page=False,
    ),
    Row(
        "accounts:member_role",
        "/organisations/{org_a.slug}/members/{membership_member_a.pk}/role/",
        only({"admin_a": FOUND}),
        method="POST",
        data={"role": "admin"},
        page=False,
    ),
    Row(
        "accounts:member_hand_over",
        "/organisations/{org_a.slug}/members/hand-over/",
        only({"admin_a": FOUND}),
        method="POST",
        data={"membership": "{membership_member_a.pk}"},
        page=False,
    ),
    Row(
        "accounts:invitation_revoke",
        "/organisations/{org_a.slug}/invitations/{invitation.pk}/revoke/",
        only({"admin_a": FOUND}),
        method="POST",
        page=False,
    ),
    Row(
        "accounts:join_request_decide",
        "/organisations/{org_a.slug}/join-requests/{join_request.pk}/",
        only({"admin_a": FOUND}),
        method="POST",
        data={"decision": "approve"},
        page=False,
    ),
    Row(
        "accounts:organisation_leave",
        "/organisations/{org_a.slug}/leave/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    Row(
        "accounts:organisation_join",
        "/organisations/{org_a.slug}/join/",
        only({"resident": OK, "member_b": OK, "staff": OK, "commissioner": OK}),
    ),
    Row(
        "accounts:organisation_status",
        "/organisations/{org_a.slug}/status/",
        only({"staff": FOUND}),
        method="POST",
        data={"action": "verified"},
        page=False,
    ),
    Row("accounts:invitation_accept", "/invitations/{invitation_token}/", everyone(OK)),
]
