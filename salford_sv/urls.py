from django.contrib import admin
from django.urls import include, path

from accounts.views.signup import SignupView
from reporting.views.public import home

from . import views

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("status/", views.status, name="status"),
    # Our sign-up wraps allauth's in one transaction; it must come before allauth's URLs.
    path("accounts/signup/", SignupView.as_view(), name="account_signup"),
    path("", include("accounts.urls")),
    path("", include("pledges.urls")),
    path("", include("toolkit.urls")),
    path("", include("measures.urls")),
    path("", include("charter.urls")),
    path("", include("moderation.urls")),
    path("", include("reporting.urls")),
    path("", include("api.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# 403, 404 and 500 are Django's own views with our templates (500 renders without the
# database); a bad request may fail before anyone is signed in, so 400 has its own.
handler400 = "salford_sv.views.bad_request"
