from django.contrib import admin
from django.urls import include, path

from accounts.views_signup import SignupView

from . import views

admin.site.site_header = "Salford Social Value portal: administration"
admin.site.site_title = "Salford Social Value admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # Our sign-up wraps allauth's in one transaction; it must come before allauth's URLs.
    path("accounts/signup/", SignupView.as_view(), name="account_signup"),
    path("", include("accounts.urls")),
    path("", include("measures.urls")),
    path("", include("pledges.urls")),
    path("", include("toolkit.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
