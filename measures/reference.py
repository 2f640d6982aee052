"""The 10% Better outcome framework (shared/reference/ten-percent-better.md).

Baselines are the published 10% change divided by 0.10: our arithmetic, which staff
can correct in the admin. Loading never overwrites what staff have edited.
"""

from decimal import Decimal

from .models import Outcome, Theme

THEMES = [
    ("people", "People", "Building community spirit: increased community strength and resilience."),
    (
        "planet",
        "Planet",
        "Improving environmental sustainability and the impact of the local environment on "
        "people’s wellbeing.",
    ),
    (
        "prosperity",
        "Prosperity",
        "Increasing local economic benefit and the number of quality jobs; reducing poverty "
        "for local citizens.",
    ),
]

# number, theme, slug, name, indicator, unit, direction, 10% change
OUTCOMES = [
    (1, "people", "more-volunteering", "More people volunteering",
     "People volunteering in Salford", "people", "up", "4690"),
    (2, "people", "better-wellbeing", "Better wellbeing",
     "Adults (16+) more satisfied with life than last year", "adults", "up", "19000"),
    (3, "people", "more-active-people", "More active people",
     "Inactive people in Salford", "people", "down", "-6300"),
    (4, "planet", "less-waste", "Less waste",
     "Household waste per household per year", "kg", "down", "-42"),
    (5, "planet", "more-recycling", "More recycling",
     "Salford waste recycled per year", "tonnes", "up", "3450"),
    (6, "planet", "greener-travel", "Greener travel",
     "People travelling to work by green methods", "people", "up", "2280"),
    (7, "prosperity", "young-people-into-work", "Young people into work or learning",
     "NEET 16-17 year olds moving into employment, education or training per year",
     "young people a year", "up", "25"),
    (8, "prosperity", "living-wage", "More people paid the Living Wage",
     "Salford people paid the real Living Wage", "people", "up", "1570"),
    (9, "prosperity", "jobs-for-vulnerable-groups", "Jobs for vulnerable groups",
     "People from vulnerable groups accessing new jobs, apprenticeships, training and work "
     "placements", "people", "up", "780"),
    (10, "prosperity", "less-fuel-poverty", "Less fuel poverty",
     "Households in fuel poverty", "households", "down", "-1130"),
    (11, "prosperity", "local-economic-benefit", "Local economic benefit",
     "Gross value added per head (local supply chains, spend with Salford organisations)",
     "GBP per head", "up", "2353"),
]  # fmt: skip


def load_themes() -> int:
    created = 0
    for order, (slug, name, aim) in enumerate(THEMES):
        _, was_created = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "aim": aim, "order": order}
        )
        created += was_created
    return created


def load_outcomes() -> int:
    themes = {t.slug: t for t in Theme.objects.all()}
    existing = set(Outcome.objects.values_list("number", flat=True))
    missing = []
    for number, theme, slug, name, indicator, unit, direction, change in OUTCOMES:
        if number in existing:
            continue
        change = Decimal(change)
        missing.append(
            Outcome(
                number=number,
                theme=themes[theme],
                slug=slug,
                name=name,
                indicator=indicator,
                unit=unit,
                direction=direction,
                baseline=abs(change) / Decimal("0.10"),
                target_change=change,
                target_year=2021,
            )
        )
    Outcome.objects.bulk_create(missing)
    return len(missing)


def load() -> dict[str, int]:
    from accounts.reference import grant_group_permissions
    from accounts.roles import STAFF_GROUP

    counts = {"themes": load_themes(), "outcomes": load_outcomes()}
    grant_group_permissions(
        STAFF_GROUP,
        [
            f"measures.{verb}_{model}"
            for verb in ("view", "change")
            for model in ("theme", "outcome")
        ],
    )
    return counts
