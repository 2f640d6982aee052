"""The pledges of ``seed_demo``: pledges in every state with their commitments, progress,
history, supporters and concerns, written in a few ``bulk_create`` calls.

What each pledge becomes is planned in ``pledge_plans``; this module decides who pledges
and writes the plans.
"""

from __future__ import annotations

import random
from collections import Counter

from measures.models import Outcome
from pledges.models import (
    Campaign,
    Commitment,
    ConcernReport,
    Pledge,
    PledgeEvent,
    ProgressUpdate,
    Support,
)

from .common import weighted
from .people import City
from .pledge_plans import FIRST_KINDS, KINDS, Plan, PledgeSeeder
from .text import campaign as data


def _owners(rng: random.Random, city: City) -> list[tuple]:
    """Who makes each pledge: (organisation or None, its people, a place name)."""
    owners = []
    for org in city.organisations:
        count = weighted(rng, data.PLEDGES_PER_ORGANISATION)
        owners += [(org, city.members[org.pk], city.places[org.pk])] * count
    for resident in city.residents:
        if rng.random() < 0.3:
            place = resident.ward.name if resident.ward else "Salford"
            owners.append((None, [resident], place))
    spare = [(org, city.members[org.pk], city.places[org.pk]) for org in city.organisations] or [
        (None, [resident], "Salford") for resident in city.residents
    ]
    # Enough pledges for every kind, however small the demo.
    for i in range(max(0, len(FIRST_KINDS) - len(owners)) if spare else 0):
        owners.append(spare[i % len(spare)])
    rng.shuffle(owners)
    return owners


def _write_commitments(plans: list[Plan], outcomes: dict[int, int]) -> None:
    commitments = []
    for plan in plans:
        for order, (commitment, _) in enumerate(plan.commitments):
            commitment.pledge = plan.pledge  # saved since the commitment was made
            commitment.order = order
            commitments.append(commitment)
    Commitment.objects.bulk_create(commitments)
    through = Commitment.outcomes.through
    through.objects.bulk_create(
        through(commitment_id=commitment.pk, outcome_id=outcomes[number])
        for plan in plans
        for commitment, numbers in plan.commitments
        for number in numbers
    )
    ProgressUpdate.objects.bulk_create(u for plan in plans for u in plan.updates)


def build(*, rng: random.Random, fake, city: City) -> dict:
    """Write the city's pledges; the counts of what was made."""
    outcomes = dict(Outcome.objects.values_list("number", "pk"))
    seeder = PledgeSeeder(
        rng=rng,
        fake=fake,
        now=city.now,
        staff=city.staff,
        campaign=Campaign.objects.get(slug="10-percent-better"),
        old_campaign=Campaign.objects.filter(slug="social-in-salford-pledge").first(),
    )
    plans = [
        seeder.plan(
            FIRST_KINDS[i] if i < len(FIRST_KINDS) else weighted(rng, KINDS), org, people, place
        )
        for i, (org, people, place) in enumerate(_owners(rng, city))
    ]
    Pledge.objects.bulk_create([plan.pledge for plan in plans])
    _write_commitments(plans, outcomes)
    follow_ups = [follow for plan in plans if (follow := seeder.follow_up(plan))]
    Pledge.objects.bulk_create([follow.pledge for follow in follow_ups])
    _write_commitments(follow_ups, outcomes)
    everything = plans + follow_ups
    PledgeEvent.objects.bulk_create(
        PledgeEvent(pledge=plan.pledge, action=action, actor=actor, at=at, note=note)
        for plan in everything
        for action, actor, at, note in plan.events
    )
    supports = Support.objects.bulk_create(seeder.supports(plans, city.people))
    concerns = ConcernReport.objects.bulk_create(seeder.concerns(plans, city.residents))
    pledges = [plan.pledge for plan in everything]
    return {
        "pledges": len(pledges),
        "statuses": Counter(pledge.status for pledge in pledges),
        "revisions": sum(1 for p in pledges if p.revision_of_id),
        "renewals": sum(1 for p in pledges if p.renewed_from_id),
        "commitments": sum(len(plan.commitments) for plan in everything),
        "updates": sum(len(plan.updates) for plan in everything),
        "supports": len(supports),
        "concerns": len(concerns),
        "concerns_open": sum(1 for c in concerns if not c.resolved_at),
    }
