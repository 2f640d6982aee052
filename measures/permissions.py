"""Who may do what with measures: the one place these rules live.

- An organisation's members see and edit its returns and LM3, and the contracts it is a
  party to; suspended organisations can be seen but not changed.
- A commissioner (the Commissioners role) who belongs to an organisation records that
  organisation's contracts, and confirms or queries what providers deliver on them.
- A provider's members report what it delivers.
- Alliance staff see everything, approve returns and keep the city figures; they do
  not act for an organisation.

Views answer 404 for an object the person may not see at all, and 403 for one they
may see but not change.
"""

from __future__ import annotations

from accounts import permissions as account_permissions
from accounts.models import Organisation

from .models import Contract, Delivery, ImportJob, LM3Survey, Return

is_alliance_staff = account_permissions.is_alliance_staff
is_member = account_permissions.is_member


def organisations_for(user) -> list[Organisation]:
    """The user's organisations, suspended ones included (their returns, contracts and
    LM3 can still be read), by name. Those they may act for are accounts'
    ``organisations_acting_for``."""
    return sorted(
        (m.organisation for m in account_permissions.memberships_by_org(user).values()),
        key=lambda o: o.name.casefold(),
    )


def can_act_for(user, organisation: Organisation) -> bool:
    return is_member(user, organisation) and not organisation.is_suspended


# Returns ----------------------------------------------------------------------


def can_view_returns(user, organisation: Organisation) -> bool:
    return is_member(user, organisation) or is_alliance_staff(user)


def can_edit_returns(user, organisation: Organisation) -> bool:
    """Choose what to report, fill in and upload returns."""
    return can_act_for(user, organisation)


def can_view_return(user, quarterly_return: Return) -> bool:
    return can_view_returns(user, quarterly_return.organisation)


def can_edit_return(user, quarterly_return: Return) -> bool:
    return quarterly_return.is_editable and can_edit_returns(user, quarterly_return.organisation)


def can_review_returns(user) -> bool:
    return is_alliance_staff(user)


# City figures -------------------------------------------------------------------


def can_manage_city_figures(user) -> bool:
    return is_alliance_staff(user)


# Contracts --------------------------------------------------------------------


def commissioning_organisations(user) -> list[Organisation]:
    """The organisations the user may record contracts for."""
    if not account_permissions.is_commissioner(user):
        return []
    return account_permissions.organisations_acting_for(user)


def can_commission_for(user, organisation: Organisation) -> bool:
    return account_permissions.is_commissioner(user) and can_act_for(user, organisation)


def can_use_contracts(user) -> bool:
    """The register lists the contracts of the user's organisations (all, for staff)."""
    return is_alliance_staff(user) or bool(account_permissions.memberships_by_org(user))


def can_view_contract(user, contract: Contract) -> bool:
    return (
        is_member(user, contract.commissioner)
        or is_member(user, contract.provider)
        or is_alliance_staff(user)
    )


def can_edit_contract(user, contract: Contract) -> bool:
    """Change the contract and its commitments: the commissioner's side."""
    return can_commission_for(user, contract.commissioner)


def can_report_delivery(user, contract: Contract) -> bool:
    return can_act_for(user, contract.provider)


def can_decide_delivery(user, delivery: Delivery) -> bool:
    """Confirm or query a delivery report: the contract's commissioner."""
    return can_edit_contract(user, delivery.commitment.contract)


# LM3 ----------------------------------------------------------------------------


def can_view_lm3(user, organisation: Organisation) -> bool:
    return is_member(user, organisation) or is_alliance_staff(user)


def can_record_lm3(user, organisation: Organisation) -> bool:
    return can_act_for(user, organisation)


def can_view_lm3_survey(user, survey: LM3Survey) -> bool:
    return can_view_lm3(user, survey.organisation)


# Uploads ------------------------------------------------------------------------


def can_view_import(user, job: ImportJob) -> bool:
    if job.kind == ImportJob.Kind.CITY_FIGURES:
        return can_manage_city_figures(user)
    return job.organisation is not None and can_view_returns(user, job.organisation)
