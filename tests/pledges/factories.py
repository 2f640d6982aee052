import datetime
from decimal import Decimal

import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from measures.models import Outcome
from pledges.models import Campaign, Commitment, Pledge, ProgressUpdate, Support

from ..accounts.factories import UserFactory


def campaign_10_percent() -> Campaign:
    return Campaign.objects.get(slug="10-percent-better")


class PledgeFactory(factory.django.DjangoModelFactory):
    """A draft pledge by a resident. Use ``approved()``/``submitted()`` for other states."""

    class Meta:
        model = Pledge

    campaign = factory.LazyFunction(campaign_10_percent)
    pledger = factory.SubFactory(UserFactory)
    organisation = None
    title = factory.Sequence(lambda n: f"Making Salford better, pledge {n}")
    statement = "We want our neighbourhood to thrive."


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    pledge = factory.SubFactory(PledgeFactory)
    text = factory.Sequence(lambda n: f"Increase staff volunteering hours by 10% (#{n})")
    target_value = Decimal("10")
    target_unit = "%"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if create:
            self.outcomes.set(extracted or [Outcome.objects.get(number=1)])


def ending_soon() -> datetime.datetime:
    """An expiry inside the last month of a pledge's year, when it may be renewed."""
    return timezone.now() + datetime.timedelta(days=10)


def make_pledge(
    *, status: str = Pledge.Status.DRAFT, commitments: int = 1, outcomes=None, **kwargs
) -> Pledge:
    """A pledge in ``status`` with ``commitments`` commitments serving ``outcomes``."""
    now = timezone.now()
    if status in (Pledge.Status.SUBMITTED, Pledge.Status.APPROVED, Pledge.Status.LAPSED):
        kwargs.setdefault("submitted_at", now - datetime.timedelta(days=2))
    if status in (Pledge.Status.APPROVED, Pledge.Status.LAPSED):
        approved = kwargs.setdefault("approved_at", now - datetime.timedelta(days=1))
        kwargs.setdefault("expires_at", approved + relativedelta(months=12))
    pledge = PledgeFactory(status=status, **kwargs)
    for _ in range(commitments):
        CommitmentFactory(pledge=pledge, outcomes=outcomes)
    return pledge


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    author = factory.LazyAttribute(lambda o: o.commitment.pledge.pledger)
    text = "Twelve more people volunteered this month."
    figure = Decimal("4")


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    pledge = factory.SubFactory(PledgeFactory)
    user = factory.SubFactory(UserFactory)
