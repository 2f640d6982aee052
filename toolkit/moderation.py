"""Case studies' part of the staff moderation queue (/moderation/), registered with
``accounts.registry`` in ``ToolkitConfig.ready()`` so the pledges app, which owns the
queue page, never imports the toolkit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy

from . import selectors_case_studies as selectors

QUEUE_LIMIT = 20


class CaseStudyQueueSection:
    """``section(request)`` is the queue page's section; ``waiting()`` is the daily
    digest's line: a label and how many case studies wait."""

    title = gettext_lazy("Case studies waiting, oldest first")

    def __call__(self, request: Any) -> dict[str, Any]:
        case_studies, count = selectors.case_studies_awaiting_moderation(limit=QUEUE_LIMIT)
        return {
            "title": self.title,
            "count": count,
            "template": "toolkit/moderation/queue_section.html",
            "context": {
                "case_studies": case_studies,
                "count": count,
                "more": max(0, count - len(case_studies)),
            },
        }

    def waiting(self) -> tuple[str, int]:
        return gettext("case studies to moderate"), selectors.case_studies_awaiting_count()


case_study_queue_section = CaseStudyQueueSection()
