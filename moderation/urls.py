from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/concerns/<int:pk>/", views.concern_resolve, name="concern_resolve"),
]
