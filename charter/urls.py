from django.urls import path

from .views import public, signing, staff

app_name = "charter"

urlpatterns = [
    path("charter/", public.index, name="index"),
    path("charter/versions/<int:number>/", public.version, name="version"),
    path("charter/signatories/", public.directory, name="directory"),
    path("charter/signatories.csv", public.directory_csv, name="directory_csv"),
    path("charter/sign/", signing.sign, name="sign"),
    path("charter/signatures/<int:pk>/", signing.signature, name="signature"),
    path("charter/signatures/<int:pk>/certificate/", signing.certificate, name="certificate"),
    path("charter/signatures/<int:pk>/review/", signing.review, name="review"),
    path("charter/signatures/<int:pk>/withdraw/", signing.withdraw, name="withdraw"),
    path("charter/signatures/<int:pk>/concern/", public.concern, name="concern"),
    path("charter/certificates/<str:token>/", public.verify, name="verify"),
    path("moderation/charter/<int:pk>/", staff.signature_review, name="signature_review"),
    path("moderation/charter/reviews/<int:pk>/", staff.review_decide, name="review_decide"),
    path("moderation/charter/concerns/<int:pk>/", staff.concern_resolve, name="concern_resolve"),
]
