"""Reads for the toolkit, by the pages that use them. Import from here, not the submodules."""

from .case_studies import (
    CaseStudyFilters,
    case_studies_awaiting_count,
    case_studies_awaiting_moderation,
    case_study_for_page,
    case_study_history,
    published_case_studies,
)
from .checklist import (
    History,
    Results,
    assessment_choices,
    assessment_history,
    assessment_results,
    checklist_outline,
    checklist_overview,
    checklist_sections,
    completed_assessment,
    current_checklist,
    median_or_none,
    open_assessment,
    peer_groups,
)
from .guides import GuideFilters, guide_get, guide_list, related_guides

__all__ = [
    "CaseStudyFilters",
    "GuideFilters",
    "History",
    "Results",
    "assessment_choices",
    "assessment_history",
    "assessment_results",
    "case_studies_awaiting_count",
    "case_studies_awaiting_moderation",
    "case_study_for_page",
    "case_study_history",
    "checklist_outline",
    "checklist_overview",
    "checklist_sections",
    "completed_assessment",
    "current_checklist",
    "guide_get",
    "guide_list",
    "median_or_none",
    "open_assessment",
    "peer_groups",
    "published_case_studies",
    "related_guides",
]
