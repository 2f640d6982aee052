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


# ---------------------------------------------------------------------------
# The staff moderation queue (/moderation/) shows a section per kind of content.
# ---------------------------------------------------------------------------

ModerationSection = Callable[[Any], dict[str, Any]]

_moderation_sections: list[ModerationSection] = []


def register_moderation_section(section: ModerationSection) -> ModerationSection:
    """``section(request)`` returns ``{"title", "count", "template", "context"}``: the
    queue page includes ``template`` under a heading ``title`` (``count``), with
    ``context`` as ``data`` (Django's include reserves the name ``context``).

    A section may also have ``waiting() -> (label, count)``: the staff's daily digest
    then lists it, without a request."""
    if section not in _moderation_sections:
        _moderation_sections.append(section)
    return section


def moderation_sections() -> list[ModerationSection]:
    return list(_moderation_sections)
