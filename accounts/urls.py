from django.urls import path

from .views import account, members, organisations

app_name = "accounts"

urlpatterns = [
    path("accounts/", account.dashboard, name="dashboard"),
    path("accounts/profile/", account.profile_edit, name="profile"),
    path("accounts/delete/", account.account_delete, name="delete"),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path(
        "organisations/<slug:slug>/edit/", organisations.organisation_edit, name="organisation_edit"
    ),
    path(
        "organisations/<slug:slug>/members/",
        members.organisation_members,
        name="organisation_members",
    ),
    path("organisations/<slug:slug>/members/invite/", members.member_invite, name="member_invite"),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/role/",
        members.member_role,
        name="member_role",
    ),
    path(
        "organisations/<slug:slug>/members/hand-over/",
        members.member_hand_over,
        name="member_hand_over",
    ),
    path(
        "organisations/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        members.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<slug:slug>/join-requests/<int:request_id>/",
        members.join_request_decide,
        name="join_request_decide",
    ),
    path("organisations/<slug:slug>/leave/", members.organisation_leave, name="organisation_leave"),
    path("organisations/<slug:slug>/join/", members.organisation_join, name="organisation_join"),
    path(
        "organisations/<slug:slug>/status/",
        organisations.organisation_status,
        name="organisation_status",
    ),
]
