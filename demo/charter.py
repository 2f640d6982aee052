"""The charter's part of ``manage.py seed_demo``: a realistic share of the demo
organisations sign the charter, in bulk.

``build`` signs about two in five organisations. Most are verified, some months ago and
some years (with accepted yearly reviews), so the directory has history, some reviews are
overdue and some signatures have lapsed; a few are waiting for staff, a few are drafts and
a few were withdrawn. Rows go in with ``bulk_create``, as the other demo builders do,
rather than through the services, which send mail one signature at a time. The dates
follow the rules the services and tasks apply (``charter.models``), so every page shows
what people would have seen.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from dateutil.relativedelta import relativedelta

from accounts.models import Membership, Organisation, User
from charter.models import (
    LAPSE_MONTHS,
    REVIEW_OPENS_MONTHS,
    ActionStatement,
    Area,
    Basis,
    CharterVersion,
    ReviewStatement,
    Role,
    Signature,
    SignatureEvent,
    SignatureReview,
)

from .common import weighted

SIGNED_SHARE = 0.5  # 5,000 signatures in a city of 10,000 organisations
Status = Signature.Status
Action = SignatureEvent.Action
# What a signature ends up as, before its dates decide whether a verified one lapsed.
STATUS_WEIGHTS = [
    (Status.VERIFIED, 76),
    (Status.SUBMITTED, 9),
    (Status.DRAFT, 6),
    (Status.WITHDRAWN, 9),
]
# The first signatures cover every state, however small the demo.
FIRST = [Status.VERIFIED, Status.SUBMITTED, Status.VERIFIED, Status.WITHDRAWN, Status.DRAFT]
POSITIONS = ["Chief Executive", "Director", "Chair of Trustees", "Managing Director", "Founder"]

COMMITMENTS = {
    Area.EMBED: [
        "Write social value into our procurement policy and have the board adopt it.",
        "Add a social value lead to our senior team and report to the board each quarter.",
        "Make social value part of every business case we approve.",
        "Train every manager in what social value means for our work.",
    ],
    Area.DELIVER: [
        "Ask a weighted social value question in every tender over £25,000.",
        "Offer two apprenticeships a year to young people from Salford.",
        "Buy from Salford suppliers whenever quality and price allow.",
        "Pay the real Living Wage to everyone who works for us, contractors included.",
    ],
    Area.DEMONSTRATE: [
        "Publish a short social value report every year, with figures.",
        "Measure how much of our spending stays in Salford using LM3.",
        "Share two case studies a year in the alliance’s toolkit.",
        "Count volunteering hours and jobs for local people, and publish them.",
    ],
}
DONE = [
    "Done: the board adopted it in the spring and it is on our website.",
    "Mostly done: three of the four pieces are in place; the last is planned for autumn.",
    "Started: we have piloted it in one team and are learning from it.",
]


def _admins(organisations: list[Organisation]) -> dict[int, User]:
    """Each organisation's first admin, in one query."""
    admins: dict[int, User] = {}
    for membership in (
        Membership.objects.filter(organisation__in=organisations, role=Membership.Role.ADMIN)
        .select_related("user")
        .order_by("joined_at", "pk")
    ):
        admins.setdefault(membership.organisation_id, membership.user)
    return admins


def _role(organisation: Organisation, rng: random.Random) -> str:
    if organisation.sector == "public_sector":
        return rng.choice([Role.COMMISSIONER, Role.BOTH, Role.BOTH])
    return rng.choice([Role.PROVIDER] * 5 + [Role.BOTH])


def _plan(rng: random.Random, index: int, now: datetime.datetime) -> dict:
    """A signature's status and dates, following the yearly clock."""
    status = FIRST[index] if index < len(FIRST) else weighted(rng, STATUS_WEIGHTS)
    created = now - datetime.timedelta(days=rng.randint(3, 40))
    plan = {"status": status, "created": created, "reviews": 0}
    if status in (Status.DRAFT, Status.SUBMITTED):
        plan["submitted"] = created + datetime.timedelta(days=1) if status == "submitted" else None
        return plan
    # Verified some time in the last three years; a review each year it was done.
    verified = now - datetime.timedelta(days=rng.randint(10, 3 * 365))
    cycle = verified
    while now - cycle > datetime.timedelta(days=365) and rng.random() < 0.75:
        cycle += relativedelta(months=12) + datetime.timedelta(days=rng.randint(0, 20))
        plan["reviews"] += 1
    created = verified - datetime.timedelta(days=rng.randint(5, 30))
    plan.update(
        created=created,
        submitted=verified - datetime.timedelta(days=rng.randint(1, 4)),
        verified=verified,
        cycle=cycle,
        reminded=cycle + relativedelta(months=REVIEW_OPENS_MONTHS)
        if cycle + relativedelta(months=REVIEW_OPENS_MONTHS) <= now
        else None,
    )
    if status == Status.VERIFIED and cycle + relativedelta(months=LAPSE_MONTHS) <= now:
        plan.update(status=Status.LAPSED, ended=cycle + relativedelta(months=LAPSE_MONTHS))
    elif status == Status.WITHDRAWN:
        plan["ended"] = verified + (now - verified) * rng.uniform(0.3, 0.9)
    return plan


