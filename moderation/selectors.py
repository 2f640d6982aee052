"""What waits for staff, read straight from each app's "waiting for a decision" selector.

Each kind of work is one ``QueueKind``: the queue page shows a section per kind and the
daily digest a line per kind. A new kind (charter signatures, say) is one more
entry in ``KINDS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from charter import selectors as charter
from measures.selectors import returns
from pledges import selectors as pledges
from toolkit.selectors import case_studies

PAGE_SIZE = 20
# With no kind chosen, each section shows this many, oldest first, and links to the rest.
PREVIEW_SIZE = 10


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
    page: Page
    # True when only this kind is shown: the section paginates instead of previewing.
    complete: bool

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def more(self) -> int:
        return 0 if self.complete else max(0, self.count - len(self.page.object_list))


def queue_sections(*, kind: str = "", search: str = "", page: str | None = None):
    """A section per kind (or only ``kind``), each its oldest items first."""
    sections = []
    for each in KINDS:
        if kind and each.slug != kind:
            continue
        items = each.waiting(search)
        if kind:
            section_page = Paginator(items, PAGE_SIZE).get_page(page)
        else:
            section_page = Paginator(items, PREVIEW_SIZE).get_page(1)
        sections.append(QueueSection(kind=each, page=section_page, complete=bool(kind)))
    return sections


def waiting_counts() -> list[tuple[QueueKind, int]]:
    """How many of each kind wait, for the digest and the staff's home."""
    return [(kind, kind.waiting("").count()) for kind in KINDS]


def pledge_summary() -> dict:
    """The pledges' headline figures: new, revisions, renewals, and the oldest."""
    return pledges.moderation_summary()
