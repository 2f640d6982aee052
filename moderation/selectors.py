"""What waits for staff, read straight from each app's "waiting for a decision" selector.

Each kind of work is one ``QueueKind``: the queue page shows a section per kind and the
daily digest a line per kind. A new kind (charter signatures, say) is one more
entry in ``KINDS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import PEOPLE_CACHE_FAMILY
from charter import selectors as charter
from core.cache import cached_part, variant
from measures.selectors import returns
from pledges import selectors as pledges
from toolkit.selectors import case_studies

PAGE_SIZE = 20
# With no kind chosen, each section shows this many, oldest first, and links to the rest.
PREVIEW_SIZE = 10
# What the queue is read from: a write to any of them moves on the cached sections and
# figures (core.cache; the concerns are in "pledges" and "charter", names in "people").
QUEUE_FAMILIES = ("pledges", "toolkit", "measures", "charter", "organisations", PEOPLE_CACHE_FAMILY)


@dataclass(frozen=True)
class QueueKind:
    slug: str
    label: str
    heading: str
    # ``moderation/includes/<template>``: the rows of this kind's section.
    template: str
    # What the digest calls them ("pledges to moderate").
    digest_label: str
    waiting: Callable[[str], QuerySet]


KINDS: list[QueueKind] = [
    QueueKind(
        slug="pledges",
        label=_("Pledges"),
        heading=_("Pledges waiting, oldest first"),
        template="moderation/includes/pledges.html",
        digest_label=_("pledges to moderate"),
        waiting=lambda search: pledges.moderation_queue(search=search),
    ),
    QueueKind(
        slug="case-studies",
        label=_("Case studies"),
        heading=_("Case studies waiting, oldest first"),
        template="moderation/includes/case_studies.html",
        digest_label=_("case studies to moderate"),
        waiting=lambda search: case_studies.case_studies_awaiting_moderation(search=search),
    ),
    QueueKind(
        slug="returns",
        label=_("Returns"),
        heading=_("Returns waiting for approval, oldest first"),
        template="moderation/includes/returns.html",
        digest_label=_("returns to approve"),
        waiting=lambda search: returns.returns_awaiting_review(search=search),
    ),
    QueueKind(
        slug="concerns",
        label=_("Concerns"),
        heading=_("Concerns reported, oldest first"),
        template="moderation/includes/concerns.html",
        digest_label=_("concerns reported about public pledges"),
        waiting=lambda search: pledges.open_concerns(search=search),
    ),
    QueueKind(
        slug="charter-signatures",
        label=_("Charter signatures"),
        heading=_("Charter signatures waiting for verification, oldest first"),
        template="moderation/includes/charter_signatures.html",
        digest_label=_("charter signatures to verify"),
        waiting=lambda search: charter.signatures_awaiting_verification(search=search),
    ),
    QueueKind(
        slug="charter-reviews",
        label=_("Charter reviews"),
        heading=_("Yearly charter reviews waiting, oldest first"),
        template="moderation/includes/charter_reviews.html",
        digest_label=_("yearly charter reviews to read"),
        waiting=lambda search: charter.reviews_awaiting_decision(search=search),
    ),
    QueueKind(
        slug="charter-overdue",
        label=_("Overdue charter reviews"),
        heading=_("Charter signatories overdue for their yearly review, longest first"),
        template="moderation/includes/charter_overdue.html",
        digest_label=_("charter signatories overdue for review"),
        waiting=lambda search: charter.signatures_overdue(search=search),
    ),
    QueueKind(
        slug="charter-concerns",
        label=_("Charter concerns"),
        heading=_("Concerns reported about charter signatories, oldest first"),
        template="moderation/includes/charter_concerns.html",
        digest_label=_("concerns reported about charter signatories"),
        waiting=lambda search: charter.open_concerns(search=search),
    ),
]
KIND_SLUGS = {kind.slug for kind in KINDS}


@dataclass
class QueueSection:
    kind: QueueKind
    search: str
    # True when only this kind is shown: the section paginates instead of previewing.
    complete: bool
    page_number: str | None = None

    @cached_property
    def page(self) -> Page:
        """Read when the section is rendered: a section kept in the cache reads nothing."""
        items = self.kind.waiting(self.search)
        if self.complete:
            return Paginator(items, PAGE_SIZE).get_page(self.page_number)
        return Paginator(items, PREVIEW_SIZE).get_page(1)

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def more(self) -> int:
        return 0 if self.complete else max(0, self.count - len(self.page.object_list))


def queue_sections(*, kind: str = "", search: str = "", page: str | None = None):
    """A section per kind (or only ``kind``), each its oldest items first."""
    return [
        QueueSection(kind=each, search=search, complete=bool(kind), page_number=page)
        for each in KINDS
        if not kind or each.slug == kind
    ]


def cached_sections_html(
    sections: list[QueueSection], render: Callable[[], str], *, search: str, page: str | None
) -> str:
    """The sections as ``render`` makes them, shared by the staff until the queue's data
    changes (or the day turns: "waited 3 days")."""
    slugs = ",".join(section.kind.slug for section in sections)
    view = variant(slugs, search, page)
    today = timezone.localdate().isoformat()
    return cached_part(f"moderation:sections:{view}:{today}", render, families=QUEUE_FAMILIES)


def waiting_counts() -> list[tuple[QueueKind, int]]:
    """How many of each kind wait, for the digest and the staff's home: counted once
    for everyone until the queue's data changes."""
    counts = cached_part(
        "moderation:waiting-counts",
        lambda: {kind.slug: kind.waiting("").count() for kind in KINDS},
        families=QUEUE_FAMILIES,
    )
    return [(kind, counts[kind.slug]) for kind in KINDS]


def pledge_summary() -> dict:
    """The pledges' headline figures: new, revisions, renewals, and the oldest."""
    return cached_part(
        "moderation:pledge-summary", pledges.moderation_summary, families=QUEUE_FAMILIES
    )
