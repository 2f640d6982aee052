"""Hooks other apps use to add to what accounts shows, without accounts importing them.

Dependencies point one way (accounts <- measures <- pledges ...), so an app that holds
a person's data registers a section for the data export here, in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

UserDataSection = Callable[[Any], dict[str, Any]]

_user_data_sections: list[UserDataSection] = []


def register_user_data(section: UserDataSection) -> UserDataSection:
    """``section(user)`` returns ``{"key": json-serialisable data}`` for the export."""
    if section not in _user_data_sections:
        _user_data_sections.append(section)
    return section


def user_data_sections() -> list[UserDataSection]:
    return list(_user_data_sections)
