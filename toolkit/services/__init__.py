"""Writes for the toolkit. Import from here, not the submodules."""

from .case_studies import (
    case_study_approve,
    case_study_create,
    case_study_reject,
    case_study_request_changes,
    case_study_submit,
    case_study_update,
)
from .checklist import (
    UnansweredQuestions,
    assessment_complete,
    assessment_save_answers,
    assessment_start,
    checklist_copy_as_draft,
    checklist_publish,
)

__all__ = [
    "UnansweredQuestions",
    "assessment_complete",
    "assessment_save_answers",
    "assessment_start",
    "case_study_approve",
    "case_study_create",
    "case_study_reject",
    "case_study_request_changes",
    "case_study_submit",
    "case_study_update",
    "checklist_copy_as_draft",
    "checklist_publish",
]
