"""Who may use the staff work queue: the one place this rule lives."""

from accounts.permissions import is_alliance_staff


def can_use_queue(user) -> bool:
    return is_alliance_staff(user)
