from django.urls import path

from .views import account, dashboard, homes, public

app_name = "reporting"

urlpatterns = [
    path("measures/progress/", public.progress, name="progress"),
    path("measures/progress/figures.csv", public.progress_csv, name="progress_csv"),
    path("measures/dashboard/", dashboard.dashboard, name="dashboard"),
    path("organisations/<slug:slug>/", public.organisation, name="organisation"),
    path("home/", homes.home, name="home"),
    path("accounts/my-data.json", account.data_export, name="data_export"),
]
