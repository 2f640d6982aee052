"""The outcome framework, read from ``ten-percent-better.toml`` (the themes and the
eleven outcomes, shared/reference/ten-percent-better.md) and ``indicators.toml`` (the
indicators that measure them, with seed 003's priority measures; no proxy values).

Baselines are the published 10% change divided by 0.10: our arithmetic, which staff
can correct in the admin. Loading never overwrites what staff have edited.
"""

import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from ..models import CampaignTarget, Indicator, Outcome, Theme

FRAMEWORK_FILE = Path(__file__).resolve().parent / "ten-percent-better.toml"
INDICATORS_FILE = Path(__file__).resolve().parent / "indicators.toml"


@cache
def framework() -> dict[str, Any]:
    """The file's themes and outcomes, read once per process (it ships with the code).
    Figures with a decimal point are read as ``Decimal``, never as floats."""
    with FRAMEWORK_FILE.open("rb") as file:
        return tomllib.load(file, parse_float=Decimal)


def load_themes() -> int:
    created = 0
    for order, theme in enumerate(framework()["themes"]):
        _, was_created = Theme.objects.get_or_create(
            slug=theme["slug"],
            defaults={"name": theme["name"], "aim": theme["aim"], "order": order},
        )
        created += was_created
    return created


def load_outcomes() -> int:
    themes = {t.slug: t for t in Theme.objects.all()}
    existing = set(Outcome.objects.values_list("number", flat=True))
    missing = []
    for outcome in framework()["outcomes"]:
        if outcome["number"] in existing:
            continue
        change = Decimal(outcome["target_change"])
        missing.append(
            Outcome(
                number=outcome["number"],
                theme=themes[outcome["theme"]],
                slug=outcome["slug"],
                name=outcome["name"],
                indicator=outcome["indicator"],
                unit=outcome["unit"],
                direction=outcome["direction"],
                baseline=abs(change) / Decimal("0.10"),
                target_change=change,
                target_year=framework()["target_year"],
            )
        )
    Outcome.objects.bulk_create(missing)
    return len(missing)


def load_campaign_target() -> int:
    """The campaign's target year, once: staff move it on in the admin afterwards."""
    _, created = CampaignTarget.objects.get_or_create(
        pk=CampaignTarget.SINGLETON,
        defaults={
            "start_year": framework()["start_year"],
            "target_year": framework()["target_year"],
        },
    )
    return int(created)


@cache
def shipped_indicators() -> tuple[dict[str, Any], ...]:
    with INDICATORS_FILE.open("rb") as file:
        return tuple(tomllib.load(file, parse_float=Decimal)["indicators"])


def load_indicators() -> int:
    themes = {t.slug: t for t in Theme.objects.all()}
    outcomes = {o.number: o for o in Outcome.objects.all()}
    existing = set(Indicator.objects.values_list("slug", flat=True))
    missing = []
    for order, row in enumerate(shipped_indicators(), start=1):
        if row["slug"] in existing:
            continue
        missing.append(
            Indicator(
                slug=row["slug"],
                name=row["name"],
                theme=themes[row["theme"]],
                outcome=outcomes.get(row["outcome"]),
                unit=row["unit"],
                direction=row["direction"],
                accumulation=row["accumulation"],
                organisations_report=row["organisations_report"],
                definition=row["definition"],
                source=row["source"],
                order=order * 10,
            )
        )
    Indicator.objects.bulk_create(missing)
    return len(missing)


# What alliance staff may do in the Django admin: edit the framework and the
# indicators (their proxies too); see, not change, what is reported through the pages.
STAFF_PERMISSIONS = [
    *(f"measures.{verb}_{model}" for verb in ("view", "change") for model in ("theme", "outcome")),
    *(f"measures.{verb}_indicator" for verb in ("view", "add", "change")),
    *(
        f"measures.view_{model}"
        for model in ("cityfigure", "return", "contract", "lm3survey", "importjob")
    ),
    "measures.view_campaigntarget",
    "measures.change_campaigntarget",
]


def load() -> dict[str, int]:
    from accounts.reference import grant_group_permissions
    from accounts.roles import STAFF_GROUP

    counts = {
        "themes": load_themes(),
        "outcomes": load_outcomes(),
        "indicators": load_indicators(),
        "campaign_target": load_campaign_target(),
    }
    grant_group_permissions(STAFF_GROUP, STAFF_PERMISSIONS)
    return counts
