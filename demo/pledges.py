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

RESIDENT_PLEDGE_SHARE = 0.4


def _owners(rng: random.Random, city: City) -> list[tuple]:
    """Who makes each pledge: (organisation or None, its people, a place name)."""
    owners = []
    for org in city.organisations:
        count = weighted(rng, data.PLEDGES_PER_ORGANISATION)
        owners += [(org, city.members[org.pk], city.places[org.pk])] * count
    for resident in city.residents:
        if rng.random() < RESIDENT_PLEDGE_SHARE:
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
    _bulk(Commitment, commitments)
    through = Commitment.outcomes.through
    _bulk(
        through,
        [
            through(commitment_id=commitment.pk, outcome_id=outcomes[number])
            for plan in plans
            for commitment, numbers in plan.commitments
            for number in numbers
        ],
    )
    _bulk(ProgressUpdate, [u for plan in plans for u in plan.updates])


CHUNK_SIZE = 5000  # owners planned and written at a time, so memory stays flat
BATCH_SIZE = 5000  # rows per INSERT
COUNTED = (
    "pledges",
    "revisions",
    "renewals",
    "commitments",
    "updates",
    "supports",
    "concerns",
    "concerns_open",
)


def _bulk(model, rows) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _write_chunk(seeder: PledgeSeeder, plans: list[Plan], city: City, outcomes, made) -> None:
    """Write one chunk of plans with their follow-ups, history, supporters and concerns,
    and add what was made to ``made``."""
    _bulk(Pledge, [plan.pledge for plan in plans])
    _write_commitments(plans, outcomes)
    follow_ups = [follow for plan in plans if (follow := seeder.follow_up(plan))]
    _bulk(Pledge, [follow.pledge for follow in follow_ups])
    _write_commitments(follow_ups, outcomes)
    everything = plans + follow_ups
    _bulk(
        PledgeEvent,
        [
            PledgeEvent(pledge=plan.pledge, action=action, actor=actor, at=at, note=note)
            for plan in everything
            for action, actor, at, note in plan.events
        ],
    )
    supports = _bulk(Support, seeder.supports(plans, city.people))
    concerns = _bulk(ConcernReport, seeder.concerns(plans, city.residents))
    pledges = [plan.pledge for plan in everything]
    made["pledges"] += len(pledges)
    made["statuses"].update(pledge.status for pledge in pledges)
    made["revisions"] += sum(1 for p in pledges if p.revision_of_id)
    made["renewals"] += sum(1 for p in pledges if p.renewed_from_id)
    made["commitments"] += sum(len(plan.commitments) for plan in everything)
    made["updates"] += sum(len(plan.updates) for plan in everything)
    made["supports"] += len(supports)
    made["concerns"] += len(concerns)
    made["concerns_open"] += sum(1 for c in concerns if not c.resolved_at)


def build(*, rng: random.Random, fake, city: City) -> dict:
    """Write the city's pledges, a chunk of owners at a time; the counts of what was made."""
    outcomes = dict(Outcome.objects.values_list("number", "pk"))
    seeder = PledgeSeeder(
        rng=rng,
        fake=fake,
        now=city.now,
        staff=city.staff,
        campaign=Campaign.objects.get(slug="10-percent-better"),
        old_campaign=Campaign.objects.filter(slug="social-in-salford-pledge").first(),
    )
    made: dict = dict.fromkeys(COUNTED, 0) | {"statuses": Counter()}
    owners = _owners(rng, city)
    for start in range(0, len(owners), CHUNK_SIZE):
        plans = [
            seeder.plan(
                FIRST_KINDS[i] if i < len(FIRST_KINDS) else weighted(rng, KINDS), org, people, place
            )
            for i, (org, people, place) in enumerate(
                owners[start : start + CHUNK_SIZE], start=start
            )
        ]
        _write_chunk(seeder, plans, city, outcomes, made)
    return made
