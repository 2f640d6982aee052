"""What each demo pledge becomes: pledges in every state with their commitments, progress,
history, supporters and concerns, planned here and written by ``demo.pledges``."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from accounts.models import Organisation, User
from pledges.models import (
    PLEDGE_MONTHS,
    Campaign,
    Commitment,
    ConcernReport,
    Pledge,
    PledgeEvent,
    ProgressUpdate,
    Support,
)

from .common import DAY, HOUR, weighted
from .text import campaign as data

YEAR = relativedelta(months=PLEDGE_MONTHS)
Action = PledgeEvent.Action
Status = Pledge.Status

# What each generated pledge becomes. The first pledges take each kind in turn, so even
# a tiny demo has every status, a pending revision and a renewal.
KINDS = [
    ("approved", 36),
    ("submitted", 7),
    ("draft", 10),
    ("rejected", 5),
    ("withdrawn", 5),
    ("lapsed", 12),
    ("revision", 4),
    ("renewal", 5),
    ("expiring", 8),
]
FIRST_KINDS = [kind for kind, _ in KINDS]
MAX_COMMITMENTS = 4  # in a demo pledge; the portal allows more
# Pledges that were public for a while, and so have progress and supporters.
WERE_PUBLIC = {"approved", "withdrawn", "lapsed", "revision", "renewal", "expiring"}


@dataclass
class Plan:
    """One pledge to write, with what the later phases attach to it."""

    pledge: Pledge
    kind: str
    people: list[User]
    events: list[tuple[str, User | None, datetime.datetime, str]] = field(default_factory=list)
    commitments: list[tuple[Commitment, list[int]]] = field(default_factory=list)
    updates: list[ProgressUpdate] = field(default_factory=list)
    follow_up: Plan | None = None


class PledgeSeeder:
    def __init__(
        self,
        *,
        rng: random.Random,
        fake,
        now: datetime.datetime,
        staff: User,
        campaign: Campaign,
        old_campaign: Campaign | None,
    ):
        self.rng, self.fake, self.now, self.staff = rng, fake, now, staff
        self.today = now.date()
        self.campaign, self.old_campaign = campaign, old_campaign

    # -- helpers ----------------------------------------------------------------------

    def _ago(self, low: float, high: float) -> datetime.datetime:
        return self.now - self.rng.uniform(low, high) * DAY

    def _before_now(self, moment: datetime.datetime) -> datetime.datetime:
        return min(moment, self.now - HOUR)

    def _title(self, place: str) -> str:
        return self.rng.choice(data.PLEDGE_TITLES).format(place=place)

    def _target(self, low: int, high: int) -> int:
        value = self.rng.randint(low, high)
        step = 500 if high >= 5000 else 10 if high >= 150 else 1
        return max(step, round(value / step) * step)

    def _commitment(self, template, due: datetime.date, pledge: Pledge) -> tuple:
        text, unit, (low, high), outcomes = template
        target = self._target(low, high)
        wording = text.format(n=f"{target:,}", due=due.strftime("%B %Y"))
        commitment = Commitment(
            pledge=pledge,
            text=wording,
            target_value=Decimal(target),
            target_unit=unit,
            due_date=due,
        )
        return commitment, outcomes

    # -- the primary pledge of each plan ------------------------------------------------

    def plan(
        self, kind: str, organisation: Organisation | None, people: list[User], place: str
    ) -> Plan:
        pledge = Pledge(
            campaign=self.campaign,
            organisation=organisation,
            pledger=self.rng.choice(people),
            title=self._title(place),
            statement=self.rng.choice(data.PLEDGE_STATEMENTS),
        )
        plan = Plan(pledge=pledge, kind=kind, people=people)
        # A revision's pledge is approved; the revision itself comes in ``follow_up``.
        {
            "draft": self._as_draft,
            "submitted": self._as_submitted,
            "approved": self._as_approved,
            "revision": self._as_approved,
            "expiring": self._as_expiring,
            "rejected": self._as_rejected,
            "withdrawn": self._as_withdrawn,
            "lapsed": self._as_lapsed,
            "renewal": self._as_renewal,
        }[kind](plan)
        self._commitments(plan)
        return plan

    def _submit(self, plan: Plan, created: datetime.datetime) -> datetime.datetime:
        submitted = self._before_now(created + self.rng.uniform(0.05, 3) * DAY)
        plan.pledge.created_at = created
        plan.pledge.submitted_at = submitted
        plan.events.append((Action.SUBMITTED, plan.pledge.pledger, submitted, ""))
        return submitted

    def _approve(self, plan: Plan, approved: datetime.datetime) -> None:
        pledge = plan.pledge
        pledge.submitted_at = approved - self.rng.uniform(0.5, 8) * DAY
        pledge.created_at = pledge.submitted_at - self.rng.uniform(0.2, 14) * DAY
        plan.events.append((Action.SUBMITTED, pledge.pledger, pledge.submitted_at, ""))
        pledge.status = Status.APPROVED
        pledge.approved_at = approved
        pledge.expires_at = approved + YEAR
        if self.old_campaign and approved.date() < self.campaign.started_on:
            pledge.campaign = self.old_campaign
        note = "Thank you: a clear, measurable pledge." if self.rng.random() < 0.3 else ""
        plan.events.append((Action.APPROVED, self.staff, approved, note))

    def _as_draft(self, plan: Plan) -> None:
        created = self._ago(3, 40)
        plan.pledge.created_at = created
        if self.rng.random() < 0.35:
            submitted = self._submit(plan, created)
            note = self.rng.choice(data.CHANGES_REQUESTED)
            asked = self._before_now(submitted + self.rng.uniform(0.2, 2) * DAY)
            plan.pledge.moderation_note = note
            plan.events.append((Action.CHANGES_REQUESTED, self.staff, asked, note))

    def _as_submitted(self, plan: Plan) -> None:
        plan.pledge.status = Status.SUBMITTED
        self._submit(plan, self._ago(1, 25))

    def _as_approved(self, plan: Plan) -> None:
        self._approve(plan, self._ago(20, 330))

    def _as_expiring(self, plan: Plan) -> None:
        # Lapses within the month: the reminder task has work to do, or has done it.
        self._approve(plan, self.now - YEAR + self.rng.uniform(3, 28) * DAY)
        if self.rng.random() < 0.5:
            reminded = plan.pledge.expires_at - 30 * DAY
            if reminded < self.now:
                plan.pledge.reminder_sent_at = reminded
                plan.events.append((Action.REMINDED, None, reminded, ""))

    def _as_rejected(self, plan: Plan) -> None:
        plan.pledge.status = Status.REJECTED
        submitted = self._submit(plan, self._ago(5, 200))
        reason = self.rng.choice(data.REJECTION_REASONS)
        plan.pledge.moderation_note = reason
        decided = self._before_now(submitted + self.rng.uniform(0.5, 5) * DAY)
        plan.events.append((Action.REJECTED, self.staff, decided, reason))

    def _as_withdrawn(self, plan: Plan) -> None:
        approved = self._ago(60, 330)
        self._approve(plan, approved)
        plan.pledge.status = Status.WITHDRAWN
        withdrawn = approved + self.rng.uniform(20, (self.now - approved).days - 1) * DAY
        reason = self.rng.choice(data.WITHDRAWAL_REASONS)
        plan.events.append((Action.WITHDRAWN, plan.pledge.pledger, withdrawn, reason))

    def _as_lapsed(self, plan: Plan) -> None:
        if self.old_campaign and self.rng.random() < 0.3:
            # From the Social in Salford Pledge, before 10% Better began.
            start = datetime.datetime(2015, 1, 5, 10, tzinfo=datetime.UTC)
            approved = start + self.rng.uniform(0, 640) * DAY
        else:
            approved = self.now - YEAR - self.rng.uniform(5, 600) * DAY
        self._approve(plan, approved)
        pledge = plan.pledge
        pledge.status = Status.LAPSED
        pledge.reminder_sent_at = pledge.expires_at - 30 * DAY
        plan.events.append((Action.REMINDED, None, pledge.reminder_sent_at, ""))
        plan.events.append((Action.LAPSED, None, pledge.expires_at, ""))

    def _as_renewal(self, plan: Plan) -> None:
        # The pledge being renewed: lapsed, or about to.
        if self.rng.random() < 0.7:
            self._as_lapsed(plan)
        else:
            self._as_expiring(plan)

    # -- commitments and progress --------------------------------------------------------

    def _commitments(self, plan: Plan) -> None:
        pledge = plan.pledge
        personal = pledge.organisation is None
        pool = data.RESIDENT_COMMITMENTS if personal else data.ORGANISATION_COMMITMENTS
        count = weighted(self.rng, [(1, 45), (2, 55)] if personal else data.COMMITMENT_COUNTS)
        start = (pledge.approved_at or self.now).date()
        for template in self.rng.sample(pool, count):
            if pledge.approved_at:
                due = start + self.rng.randint(90, 360) * DAY
            else:
                due = self.today + self.rng.randint(60, 360) * DAY
            plan.commitments.append(self._commitment(template, due, pledge))
        if plan.kind in WERE_PUBLIC:
            for commitment, _ in plan.commitments:
                self._progress(plan, commitment)

    def _progress(self, plan: Plan, commitment: Commitment) -> None:
        pledge = plan.pledge
        end = min(self.now, pledge.expires_at)
        span = (end - pledge.approved_at).total_seconds()
        if span < 14 * 86400 or self.rng.random() < 0.25:
            return
        steps = self.rng.randint(1, 3)
        final = self.rng.uniform(0.2, 1.15)
        for step in range(1, steps + 1):
            figure = (commitment.target_value * Decimal(final * step / steps)).quantize(
                Decimal("1")
            )
            at = pledge.approved_at + datetime.timedelta(seconds=span * step / (steps + 0.3))
            unit = "%" if commitment.is_percentage else f" {commitment.target_unit}"
            done = step == steps and figure >= commitment.target_value
            plan.updates.append(
                ProgressUpdate(
                    commitment=commitment,
                    author=self.rng.choice(plan.people),
                    text=self.rng.choice(data.PROGRESS_TEXTS).format(figure=f"{figure:,}{unit}"),
                    figure=figure,
                    marks_done=done,
                    created_at=at,
                )
            )
            commitment.current_value = figure
            if done:
                commitment.done_at = at

    # -- revisions and renewals ----------------------------------------------------------

    def follow_up(self, plan: Plan) -> Plan | None:
        """The pending revision or the renewal of a saved pledge."""
        if plan.kind not in ("revision", "renewal"):
            return None
        original = plan.pledge
        copy = Pledge(
            campaign=original.campaign if plan.kind == "revision" else self.campaign,
            organisation=original.organisation,
            pledger=self.rng.choice(plan.people),
            title=original.title,
            statement=original.statement,
            created_at=self._ago(1, 12),
        )
        follow = Plan(pledge=copy, kind=plan.kind, people=plan.people)
        if plan.kind == "revision":
            copy.revision_of = original
            self._revise(plan, follow)
        else:
            copy.renewed_from = original
            self._renew(plan, follow)
        if copy.status == Status.SUBMITTED:
            self._submit(follow, copy.created_at)
        plan.follow_up = follow
        return follow

    def _carry(self, plan: Plan, follow: Plan, *, keep_progress: bool) -> None:
        for source, outcomes in plan.commitments:
            commitment = Commitment(
                pledge=follow.pledge,
                text=source.text,
                target_value=source.target_value,
                target_unit=source.target_unit,
                due_date=source.due_date,
                current_value=source.current_value if keep_progress else Decimal(0),
                done_at=source.done_at if keep_progress else None,
                source=source,
            )
            follow.commitments.append((commitment, outcomes))

    def _new_commitment(self, plan: Plan, follow: Plan) -> None:
        used = {c.text.split(" by ")[0] for c, _ in plan.commitments}
        pool = (
            data.RESIDENT_COMMITMENTS
            if plan.pledge.organisation is None
            else data.ORGANISATION_COMMITMENTS
        )
        fresh = [t for t in pool if t[0].split(" by ")[0] not in used] or pool
        due = self.today + self.rng.randint(120, 360) * DAY
        follow.commitments.append(self._commitment(self.rng.choice(fresh), due, follow.pledge))

    @staticmethod
    def _move_due_date(commitment: Commitment, due: datetime.date) -> None:
        """A later date, and the words that name it."""
        old, new = commitment.due_date.strftime("%B %Y"), due.strftime("%B %Y")
        commitment.text = commitment.text.replace(old, new)
        commitment.due_date = due

    def _revise(self, plan: Plan, follow: Plan) -> None:
        copy = follow.pledge
        copy.status = Status.SUBMITTED
        self._carry(plan, follow, keep_progress=True)
        if self.rng.random() < 0.4:
            copy.title = self._title("Salford")
        if self.rng.random() < 0.5:
            copy.statement = (copy.statement + " " + data.REVISION_STATEMENT).strip()
        # Always one changed commitment: a bigger target, a later date and clearer words.
        changed, _ = follow.commitments[0]
        target = (changed.target_value * Decimal("1.5")).quantize(Decimal("1"))
        changed.text = changed.text.replace(f"{changed.target_value:,.0f}", f"{target:,.0f}", 1)
        changed.target_value = target
        self._move_due_date(changed, changed.due_date + 60 * DAY)
        changed.text = self.rng.choice(data.REVISED_WORDING).format(text=changed.text)
        if len(follow.commitments) > 1 and self.rng.random() < 0.5:
            follow.commitments.pop()
        if len(follow.commitments) < MAX_COMMITMENTS and self.rng.random() < 0.6:
            self._new_commitment(plan, follow)

    def _renew(self, plan: Plan, follow: Plan) -> None:
        copy = follow.pledge
        copy.status = Status.SUBMITTED if self.rng.random() < 0.7 else Status.DRAFT
        self._carry(plan, follow, keep_progress=False)
        # A renewal needs at least one new commitment: room is made by dropping one.
        del follow.commitments[MAX_COMMITMENTS - 1 :]
        for commitment, _ in follow.commitments:
            self._move_due_date(commitment, self.today + self.rng.randint(120, 365) * DAY)
        self._new_commitment(plan, follow)
        plan.events.append((Action.RENEWED, copy.pledger, copy.created_at, ""))

    # -- supporters and concerns ---------------------------------------------------------

    def supports(self, plans: list[Plan], supporters: list[User]) -> list[Support]:
        rows = []
        for plan in plans:
            pledge = plan.pledge
            if plan.kind not in WERE_PUBLIC or not supporters:
                continue
            count = self.rng.randint(0, min(20, len(supporters)))
            end = min(self.now, pledge.expires_at)
            for user in self.rng.sample(supporters, count):
                if user.pk == pledge.pledger_id:
                    continue
                at = pledge.approved_at + (end - pledge.approved_at) * self.rng.random()
                rows.append(Support(pledge=pledge, user=user, created_at=at))
        return rows

    def concerns(self, plans: list[Plan], residents: list[User]) -> list[ConcernReport]:
        public = [p.pledge for p in plans if p.pledge.status == Status.APPROVED]
        count = min(len(public), max(3, len(public) // 30))
        rows = []
        for index, pledge in enumerate(self.rng.sample(public, count)):
            reporter = self.rng.choice(residents) if residents and index % 2 == 0 else None
            created = pledge.approved_at + (self.now - pledge.approved_at) * self.rng.random()
            concern = ConcernReport(
                pledge=pledge,
                reporter=reporter,
                reporter_email=""
                if reporter or index % 4 == 1
                else f"{self.fake.user_name()}@example.net",
                text=self.rng.choice(data.CONCERNS),
                created_at=created,
            )
            if index % 3 == 2:
                concern.resolved_at = created + (self.now - created) * 0.5
                concern.resolved_by = self.staff
                concern.resolution = self.rng.choice(data.CONCERN_RESOLUTIONS)
            rows.append(concern)
        return rows
