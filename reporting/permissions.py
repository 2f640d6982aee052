"""Who may see what reporting shows beyond the public pages: the one place these rules live.

- The commissioners' dashboard is for commissioners (the Commissioners role) and alliance
  staff.
- Everyone signed in has a home of their own ("Your dashboard", login required); what it
  shows follows from their roles and organisations, through the apps' own rules.
"""

from __future__ import annotations

from accounts import permissions as account_permissions

is_alliance_staff = account_permissions.is_alliance_staff
is_commissioner = account_permissions.is_commissioner


def can_view_dashboard(user) -> bool:
    """The commissioners' dashboard: the city's figures across every organisation."""
    return is_alliance_staff(user) or is_commissioner(user)
