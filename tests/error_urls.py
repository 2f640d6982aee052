"""The site's URLs and one view that fails, so a test can see the 500 page."""

from django.urls import path

from salford_sv.urls import handler400  # noqa: F401 (the site's handlers apply here too)
from salford_sv.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("A deliberate failure for the 500 page's test")


urlpatterns = [*site_urlpatterns, path("broken/", broken)]
