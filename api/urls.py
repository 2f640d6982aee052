from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .catalogue import LISTS

app_name = "api"

urlpatterns = [
    path("api/", views.documentation, name="documentation"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/bulk/", views.bulk_index, name="bulk_index"),
    path("api/v1/bulk/latest.zip", views.bulk_latest, name="bulk_latest"),
    path(
        "api/v1/bulk/latest/datapackage.json",
        views.bulk_latest_datapackage,
        name="bulk_latest_datapackage",
    ),
    path("api/v1/bulk/<str:day>.zip", views.bulk_dated, name="bulk_dated"),
    *(
        path(f"api/v1/{view.resource.name}/", view.as_view(), name=view.resource.name)
        for view in LISTS
    ),
]
