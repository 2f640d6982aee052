"""The toolkit in ``seed_demo``: case studies in every state of
moderation, and checklist results that improve over time.

Rows are written with ``bulk_create``, as the pledges' demo does, rather than through the
services, which send mail and finish one assessment at a time. Scores come from
``toolkit.scoring``, as ``assessment_complete`` computes them, so results pages, history
and peer medians show what people would have seen. Everything belongs to a demo
organisation, so ``seed_demo --reset`` removes it when it deletes them.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.db.models import F

from accounts.models import Organisation, User
from measures.models import Outcome
from toolkit import scoring
from toolkit.markdown import render_markdown
from toolkit.models import (
    Answer,
    AnswerChoice,
    Assessment,
    CaseStudy,
    CaseStudyEvent,
    Checklist,
    CLESQuality,
    Question,
    Section,
    SectionScore,
)

from .common import DAY, HOUR, weighted
from .people import City
from .text import toolkit as data

QUARTER = 91 * DAY

CASE_STUDY_SHARE = 0.3  # of organisations
ASSESSED_SHARE = 0.83
ANSWER_CHUNK = 1000

Status = CaseStudy.Status
Action = CaseStudyEvent.Action
# The first case studies cover every status, however small the demo.
FIRST_STATUSES = [
    Status.APPROVED,
    Status.SUBMITTED,
    Status.APPROVED,
    Status.REJECTED,
    Status.DRAFT,
]
STATUS_WEIGHTS = [
    (Status.APPROVED, 70),
    (Status.SUBMITTED, 18),
    (Status.DRAFT, 6),
    (Status.REJECTED, 6),
]
# Two a checked organisation on average: 20,000 results in a city of 10,000 organisations.
ASSESSMENTS_PER_ORGANISATION = [(1, 20), (2, 30), (3, 30), (4, 20)]

FLAGS = {
    CLESQuality.VALUES: "shows_values",
    CLESQuality.DELIVERY: "shows_delivery",
    CLESQuality.PARTNERSHIPS: "shows_partnerships",
    CLESQuality.OPERATIONS: "shows_operations",
}


def _share(rng: random.Random, organisations: list, share: float) -> list:
    if not organisations:
        return []
    return rng.sample(organisations, max(1, round(share * len(organisations))))


def _member_by(people: list[User], when: datetime.datetime, rng: random.Random) -> User | None:
    """Someone who had joined by ``when``; the first admin if nobody had."""
    joined = [person for person in people if person.date_joined <= when]
    if joined:
        return rng.choice(joined)
    return people[0] if people else None


def build(*, rng: random.Random, city: City) -> dict[str, int]:
    """Write the city's case studies and checklist results; the counts of what was made."""
    organisations, members, now = city.organisations, city.members, city.now
    places, staff = city.places, city.staff
    statuses = _case_studies(rng, organisations, members, places, staff, now)
    assessments = _assessments(rng, organisations, members, now)
    return {
        "case studies": sum(statuses.values()),
        "published": statuses[Status.APPROVED],
        "awaiting moderation": statuses[Status.SUBMITTED],
        "checklist results": len(assessments),
        "organisations with results": len({a.organisation_id for a in assessments}),
    }


# ---------------------------------------------------------------------------
# Case studies
# ---------------------------------------------------------------------------


def _story_text(rng: random.Random, story: data.Story, extra: list[str]) -> str:
    paragraphs = list(story.paragraphs)
    paragraphs += [rng.choice(data.QUALITY_PARAGRAPHS[quality]) for quality in extra[:1]]
    if len(paragraphs) < 4 and rng.random() < 0.5:
        paragraphs.append(rng.choice(data.CLOSINGS))
    return "\n\n".join(paragraphs)


def _case_studies(rng, organisations, members, places, staff, now) -> Counter:
    outcome_pks = dict(Outcome.objects.values_list("number", "pk"))
    rows: list[CaseStudy] = []
    events: list[list[tuple]] = []  # per row: (action, actor, at, note)
    outcomes: list[list[int]] = []
    for org in _share(rng, organisations, CASE_STUDY_SHARE):
        people = members.get(org.pk, [])
        # Organisations based elsewhere write about their work in Salford.
        place = places.get(org.pk, "Salford") if org.ward_id else "Salford"
        for story in rng.sample(data.STORIES, 2 if rng.random() < 0.2 else 1):
            status = (
                FIRST_STATUSES[len(rows)]
                if len(rows) < len(FIRST_STATUSES)
                else weighted(rng, STATUS_WEIGHTS)
            )
            others = [q for q in FLAGS if q != story.quality and rng.random() < 0.35]
            fill = {"organisation": org.name, "place": place}
            body = _story_text(rng, story, others).format(**fill)
            age = (now - org.created_at).days
            if status == Status.SUBMITTED:  # waiting in the queue: recent
                created = now - rng.randint(2, 21) * DAY - rng.randint(1, 20) * HOUR
            else:
                created = now - rng.randint(20, max(21, min(age - 1, 720))) * DAY
            author = _member_by(people, created, rng)
            case_study = CaseStudy(
                organisation=org,
                author=author,
                title=rng.choice(story.titles).format(**fill),
                summary=story.summary.format(**fill),
                story=body,
                story_html=render_markdown(body),  # bulk_create skips save()
                sector=org.sector,
                status=status,
                created_at=created,
                **{FLAGS[q]: True for q in [story.quality, *others]},
            )
            history = _moderation(rng, case_study, author, staff)
            rows.append(case_study)
            events.append(history)
            outcomes.append([outcome_pks[n] for n in story.outcomes if n in outcome_pks])
    CaseStudy.objects.bulk_create(rows)
    CaseStudyEvent.objects.bulk_create(
        CaseStudyEvent(case_study=row, action=action, actor=actor, at=at, note=note)
        for row, history in zip(rows, events, strict=True)
        for action, actor, at, note in history
    )
    Link = CaseStudy.outcomes.through
    Link.objects.bulk_create(
        Link(casestudy_id=row.pk, outcome_id=pk)
        for row, pks in zip(rows, outcomes, strict=True)
        for pk in pks
    )
    return Counter(row.status for row in rows)


