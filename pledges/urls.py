from django.urls import path

from .views import authoring, engagement, moderation, public

app_name = "pledges"

urlpatterns = [
    path("pledges/", public.wall, name="wall"),
    path("pledges/new/", authoring.pledge_new, name="new"),
    path("pledges/mine/", authoring.my_pledges, name="mine"),
    path("pledges/<int:pk>/", public.detail, name="detail"),
    path("pledges/<int:pk>/edit/", authoring.pledge_edit, name="edit"),
    path("pledges/<int:pk>/revise/", authoring.pledge_revise, name="revise"),
    path("pledges/<int:pk>/preview/", authoring.pledge_preview, name="preview"),
    path("pledges/<int:pk>/submit/", authoring.pledge_submit, name="submit"),
    path("pledges/<int:pk>/withdraw/", authoring.pledge_withdraw, name="withdraw"),
    path("pledges/<int:pk>/renew/", authoring.pledge_renew, name="renew"),
    path("pledges/<int:pk>/support/", engagement.support, name="support"),
    path("pledges/<int:pk>/concern/", engagement.concern, name="concern"),
    path(
        "pledges/<int:pk>/commitments/<int:commitment_id>/progress/",
        engagement.progress,
        name="progress",
    ),
    path(
        "pledges/<int:pk>/updates/<int:update_id>/evidence/",
        engagement.evidence,
        name="evidence",
    ),
    path("pledges/<int:pk>/badge.svg", engagement.badge, name="badge"),
    path("moderation/pledges/<int:pk>/", moderation.review, name="moderation_review"),
]
