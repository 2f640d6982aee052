"""Who may see which progress report, and who may generate one: the one place these
rules live. A city report is for commissioners and staff; an organisation's is for its
members and staff. Staff generate reports."""

from __future__ import annotations

from accounts.permissions import is_alliance_staff, is_commissioner, is_member

from ..models import ProgressReport


def can_view_reports(user) -> bool:
    """The archive: anyone who could see a report in it (its list is filtered)."""
    return user.is_authenticated


def can_view_city_reports(user) -> bool:
    return is_alliance_staff(user) or is_commissioner(user)


def can_view_report(user, report: ProgressReport) -> bool:
    if report.is_city:
        return can_view_city_reports(user)
    return is_alliance_staff(user) or is_member(user, report.organisation)


def can_generate_reports(user) -> bool:
    return is_alliance_staff(user)
