from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/", views.dashboard, name="dashboard"),
    path("accounts/profile/", views.profile_edit, name="profile"),
    path("accounts/my-data.json", views.data_export, name="data_export"),
    path("accounts/delete/", views.account_delete, name="delete"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/members/",
        views.organisation_members,
        name="organisation_members",
    ),
    path("organisations/<slug:slug>/members/invite/", views.member_invite, name="member_invite"),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "organisations/<slug:slug>/members/hand-over/",
        views.member_hand_over,
        name="member_hand_over",
    ),
    path(
        "organisations/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<slug:slug>/join-requests/<int:request_id>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("organisations/<slug:slug>/leave/", views.organisation_leave, name="organisation_leave"),
    path("organisations/<slug:slug>/join/", views.organisation_join, name="organisation_join"),
    path(
        "organisations/<slug:slug>/status/", views.organisation_status, name="organisation_status"
    ),
]
