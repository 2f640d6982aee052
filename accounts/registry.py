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


# ---------------------------------------------------------------------------
# ``manage.py seed_demo`` (in pledges) fills the portal; other apps add their own data.
# ---------------------------------------------------------------------------

DemoSeeder = Callable[..., dict[str, int]]

_demo_seeders: list[DemoSeeder] = []


def register_demo_seeder(seeder: DemoSeeder) -> DemoSeeder:
    """``seeder(*, rng, organisations, members, places, staff, now, stdout)`` adds demo
    data for the organisations seed_demo has just made and returns ``{"what": count}`` for
    its summary. ``rng`` is the seeder's own ``random.Random``, derived from the seed and
    the seeder's name, so the same seed makes the same data; ``members`` maps an
    organisation's pk to its people, admins first; ``places`` maps it to the neighbourhood
    it is named after; ``staff`` is the demo staff account. A seeder should also accept
    ``**kwargs``, so that seed_demo can pass more later.

    ``--reset`` deletes the demo organisations and people, so everything a seeder makes
    must belong to one of them (by a cascading foreign key) to be removed with them.
    It must not send mail."""
    if seeder not in _demo_seeders:
        _demo_seeders.append(seeder)
    return seeder


def demo_seeders() -> list[DemoSeeder]:
    return list(_demo_seeders)
