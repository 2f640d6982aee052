from django.urls import path

from .views import case_studies, checklist, guides

app_name = "toolkit"

urlpatterns = [
    path("toolkit/", guides.index, name="index"),
    path("toolkit/guides/<slug:slug>/", guides.guide, name="guide"),
    path("toolkit/case-studies/", case_studies.case_study_list, name="case_studies"),
    path("toolkit/case-studies/new/", case_studies.case_study_new, name="case_study_new"),
    path("toolkit/case-studies/<int:pk>/", case_studies.case_study_detail, name="case_study"),
    path(
        "toolkit/case-studies/<int:pk>/image/",
        case_studies.case_study_image,
        name="case_study_image",
    ),
    path(
        "toolkit/case-studies/<int:pk>/edit/",
        case_studies.case_study_edit,
        name="case_study_edit",
    ),
    path(
        "toolkit/case-studies/<int:pk>/submit/",
        case_studies.case_study_submit,
        name="case_study_submit",
    ),
    path(
        "moderation/case-studies/<int:pk>/",
        case_studies.moderation_review,
        name="case_study_review",
    ),
    path("toolkit/checklist/", checklist.start, name="checklist"),
    path("toolkit/checklist/<slug:slug>/take/", checklist.take, name="checklist_take"),
    path(
        "toolkit/checklist/assessments/<int:pk>/",
        checklist.results,
        name="checklist_results",
    ),
]
