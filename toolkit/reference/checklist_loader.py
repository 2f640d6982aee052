"""Loads version 1 of the self-assessment checklist from ``checklist-v1.toml``.

Loading creates version 1 only when no checklist exists, so what staff publish later is
never touched. Questions are linked to the starter guides by slug; the guides may load
after the checklist (or staff may add one later), so each load links the version 1
questions that have no guide yet to those of their guides that now exist.
"""

from __future__ import annotations

import tomllib
from dataclasses import MISSING, dataclass
from dataclasses import fields as dataclass_fields
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..markdown import render_markdown
from ..models import Checklist, Guide, Question, Section

CHECKLIST_FILE = Path(__file__).resolve().parent / "checklist-v1.toml"

STAFF_PERMISSIONS = [
    "toolkit.view_checklist",
    "toolkit.add_checklist",
    "toolkit.change_checklist",
    "toolkit.view_section",
    "toolkit.add_section",
    "toolkit.change_section",
    "toolkit.delete_section",
    "toolkit.view_question",
    "toolkit.add_question",
    "toolkit.change_question",
    "toolkit.delete_question",
]


class ChecklistFileError(ValueError):
    """The checklist file does not say what the loader needs: the message says where."""


@dataclass(frozen=True)
class QuestionSource:
    key: str
    text: str
    guidance: str
    weight: int
    guides: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionSource:
    key: str
    title: str
    group: str
    description: str
    questions: tuple[QuestionSource, ...]


@dataclass(frozen=True)
class ChecklistSource:
    version: int
    introduction: str
    sections: tuple[SectionSource, ...]


def parse_checklist(data: dict[str, Any]) -> ChecklistSource:
    """The checklist a parsed TOML document describes; ``ChecklistFileError`` names the
    section or question with a missing, unknown or invalid field."""
    sections = []
    for section in data.get("sections", []):
        where = f"section {section.get('key', len(sections) + 1)!r}"
        questions = tuple(
            _build(
                QuestionSource,
                {**question, "guides": tuple(question.get("guides", ()))},
                f"{where}, question {question.get('key', number)!r}",
            )
            for number, question in enumerate(section.get("questions", []), start=1)
        )
        built = _build(SectionSource, {**section, "questions": questions}, where)
        if built.group not in Section.Group.values:
            message = f"{CHECKLIST_FILE.name}, {where}: group {built.group!r} is not a choice"
            raise ChecklistFileError(message)
        sections.append(built)
    return _build(ChecklistSource, {**data, "sections": tuple(sections)}, "the checklist")


def _build(cls: type, fields: dict[str, Any], where: str):
    known = {f.name: f.default is MISSING for f in dataclass_fields(cls)}
    problems = []
    missing = [name for name, required in known.items() if required and name not in fields]
    if missing:
        problems.append(f"lacks {', '.join(missing)}")
    unknown = [name for name in fields if name not in known]
    if unknown:
        problems.append(f"has unknown {', '.join(unknown)}")
    if problems:
        raise ChecklistFileError(f"{CHECKLIST_FILE.name}, {where}: {'; '.join(problems)}")
    return cls(**fields)


@cache
def starter_checklist() -> ChecklistSource:
    """The checklist file, parsed once per process (it ships with the code)."""
    with CHECKLIST_FILE.open("rb") as file:
        return parse_checklist(tomllib.load(file))


@cache
def _guidance_html(text: str) -> str:
    return render_markdown(text)


def _guide_slugs_by_key() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(s.key, q.key): q.guides for s in starter_checklist().sections for q in s.questions}


@transaction.atomic
def load_checklist() -> int:
    """Create version 1 if no checklist exists, link its questions that have no guide
    yet to their starter guides, and let staff edit drafts in the admin. Returns how
    many questions were created."""
    from accounts.reference import grant_group_permissions
    from accounts.roles import STAFF_GROUP

    created = 0
    if not Checklist.objects.exists():
        created = _create_version_one()
    _link_guides()
    grant_group_permissions(STAFF_GROUP, STAFF_PERMISSIONS)
    return created


def _create_version_one() -> int:
    # bulk_create skips Question.save(), so guidance_html is rendered here by the same
    # function: a handful of queries, not one per question, since every test loads this.
    source = starter_checklist()
    checklist = Checklist.objects.create(
        version=source.version, introduction=source.introduction, published_at=timezone.now()
    )
    sections = Section.objects.bulk_create(
        Section(
            checklist=checklist,
            key=s.key,
            title=s.title,
            group=s.group,
            description=s.description,
            order=order,
        )
        for order, s in enumerate(source.sections, start=1)
    )
    questions = Question.objects.bulk_create(
        Question(
            section=section,
            key=q.key,
            text=q.text,
            guidance=q.guidance,
            guidance_html=_guidance_html(q.guidance),
            weight=q.weight,
            order=order,
        )
        for section, s in zip(sections, source.sections, strict=True)
        for order, q in enumerate(s.questions, start=1)
    )
    return len(questions)


def _link_guides() -> int:
    """Link version 1's questions that have no guide to those of theirs that exist."""
    wanted = _guide_slugs_by_key()
    Link = Question.guides.through
    unlinked = list(
        Question.objects.filter(section__checklist__version=starter_checklist().version)
        .exclude(pk__in=Link.objects.values("question_id"))
        .values_list("pk", "section__key", "key")
    )
    slugs = {slug for _, s_key, q_key in unlinked for slug in wanted.get((s_key, q_key), ())}
    if not slugs:
        return 0
    guide_ids = dict(Guide.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    links = [
        Link(question_id=pk, guide_id=guide_ids[slug])
        for pk, s_key, q_key in unlinked
        for slug in wanted.get((s_key, q_key), ())
        if slug in guide_ids
    ]
    Link.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)
