from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("measures/progress/", views.progress, name="progress"),
]