def _moderation(rng, case_study: CaseStudy, author, staff) -> list[tuple]:
    """Set the dates and note the case study's status implies; its history, oldest first."""
    status = case_study.status
    plain_draft = status == Status.DRAFT and rng.random() < 0.5
    if plain_draft:
        return []
    submitted = case_study.created_at + rng.randint(1, 72) * HOUR
    decided = submitted + rng.randint(1, 7) * DAY + rng.randint(0, 8) * HOUR
    case_study.submitted_at = submitted
    history = [(Action.SUBMITTED, author, submitted, "")]
    if status == Status.APPROVED:
        case_study.published_at = decided
        history.append((Action.APPROVED, staff, decided, ""))
    elif status == Status.REJECTED:
        case_study.moderation_note = rng.choice(data.REJECTION_NOTES)
        history.append((Action.REJECTED, staff, decided, case_study.moderation_note))
    elif status == Status.DRAFT:  # sent back for changes
        case_study.moderation_note = rng.choice(data.CHANGES_REQUESTED_NOTES)
        history.append((Action.CHANGES_REQUESTED, staff, decided, case_study.moderation_note))
    return history


# ---------------------------------------------------------------------------
# Checklist results
# ---------------------------------------------------------------------------


def _choice(value: float) -> str:
    if value < 0.2:
        return AnswerChoice.NOT_YET
    if value < 0.45:
        return AnswerChoice.PLANNING
    if value < 0.72:
        return AnswerChoice.PARTLY
    return AnswerChoice.FULLY


def _timeline(rng, org: Organisation, count: int, now) -> list[tuple]:
    """(started_at, completed_at) about a quarter apart, oldest first, none before the
    organisation joined."""
    completed = now - rng.randint(2, 40) * DAY - rng.randint(0, 20) * HOUR
    times = []
    for _n in range(count):
        started = completed - rng.randint(0, 14) * DAY - rng.randint(10, 600) * HOUR / 60
        if started <= org.created_at:
            break
        times.append((started, completed))
        completed -= QUARTER + rng.randint(-12, 12) * DAY
    return times[::-1]


def _assessments(rng, organisations, members, now) -> list[Assessment]:
    checklist = Checklist.objects.current()
    if checklist is None:
        return []
    questions = list(
        Question.objects.filter(section__checklist=checklist)
        .select_related("section")
        .order_by("section__order", "section__pk", "order", "pk")
    )
    sections = list(Section.objects.filter(checklist=checklist))
    chosen = _share(rng, organisations, ASSESSED_SHARE)
    # The longest-standing one shows a history of three, however small the demo.
    showcase = min(chosen, key=lambda org: org.created_at, default=None)
    rows: list[Assessment] = []
    choices: list[list[str]] = []
    section_scores: list[dict[str, int | None]] = []
    for org in chosen:
        count = 3 if org is showcase else weighted(rng, ASSESSMENTS_PER_ORGANISATION)
        level = data.MATURITY[org.sector] + data.SIZE_MATURITY[org.size_band]
        level += rng.gauss(0, 0.12)
        # What the organisation is good at stays the same from one assessment to the next.
        strengths = [rng.gauss(0, 0.22) for _q in questions]
        not_relevant = {i for i in range(len(questions)) if rng.random() < 0.05}
        for started, completed in _timeline(rng, org, count, now):
            picked = [
                AnswerChoice.NOT_RELEVANT
                if i in not_relevant
                else _choice(level + strength + rng.gauss(0, 0.08))
                for i, strength in enumerate(strengths)
            ]
            items = [
                scoring.Item(q.pk, q.section.key, q.weight, choice)
                for q, choice in zip(questions, picked, strict=True)
            ]
            assessment = Assessment(
                organisation=org,
                checklist=checklist,
                started_by=_member_by(members.get(org.pk, []), started, rng),
                started_at=started,
                completed_at=completed,
                overall_score=scoring.overall_score(items),
            )
            rows.append(assessment)
            choices.append(picked)
            section_scores.append(scoring.section_scores(items))
            level += rng.uniform(0.03, 0.14)  # most improve between assessments
    Assessment.objects.bulk_create(rows)
    # auto_now stamped the time of this run: make it the time each was finished.
    Assessment.objects.filter(pk__in=[row.pk for row in rows]).update(updated_at=F("completed_at"))
    # A thousand assessments' answers at a time: bulk_create makes a list of what it is
    # given, and a city's answers (600,000) would all be in memory at once.
    for start in range(0, len(rows), ANSWER_CHUNK):
        Answer.objects.bulk_create(
            [
                Answer(assessment=row, question_id=q.pk, choice=choice)
                for row, picked in zip(
                    rows[start : start + ANSWER_CHUNK],
                    choices[start : start + ANSWER_CHUNK],
                    strict=True,
                )
                for q, choice in zip(questions, picked, strict=True)
            ],
            batch_size=5000,
        )
    SectionScore.objects.bulk_create(
        SectionScore(
            assessment=row,
            section=section,
            section_key=section.key,
            # As assessment_complete does: a section with no question is not scored.
            score=scores.get(section.key),
        )
        for row, scores in zip(rows, section_scores, strict=True)
        for section in sections
    )
    return rows
