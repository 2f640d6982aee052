"""Reads across apps: the home page's totals, the city's progress, an organisation's page
and a person's data download. Each composes the apps' own selectors."""

from __future__ import annotations

from django.db.models import Count, Q

from accounts import selectors as accounts
from accounts.models import Organisation
from accounts.selectors import ORGANISATIONS_CACHE_FAMILY
from charter import selectors as charter
from core.cache import cached
from measures.models import Outcome, Theme
from pledges import selectors as pledges
from pledges.models import Pledge
from pledges.selectors import PLEDGES_CACHE_FAMILY
from toolkit.selectors import case_studies

# Seconds. Every public change bumps the families the totals are built from, so this
# only bounds how stale they can be when a bump was lost while Redis was down.
TOTALS_TTL = 60
ORGANISATION_PAGE_PLEDGES = 12


def campaign_totals() -> dict:
    """Live campaign figures, cached until a pledge or an organisation changes what is
    public (and computed afresh whenever the cache is unreachable)."""
    return cached(
        "home:campaign-totals",
        _campaign_totals,
        families=(PLEDGES_CACHE_FAMILY, ORGANISATIONS_CACHE_FAMILY),
        timeout=TOTALS_TTL,
    )


def _campaign_totals() -> dict:
    public = Pledge.objects.public()
    counts = public.aggregate(
        pledges=Count("pk", distinct=True),
        organisations=Count("organisation", distinct=True),
        residents=Count("pledger", filter=Q(organisation__isnull=True), distinct=True),
    )
    per_theme = {
        row["slug"]: row["n"]
        for row in Theme.objects.annotate(
            n=Count(
                "outcomes__commitments__pledge",
                filter=Q(outcomes__commitments__pledge__in=public.values("pk")),
                distinct=True,
            )
        ).values("slug", "n")
    }
    themes = [
        {"slug": t.slug, "name": t.name, "aim": t.aim, "pledges": per_theme.get(t.slug, 0)}
        for t in Theme.objects.all()
    ]
    return {**counts, "themes": themes}


def outcome_pledge_summary(*, per_outcome: int = 5) -> list[dict]:
    """The eleven outcomes under their themes, each with its count of public pledges and
    the latest few. One query per outcome for the few: a constant eleven."""
    public_ids = Pledge.objects.public().values("pk")
    outcomes = Outcome.objects.with_theme().annotate(
        pledge_count=Count(
            "commitments__pledge",
            filter=Q(commitments__pledge__in=public_ids),
            distinct=True,
        )
    )
    themes: dict[int, dict] = {}
    for outcome in outcomes:
        theme = themes.setdefault(outcome.theme_id, {"theme": outcome.theme, "outcomes": []})
        latest = list(
            Pledge.objects.public()
            .filter(commitments__outcomes=outcome)
            .select_related("organisation", "pledger")
            .distinct()
            .order_by("-approved_at")[:per_outcome]
        )
        theme["outcomes"].append({"outcome": outcome, "latest": latest})
    return list(themes.values())


def organisation_pledges(*, organisation: Organisation) -> dict:
    """The organisation's public pledges for its page, newest first, and whether there
    are more than the page shows."""
    items = list(
        pledges.organisation_public_pledges(organisation=organisation)[
            : ORGANISATION_PAGE_PLEDGES + 1
        ]
    )
    return {
        "items": items[:ORGANISATION_PAGE_PLEDGES],
        "more": len(items) > ORGANISATION_PAGE_PLEDGES,
    }


def user_data_export(*, user) -> dict:
    """Everything the portal holds about a person, for download as JSON."""
    return {
        **accounts.user_data_export(user=user),
        **pledges.user_data_export(user=user),
        **case_studies.user_data_export(user=user),
        **charter.user_data_export(user=user),
    }
