from django.urls import path

from .views import contracts, deliveries, figures, imports, lm3, returns

app_name = "measures"

urlpatterns = [
    # Returns
    path("measures/returns/", returns.index, name="returns"),
    path("measures/returns/outstanding/", returns.outstanding, name="returns_outstanding"),
    path("measures/returns/<int:pk>/", returns.detail, name="return"),
    path(
        "measures/organisations/<slug:slug>/returns/",
        returns.organisation,
        name="organisation_returns",
    ),
    path(
        "measures/organisations/<slug:slug>/returns/indicators/",
        returns.plan,
        name="reporting_plan",
    ),
    path(
        "measures/organisations/<slug:slug>/returns.csv",
        returns.download,
        name="returns_download",
    ),
    path(
        "measures/organisations/<slug:slug>/returns/upload/",
        returns.upload,
        name="returns_upload",
    ),
    path("moderation/returns/<int:pk>/", returns.review, name="return_review"),
    # City figures and uploads
    path("measures/figures/", figures.index, name="figures"),
    path("measures/figures/<int:pk>/edit/", figures.edit, name="figure_edit"),
    path("measures/figures/upload/", figures.upload, name="figures_upload"),
    path("measures/figures.csv", figures.download, name="figures_download"),
    path("measures/imports/<int:pk>/", imports.detail, name="import_job"),
    path("measures/imports/<int:pk>/status.json", imports.status, name="import_job_status"),
    # Contracts
    path("measures/contracts/", contracts.index, name="contracts"),
    path("measures/contracts/new/", contracts.new, name="contract_new"),
    path("measures/contracts/<int:pk>/", contracts.detail, name="contract"),
    path("measures/contracts/<int:pk>/edit/", contracts.edit, name="contract_edit"),
    path(
        "measures/contracts/<int:pk>/commitments/new/",
        contracts.commitment_new,
        name="commitment_new",
    ),
    path(
        "measures/contracts/<int:pk>/commitments/<int:commitment_pk>/remove/",
        contracts.commitment_remove,
        name="commitment_remove",
    ),
    path("measures/contracts/<int:pk>/deliveries/", deliveries.report, name="delivery_report"),
    path(
        "measures/contracts/<int:pk>/unpredicted/",
        deliveries.unpredicted,
        name="unpredicted_new",
    ),
    path("measures/deliveries/<int:pk>/", deliveries.review, name="delivery_review"),
    # LM3
    path("measures/lm3/", lm3.index, name="lm3"),
    path("measures/lm3/<int:pk>/", lm3.result, name="lm3_result"),
    path(
        "measures/organisations/<slug:slug>/lm3/",
        lm3.organisation,
        name="lm3_organisation",
    ),
]
