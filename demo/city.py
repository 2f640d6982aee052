"""A whole demo city, for every app, the same for the same seed: what ``seed_demo`` runs.

Each app's builder gets its own ``random.Random``, derived from the seed and the builder's
name, so changing what one app makes never changes what the others make. Everything is
written in one transaction: a failed run leaves nothing behind.
"""

from __future__ import annotations

import random
import resource
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organisation
from pledges.models import Pledge

from . import charter, measures, pledges, toolkit
from .people import City, People, demo_users, summary


@dataclass
class Seeded:
    city: City
    people: dict
    pledges: dict
    # Each other app's counts, in the order they were made.
    apps: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds each builder took
    peak_memory_mb: float = 0.0


def exists() -> bool:
    return demo_users().exists()


def _rng(seed: int, name: str) -> random.Random:
    # Seeded with a string (hashed with SHA-512, so the same on every run).
    return random.Random(f"{seed}:{name}")  # noqa: S311 - repeatable demo data, not secrets


def peak_memory_mb() -> float:
    """The most memory this process has held so far (its peak resident set, Linux KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@transaction.atomic
def seed(*, organisations: int, residents: int, seed: int, password: str, now=None) -> Seeded:
    from faker import Faker  # a test dependency; imported only when seeding

    started = time.perf_counter()
    timings: dict[str, float] = {}
    clock = [started]

    def lap(name: str) -> None:
        now_ = time.perf_counter()
        timings[name] = now_ - clock[0]
        clock[0] = now_

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    now = now or timezone.now()
    city = People(rng=_rng(seed, "people"), fake=fake, now=now, password=password).build(
        organisations=organisations, residents=residents
    )
    lap("people")
    seeded = Seeded(
        city=city,
        people=summary(city),
        pledges=pledges.build(rng=_rng(seed, "pledges"), fake=fake, city=city),
        timings=timings,
    )
    lap("pledges")
    seeded.apps["toolkit"] = toolkit.build(rng=_rng(seed, "toolkit"), city=city)
    lap("toolkit")
    seeded.apps["charter"] = charter.build(
        rng=_rng(seed, "charter"), organisations=city.organisations, now=now, staff=city.staff
    )
    lap("charter")
    seeded.apps["measures"] = measures.build(
        rng=_rng(seed, "measures"), organisations=city.organisations, now=now, staff=city.staff
    )
    lap("measures")
    seeded.seconds = time.perf_counter() - started
    seeded.peak_memory_mb = peak_memory_mb()
    return seeded


@transaction.atomic
def reset() -> dict[str, int]:
    """Delete what an earlier run made: its people, their organisations and everything
    they made in every app. Other people and organisations are left alone."""
    users = demo_users()
    org_ids = list(
        Organisation.objects.filter(memberships__user__in=users)
        .values_list("pk", flat=True)
        .distinct()
    )
    rows = measures.delete(organisation_ids=org_ids)  # contracts protect their parties
    rows += Pledge.objects.filter(Q(organisation_id__in=org_ids) | Q(pledger__in=users)).delete()[0]
    rows += Organisation.objects.filter(pk__in=org_ids).delete()[0]
    people = users.count()
    rows += users.delete()[0]
    return {"organisations": len(org_ids), "people": people, "rows": rows}
