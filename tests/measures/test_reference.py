"""The outcome framework ships as reference data that staff can then correct."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from measures.models import Direction, Indicator, Outcome, Theme
from pledges.models import Campaign

pytestmark = pytest.mark.django_db


def test_three_themes_and_eleven_outcomes_are_loaded():
    assert list(Theme.objects.values_list("name", flat=True)) == ["People", "Planet", "Prosperity"]
    assert Outcome.objects.count() == 11
    per_theme = {t.slug: t.outcomes.count() for t in Theme.objects.all()}
    assert per_theme == {"people": 3, "planet": 3, "prosperity": 5}


@pytest.mark.parametrize(
    ("number", "direction", "change", "baseline", "target"),
    [
        (1, Direction.UP, "4690", "46900", "51590"),
        (3, Direction.DOWN, "-6300", "63000", "56700"),
        (4, Direction.DOWN, "-42", "420", "378"),
        (11, Direction.UP, "2353", "23530", "25883"),
    ],
)
def test_baseline_is_the_published_change_over_ten_percent(
    number, direction, change, baseline, target
):
    outcome = Outcome.objects.get(number=number)
    assert outcome.direction == direction
    assert outcome.target_change == Decimal(change)
    assert outcome.baseline == Decimal(baseline)
    assert outcome.target_value == Decimal(target)
    assert outcome.target_year == 2021


def test_loading_again_keeps_what_staff_corrected():
    Outcome.objects.filter(number=2).update(baseline=Decimal("185000"))
    # An outcome with indicators cannot be deleted: they go first.
    Indicator.objects.filter(outcome__number=5).delete()
    Outcome.objects.filter(number=5).delete()

    call_command("load_reference_data", verbosity=0)

    assert Outcome.objects.count() == 11
    assert Indicator.objects.get(slug="waste-recycled").outcome.number == 5
    assert Outcome.objects.get(number=2).baseline == Decimal("185000")
    assert Outcome.objects.get(number=5).name == "More recycling"


def test_staff_may_edit_the_framework_in_the_admin():
    staff = Group.objects.get(name="Alliance staff")
    codenames = set(staff.permissions.values_list("codename", flat=True))
    assert {"view_outcome", "change_outcome", "view_theme", "change_theme"} <= codenames
    assert {"add_campaign", "change_campaign"} <= codenames


def test_both_campaigns_are_loaded_and_only_10_percent_better_is_open():
    campaigns = {c.slug: c for c in Campaign.objects.all()}
    assert set(campaigns) == {"social-in-salford-pledge", "10-percent-better"}
    assert campaigns["social-in-salford-pledge"].started_on.year == 2014
    assert campaigns["social-in-salford-pledge"].ended_on.isoformat() == "2017-10-31"
    assert not campaigns["social-in-salford-pledge"].is_open
    assert campaigns["10-percent-better"].started_on.isoformat() == "2017-11-01"
    assert campaigns["10-percent-better"].ended_on is None
    assert campaigns["10-percent-better"].is_open


def test_loading_again_keeps_a_campaign_staff_edited_and_puts_back_a_missing_one():
    Campaign.objects.filter(slug="10-percent-better").update(name="Ten Per Cent Better")
    Campaign.objects.filter(slug="social-in-salford-pledge").delete()

    call_command("load_reference_data", verbosity=0)

    assert Campaign.objects.get(slug="10-percent-better").name == "Ten Per Cent Better"
    restored = Campaign.objects.get(slug="social-in-salford-pledge")
    assert restored.name == "Social in Salford Pledge"
    assert restored.description.startswith("Launched in 2014, when 28 organisations")
    assert "\n" not in restored.description
