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
from pledges.models import Commitment, Pledge
from pledges.selectors import PLEDGES_CACHE_FAMILY
from toolkit.selectors import case_studies

# Seconds. Every public change bumps the families the totals are built from, so this
# only bounds how stale they can be when a bump was lost while Redis was down.
TOTALS_TTL = 60
ORGANISATION_PAGE_PLEDGES = 12
# The newest public pledges read at once for each outcome's latest few.
RECENT_PLEDGES_WINDOW = 200


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
    the latest few; cached until a pledge changes what is public."""
    return cached(
        f"progress:outcome-pledges:{per_outcome}",
        lambda: _outcome_pledge_summary(per_outcome=per_outcome),
        families=(PLEDGES_CACHE_FAMILY,),
        timeout=TOTALS_TTL,
    )


def _outcome_pledge_summary(*, per_outcome: int) -> list[dict]:
    """The counts in one grouped query. The latest few come from the newest public
    pledges (one query for them, one for their outcomes), which nearly always cover every
    outcome; an outcome they leave short gets a query of its own, so at most eleven more."""
    public = Pledge.objects.public()
    counts = dict(
        public.filter(commitments__outcomes__isnull=False)
        .values_list("commitments__outcomes")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    newest = list(
        public.select_related("organisation", "pledger").order_by("-approved_at", "-pk")[
            :RECENT_PLEDGES_WINDOW
        ]
    )
    serves: dict[int, set[int]] = {}
    for pledge_id, outcome_id in (
        Commitment.outcomes.through.objects.filter(commitment__pledge__in=[p.pk for p in newest])
        .values_list("commitment__pledge_id", "outcome_id")
        .distinct()
    ):
        serves.setdefault(pledge_id, set()).add(outcome_id)
    latest: dict[int, list[Pledge]] = {}
    for pledge in newest:
        for outcome_id in serves.get(pledge.pk, ()):
            found = latest.setdefault(outcome_id, [])
            if len(found) < per_outcome:
                found.append(pledge)

    themes: dict[int, dict] = {}
    for outcome in Outcome.objects.with_theme():
        outcome.pledge_count = counts.get(outcome.pk, 0)
        few = latest.get(outcome.pk, [])
        if len(few) < min(per_outcome, outcome.pledge_count):
            few = list(
                public.filter(
                    pk__in=Pledge.objects.filter(commitments__outcomes=outcome).values("pk")
                )
                .select_related("organisation", "pledger")
                .order_by("-approved_at", "-pk")[:per_outcome]
            )
        theme = themes.setdefault(outcome.theme_id, {"theme": outcome.theme, "outcomes": []})
        theme["outcomes"].append({"outcome": outcome, "latest": few})
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
