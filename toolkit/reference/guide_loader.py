"""The starter set of guides the toolkit ships, read from
``toolkit/reference/guides/<slug>.md``.

Each file opens with a small front-matter header between two ``---`` lines::

    ---
    title: What social value is
    summary: One sentence for the guide's card.
    audience: both
    stage: all
    kind: guidance
    outcomes: more-volunteering, local-economic-benefit
    order: 10
    ---

and the rest is the Markdown body. Loading creates the guides that are missing (matched
by slug) and never touches one that exists, so what alliance staff edit in the admin is
kept; a guide staff would rather not show is unpublished, not deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from measures.models import Outcome

from ..markdown import render_markdown
from ..models import Audience, Guide, Kind, Stage

GUIDES_DIR = Path(__file__).resolve().parent / "guides"

STAFF_PERMISSIONS = ["toolkit.view_guide", "toolkit.add_guide", "toolkit.change_guide"]

_FIELDS = {"title", "summary", "audience", "stage", "kind", "outcomes", "order"}


class GuideFileError(ValueError):
    """A guide file the loader cannot read: the message names the file and the fault."""


@dataclass(frozen=True)
class GuideSource:
    slug: str
    title: str
    summary: str
    audience: str
    stage: str
    kind: str
    outcomes: tuple[str, ...]
    order: int
    body: str


def parse_guide(path: Path) -> GuideSource:
    text = path.read_text(encoding="utf-8")
    head, separator, body = text.removeprefix("---\n").partition("\n---\n")
    if not text.startswith("---\n") or not separator:
        raise GuideFileError(f"{path.name}: the front-matter header is missing")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if not colon or key.strip() not in _FIELDS:
            raise GuideFileError(f"{path.name}: unexpected header line {line!r}")
        meta[key.strip()] = value.strip()
    missing = _FIELDS - meta.keys()
    if missing:
        raise GuideFileError(f"{path.name}: header lacks {', '.join(sorted(missing))}")
    for field, choices in (("audience", Audience), ("stage", Stage), ("kind", Kind)):
        if meta[field] not in choices.values:
            raise GuideFileError(f"{path.name}: {field} {meta[field]!r} is not a choice")
    return GuideSource(
        slug=path.stem,
        title=meta["title"],
        summary=meta["summary"],
        audience=meta["audience"],
        stage=meta["stage"],
        kind=meta["kind"],
        outcomes=tuple(s.strip() for s in meta["outcomes"].split(",") if s.strip()),
        order=int(meta["order"]),
        body=body.strip() + "\n",
    )


@cache
def starter_guides() -> tuple[GuideSource, ...]:
    """Every guide file, parsed once per process (the files ship with the code)."""
    return tuple(parse_guide(path) for path in sorted(GUIDES_DIR.glob("*.md")))


@cache
def _rendered(slug: str) -> str:
    source = next(g for g in starter_guides() if g.slug == slug)
    return render_markdown(source.body)


def load_guides() -> int:
    """Create the starter guides that are missing; return how many were created."""
    from accounts.reference import grant_group_permissions
    from accounts.roles import STAFF_GROUP

    existing = set(Guide.objects.values_list("slug", flat=True))
    sources = [g for g in starter_guides() if g.slug not in existing]
    if sources:
        _create(sources)
    grant_group_permissions(STAFF_GROUP, STAFF_PERMISSIONS)
    return len(sources)


def _create(sources: list[GuideSource]) -> None:
    # bulk_create skips Guide.save(), so body_html is rendered here by the same function;
    # a handful of queries instead of two per guide, since every test loads these.
    guides = Guide.objects.bulk_create(
        Guide(
            slug=g.slug,
            title=g.title,
            summary=g.summary,
            body=g.body,
            body_html=_rendered(g.slug),
            audience=g.audience,
            stage=g.stage,
            kind=g.kind,
            order=g.order,
        )
        for g in sources
    )
    # An outcome staff have re-slugged is skipped rather than failing the whole load.
    outcome_ids = dict(Outcome.objects.values_list("slug", "pk"))
    Link = Guide.outcomes.through
    Link.objects.bulk_create(
        Link(guide_id=guide.pk, outcome_id=outcome_ids[slug])
        for guide, source in zip(guides, sources, strict=True)
        for slug in source.outcomes
        if slug in outcome_ids
    )