def build(
    *,
    rng: random.Random,
    organisations: list[Organisation],
    now: datetime.datetime,
    staff: User | None,
    stdout=None,
) -> dict[str, int]:
    version = CharterVersion.objects.current()
    if version is None or not organisations:
        return {"charter signatures": 0}
    chosen = rng.sample(organisations, max(1, round(SIGNED_SHARE * len(organisations))))
    chosen = [o for o in chosen if not o.is_suspended]
    admins = _admins(chosen)
    plans = [_plan(rng, i, now) for i in range(len(chosen))]
    signatures = Signature.objects.bulk_create(
        Signature(
            organisation=organisation,
            version=version,
            signed_by=admins.get(organisation.pk),
            role=_role(organisation, rng),
            signatory_name=f"{rng.choice(['Sam', 'Priya', 'Tom', 'Aisha', 'Jo'])} "
            f"{rng.choice(['Hughes', 'Khan', 'Murphy', 'Okafor', 'Walsh'])}",
            signatory_position=rng.choice(POSITIONS),
            authority_confirmed=plan["status"] != Status.DRAFT,
            basis=Basis.CONTRACT if rng.random() < 0.2 else Basis.VOLUNTARY,
            contract_reference="",
            status=plan["status"],
            created_at=plan["created"],
            submitted_at=plan.get("submitted"),
            verified_at=plan.get("verified"),
            signatory_since=plan.get("verified"),
            cycle_started_at=plan.get("cycle"),
            reminded_at=plan.get("reminded"),
            ended_at=plan.get("ended"),
        )
        for organisation, plan in zip(chosen, plans, strict=True)
    )
    for signature in signatures:
        if signature.basis == Basis.CONTRACT:
            signature.contract_reference = f"Salford City Council contract SCC-{signature.pk:05d}"
        if signature.verified_at:
            signature.certificate_number = f"SVC-{version.number}-{signature.pk:06d}"
    Signature.objects.bulk_update(signatures, ["contract_reference", "certificate_number"])
    _statements(rng, signatures, plans)
    _reviews(rng, signatures, plans, staff)
    _events(signatures, plans, staff)
    counts = Counter(s.status for s in signatures)
    overdue = Signature.objects.filter(pk__in=[s.pk for s in signatures]).overdue(now).count()
    summary = {
        "charter signatures": len(signatures),
        "verified": counts[Status.VERIFIED],
        "overdue for review": overdue,
        "waiting for verification": counts[Status.SUBMITTED],
        "withdrawn": counts[Status.WITHDRAWN],
        "lapsed": counts[Status.LAPSED],
    }
    if stdout is not None:
        stdout.write("  " + ", ".join(f"{what}: {n}" for what, n in summary.items()))
    return summary


def _target(rng: random.Random, start: datetime.datetime) -> datetime.date:
    return (start + datetime.timedelta(days=rng.randint(120, 360))).date()


def _statements(rng: random.Random, signatures: list[Signature], plans: list[dict]) -> None:
    rows = []
    for signature, plan in zip(signatures, plans, strict=True):
        areas = list(Area) if plan["status"] != Status.DRAFT else list(Area)[:2]
        start = plan.get("cycle") or plan["created"]
        rows += [
            ActionStatement(
                signature=signature,
                area=area,
                commitment=rng.choice(COMMITMENTS[area]),
                target_date=_target(rng, start),
                done=rng.choice(DONE) if plan["reviews"] else "",
            )
            for area in areas
        ]
    ActionStatement.objects.bulk_create(rows)


def _reviews(
    rng: random.Random, signatures: list[Signature], plans: list[dict], staff: User | None
) -> None:
    """The latest accepted review of each signature reviewed at least once."""
    reviewed = [(s, p) for s, p in zip(signatures, plans, strict=True) if p["reviews"]]
    reviews = SignatureReview.objects.bulk_create(
        SignatureReview(
            signature=signature,
            status=SignatureReview.Status.ACCEPTED,
            author=signature.signed_by,
            created_at=plan["cycle"] - datetime.timedelta(days=14),
            submitted_at=plan["cycle"] - datetime.timedelta(days=3),
            accepted_at=plan["cycle"],
        )
        for signature, plan in reviewed
    )
    ReviewStatement.objects.bulk_create(
        ReviewStatement(
            review=review,
            area=area,
            done=rng.choice(DONE),
            next_commitment=rng.choice(COMMITMENTS[area]),
            next_target_date=_target(rng, plan["cycle"]),
        )
        for review, (_signature, plan) in zip(reviews, reviewed, strict=True)
        for area in Area
    )


def _events(signatures: list[Signature], plans: list[dict], staff: User | None) -> None:
    events = []
    for signature, plan in zip(signatures, plans, strict=True):
        admin = signature.signed_by

        def add(action, at, actor=None, note="", signature=signature):
            events.append(
                SignatureEvent(signature=signature, action=action, actor=actor, at=at, note=note)
            )

        if plan.get("submitted"):
            add(Action.SUBMITTED, plan["submitted"], admin)
        if plan.get("verified"):
            add(Action.APPROVED, plan["verified"], staff)
        if plan["reviews"]:
            add(Action.REVIEW_ACCEPTED, plan["cycle"], staff)
        if plan.get("reminded"):
            add(Action.REMINDED, plan["reminded"])
        if signature.status == Status.WITHDRAWN:
            add(Action.WITHDRAWN, plan["ended"], admin, "We are merging with another charity.")
        if signature.status == Status.LAPSED:
            add(Action.LAPSED, plan["ended"])
    SignatureEvent.objects.bulk_create(events)
