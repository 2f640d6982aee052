from django.urls import path

from .views import account, dashboard, homes, public, reports

app_name = "reporting"

urlpatterns = [
    path("measures/progress/", public.progress, name="progress"),
    path("measures/progress/figures.csv", public.progress_csv, name="progress_csv"),
    path("measures/dashboard/", dashboard.dashboard, name="dashboard"),
    path("organisations/<slug:slug>/", public.organisation, name="organisation"),
    path("home/", homes.home, name="home"),
    path("accounts/my-data.json", account.data_export, name="data_export"),
    # Progress reports
    path("measures/reports/", reports.archive, name="reports"),
    path("measures/reports/generate/", reports.generate, name="report_generate"),
    path("measures/reports/<int:pk>/", reports.detail, name="report"),
    path("measures/reports/<int:pk>/status.json", reports.status, name="report_status"),
    path("measures/reports/<int:pk>.csv", reports.download_csv, name="report_csv"),
    path("measures/reports/<int:pk>.pdf", reports.download_pdf, name="report_pdf"),
]
