"""Who may do what in the toolkit: the one place these rules live."""

from __future__ import annotations

from accounts import permissions as account_permissions
from accounts.models import Organisation

from .models import Assessment, CaseStudy, Guide

is_alliance_staff = account_permissions.is_alliance_staff


def can_act_for(user, organisation: Organisation) -> bool:
    return account_permissions.is_member(user, organisation) and not organisation.is_suspended


# Guides ---------------------------------------------------------------------


def can_view_guide(user, guide: Guide) -> bool:
    """Published guides are public; staff also see drafts they are still writing."""
    return guide.published or is_alliance_staff(user)


# Case studies ---------------------------------------------------------------


def can_submit_case_study(user) -> bool:
    return bool(account_permissions.organisations_acting_for(user))


def can_view_case_study(user, case_study: CaseStudy) -> bool:
    if case_study.status == CaseStudy.Status.APPROVED and not case_study.organisation.is_suspended:
        return True
    return account_permissions.is_member(user, case_study.organisation) or is_alliance_staff(user)


def can_edit_case_study(user, case_study: CaseStudy) -> bool:
    return can_act_for(user, case_study.organisation) and case_study.status in (
        CaseStudy.Status.DRAFT,
        CaseStudy.Status.REJECTED,
    )


def can_moderate(user) -> bool:
    return is_alliance_staff(user)


# The checklist ---------------------------------------------------------------


def can_take_checklist(user, organisation: Organisation) -> bool:
    return can_act_for(user, organisation)


def can_view_results(user, assessment: Assessment) -> bool:
    return account_permissions.is_member(user, assessment.organisation) or is_alliance_staff(user)
