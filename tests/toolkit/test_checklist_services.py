"""The checklist's question bank, its services (start, save, finish, versions) and the
reads its results page compares (history across versions, peer medians)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Sector, SizeBand
from core.errors import DomainError
from toolkit import selectors, services
from toolkit.models import (
    Answer,
    Assessment,
    Checklist,
    Guide,
    Question,
    Section,
    SectionScore,
)
from toolkit.reference.checklist_loader import (
    ChecklistFileError,
    load_checklist,
    parse_checklist,
    starter_checklist,
)

from .checklist_factories import (
    answers_by_key,
    complete,
    make_checklist,
    make_completed,
    peer_organisations,
    questions_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist() -> Checklist:
    return Checklist.objects.current()


# ---------------------------------------------------------------------------
# The question bank (reference data)
# ---------------------------------------------------------------------------


def test_version_one_is_loaded_with_seven_sections(checklist):
    assert checklist.version == 1 and checklist.is_published
    sections = list(checklist.sections.order_by("order"))
    assert [s.title for s in sections] == [
        "A Growing City",
        "A Co-operative City",
        "An Innovative City",
        "A Caring City",
        "Putting Salford first",
        "Buying in Salford",
        "Setting the standard",
    ]
    assert [s.group for s in sections] == ["city_plan"] * 4 + ["commitment"] * 3
    for section in sections:
        questions = list(section.questions.all())
        assert 4 <= len(questions) <= 8, section.title
        for question in questions:
            assert 1 <= question.weight <= 3
            assert question.guidance_html.startswith("<p>")
    keys = [q.key for q in questions_of(checklist)]
    assert len(keys) == len(set(keys)), "question keys carry answers over: they must be unique"


def test_loading_again_changes_nothing(checklist):
    questions = Question.objects.count()
    assert load_checklist() == 0
    assert Checklist.objects.count() == 1
    assert Question.objects.count() == questions


def test_questions_are_linked_to_guides_loaded_later(checklist):
    """The guides may load after the checklist: the next load links what now exists."""
    question = Question.objects.get(section__checklist=checklist, key="living-wage")
    question.guides.clear()
    Guide.objects.filter(slug="setting-the-standard").delete()
    load_checklist()
    assert not question.guides.exists()

    guide = Guide.objects.create(
        slug="setting-the-standard",
        title="Setting the standard",
        summary="Fair work.",
        body="Pay the real Living Wage.",
        audience="providers",
        stage="all",
        kind="advice",
    )
    load_checklist()
    assert list(question.guides.all()) == [guide]


def test_loading_keeps_the_guides_staff_chose(checklist):
    question = Question.objects.get(section__checklist=checklist, key="living-wage")
    chosen = Guide.objects.create(
        slug="staff-choice", title="Staff choice", summary="s", body="b",
        audience="both", stage="all", kind="guidance",
    )  # fmt: skip
    question.guides.set([chosen])
    load_checklist()
    assert list(question.guides.all()) == [chosen]


def test_every_guide_slug_in_the_question_bank_is_a_shipped_guide():
    """A slug with no guide would never link: catch a typo or a renamed guide."""
    from toolkit.reference.guide_loader import starter_guides

    shipped = {g.slug for g in starter_guides()}
    if not shipped:
        pytest.skip("no starter guides shipped yet")
    sections = starter_checklist().sections
    wanted = {slug for s in sections for q in s.questions for slug in q.guides}
    assert wanted <= shipped, f"unknown guide slugs: {sorted(wanted - shipped)}"


def test_the_question_bank_is_read_from_its_data_file(checklist):
    source = starter_checklist()
    assert checklist.introduction == source.introduction
    question = Question.objects.get(section__checklist=checklist, key="living-wage")
    (shipped,) = (q for s in source.sections for q in s.questions if q.key == "living-wage")
    assert (question.text, question.guidance, question.weight) == (
        shipped.text,
        shipped.guidance,
        shipped.weight,
    )
    assert question.text.startswith("Do you pay all your staff at least the real Living Wage")
    assert "\\" not in question.text and "\n" not in question.text


def _checklist_file(question: dict, group: str = "city_plan") -> dict:
    """A parsed checklist file with one section holding ``question``."""
    section = {"key": "caring-city", "title": "A Caring City", "description": "Health."}
    return {
        "version": 1,
        "introduction": "Welcome.",
        "sections": [section | {"group": group, "questions": [question]}],
    }


QUESTION = {"key": "family-life", "text": "Do you?", "guidance": "Try.", "weight": 2}


def test_a_question_may_name_no_guides():
    (section,) = parse_checklist(_checklist_file(QUESTION)).sections
    assert section.questions[0].guides == ()


@pytest.mark.parametrize(
    ("question", "group", "message"),
    [
        (
            QUESTION | {"wieght": 3},
            "city_plan",
            "checklist-v1.toml, section 'caring-city', question 'family-life': has unknown wieght",
        ),
        (
            {k: v for k, v in QUESTION.items() if k != "guidance"},
            "city_plan",
            "question 'family-life': lacks guidance",
        ),
        (QUESTION, "city-plan", "section 'caring-city': group 'city-plan' is not a choice"),
    ],
)
def test_a_mistake_in_the_checklist_file_is_named(question, group, message):
    with pytest.raises(ChecklistFileError, match=re.escape(message)):
        parse_checklist(_checklist_file(question, group))


# ---------------------------------------------------------------------------
# Starting, saving, finishing
# ---------------------------------------------------------------------------


def test_start_opens_one_assessment_on_the_current_version(users, org_a, checklist):
    first = services.assessment_start(organisation=org_a, user=users["member_a"])
    again = services.assessment_start(organisation=org_a, user=users["admin_a"])
    assert first == again
    assert first.checklist == checklist
    assert first.started_by == users["member_a"]
    assert first.completed_at is None
    assert not first.answers.exists()


def test_only_one_open_assessment_per_organisation(users, org_a, checklist):
    services.assessment_start(organisation=org_a, user=users["member_a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(organisation=org_a, checklist=checklist)


def test_start_refuses_someone_outside_the_organisation(users, org_a):
    for role in ("member_b", "staff", "resident"):
        with pytest.raises(DomainError):
            services.assessment_start(organisation=org_a, user=users[role])
    assert not Assessment.objects.exists()


def test_start_refuses_a_suspended_organisation(users, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save()
    with pytest.raises(DomainError):
        services.assessment_start(organisation=org_a, user=users["member_a"])


def test_partial_save_and_come_back(users, org_a, checklist):
    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    first, second, third = questions_of(checklist)[:3]
    assert (
        services.assessment_save_answers(
            assessment=assessment, answers={first.pk: "partly", second.pk: "not_yet"}
        )
        == 2
    )
    # Later: change one answer, add another.
    services.assessment_save_answers(
        assessment=assessment, answers={second.pk: "planning", third.pk: "not_relevant"}
    )
    assert selectors.assessment_choices(assessment=assessment) == {
        first.pk: "partly",
        second.pk: "planning",
        third.pk: "not_relevant",
    }
    assert selectors.open_assessment(organisation=org_a) == assessment


@pytest.mark.parametrize("bad", ["unknown_choice", "other_checklist", "other_question_id"])
def test_save_refuses_bad_answers_and_saves_nothing(bad, users, org_a, checklist):
    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    good = questions_of(checklist)[0]
    answers = {good.pk: "fully"}
    if bad == "unknown_choice":
        answers[questions_of(checklist)[1].pk] = "sometimes"
    elif bad == "other_checklist":
        other = make_checklist(sections=1, questions=1, published=False)
        answers[questions_of(other)[0].pk] = "fully"
    else:
        answers[10**9] = "fully"
    with pytest.raises(DomainError):
        services.assessment_save_answers(assessment=assessment, answers=answers)
    assert not Answer.objects.exists()


def test_complete_refuses_unanswered_questions_and_lists_them(users, org_a, checklist):
    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    questions = questions_of(checklist)
    answers = answers_by_key(checklist)
    missing = [questions[0], questions[5], questions[-1]]
    for question in missing:
        del answers[question.pk]
    services.assessment_save_answers(assessment=assessment, answers=answers)
    with pytest.raises(services.UnansweredQuestions) as refusal:
        services.assessment_complete(assessment=assessment, user=users["member_a"])
    assert refusal.value.questions == missing
    assert "3" in refusal.value.message
    assessment.refresh_from_db()
    assert assessment.completed_at is None
    assert not SectionScore.objects.exists()


def test_complete_stores_section_and_overall_scores(users, org_a, checklist):
    # Growing City: every question Fully except "routes-into-work" (weight 3) Not yet
    # and "place-to-grow" (weight 1) not relevant. Weights there: 3, 2, 2, 2, 1, 1.
    #   relevant Σw = 3 + 2 + 2 + 2 + 1 = 10; Σ(w * v) = 2 + 2 + 2 + 1 = 7 -> 70
    # Caring City: every answer not relevant -> not scored.
    # Overall: all relevant weights minus Growing City's lost 3 and Caring City's.
    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    by_key = {"routes_into_work": "not_yet", "place_to_grow": "not_relevant"}
    caring = Section.objects.get(checklist=checklist, key="caring-city")
    by_key.update({q.key.replace("-", "_"): "not_relevant" for q in caring.questions.all()})
    services.assessment_save_answers(
        assessment=assessment, answers=answers_by_key(checklist, "fully", **by_key)
    )
    done = services.assessment_complete(assessment=assessment, user=users["member_a"])

    scores = dict(SectionScore.objects.filter(assessment=done).values_list("section_key", "score"))
    assert scores["growing-city"] == 70
    assert scores["caring-city"] is None
    assert all(scores[key] == 100 for key in scores if key not in ("growing-city", "caring-city"))
    assert len(scores) == 7
    relevant = sum(
        q.weight
        for q in questions_of(checklist)
        if q.section.key != "caring-city" and q.key != "place-to-grow"
    )
    expected = round(100 * (relevant - 3) / relevant)
    assert done.overall_score == expected
    assert done.completed_at is not None
    with pytest.raises(DomainError):
        services.assessment_complete(assessment=done, user=users["member_a"])
    with pytest.raises(DomainError):
        services.assessment_save_answers(
            assessment=done, answers={questions_of(checklist)[0].pk: "not_yet"}
        )


def test_complete_refuses_someone_outside_the_organisation(users, org_a, checklist):
    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    services.assessment_save_answers(assessment=assessment, answers=answers_by_key(checklist))
    with pytest.raises(DomainError):
        services.assessment_complete(assessment=assessment, user=users["member_b"])


def test_taking_it_again_starts_from_the_latest_answers(users, org_a, checklist):
    complete(org_a, users["member_a"], "not_yet")
    latest = complete(org_a, users["member_a"], "partly", living_wage="fully")
    again = services.assessment_start(organisation=org_a, user=users["admin_a"])
    assert again != latest
    choices = selectors.assessment_choices(assessment=again)
    by_key = {q.key: choices[q.pk] for q in questions_of(checklist)}
    assert by_key["living-wage"] == "fully"
    assert {c for k, c in by_key.items() if k != "living-wage"} == {"partly"}


def test_prefill_does_not_touch_other_organisations(users, org_a, org_b, checklist):
    complete(org_a, users["member_a"], "fully")
    other = services.assessment_start(organisation=org_b, user=users["member_b"])
    assert not other.answers.exists()


# ---------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------


def test_copy_as_draft_keeps_keys_weights_and_guides(checklist):
    guide = Guide.objects.create(
        slug="copy-test", title="Copy test", summary="s", body="b",
        audience="both", stage="all", kind="guidance",
    )  # fmt: skip
    Question.objects.get(section__checklist=checklist, key="buy-local-first").guides.add(guide)
    draft = services.checklist_copy_as_draft(checklist=checklist)
    assert draft.version == 2 and not draft.is_published
    assert Checklist.objects.current() == checklist

    def shape(c):
        return [
            (q.section.key, q.section.title, q.key, q.text, q.weight, q.guidance_html,
             sorted(g.slug for g in q.guides.all()))
            for q in questions_of(c)
        ]  # fmt: skip

    assert shape(draft) == shape(checklist)
    assert "copy-test" in [
        g.slug
        for g in Question.objects.get(section__checklist=draft, key="buy-local-first").guides.all()
    ]
    with pytest.raises(DomainError):
        services.checklist_copy_as_draft(checklist=checklist)


def test_publish_makes_the_draft_current_and_keeps_completed_versions(users, org_a, checklist):
    done = complete(org_a, users["member_a"])
    draft = services.checklist_copy_as_draft(checklist=checklist)
    services.checklist_publish(checklist=draft)
    assert Checklist.objects.current() == draft
    done.refresh_from_db()
    assert done.checklist == checklist
    with pytest.raises(DomainError):
        services.checklist_publish(checklist=draft)


def test_publish_refuses_an_empty_section_or_a_repeated_key(checklist):
    draft = services.checklist_copy_as_draft(checklist=checklist)
    empty = Section.objects.create(checklist=draft, key="empty", title="Empty", group="city_plan")
    with pytest.raises(DomainError, match="Empty"):
        services.checklist_publish(checklist=draft)
    empty.delete()
    question = Question.objects.filter(section__checklist=draft).first()
    Question.objects.create(section=question.section, key=question.key, text="Again?")
    with pytest.raises(DomainError, match=question.key):
        services.checklist_publish(checklist=draft)
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_new_version_prefills_by_question_key(users, org_a, checklist):
    complete(org_a, users["member_a"], "partly")
    draft = services.checklist_copy_as_draft(checklist=checklist)
    section = Section.objects.get(checklist=draft, key="setting-the-standard")
    Question.objects.create(section=section, key="brand-new", text="A new question?", order=99)
    services.checklist_publish(checklist=draft)

    again = services.assessment_start(organisation=org_a, user=users["member_a"])
    assert again.checklist == draft
    choices = selectors.assessment_choices(assessment=again)
    questions = questions_of(draft)
    assert {q.key for q in questions if q.pk not in choices} == {"brand-new"}
    assert set(choices.values()) == {"partly"}


def test_history_across_versions_compares_shared_sections_only(users, org_a, checklist):
    first = complete(org_a, users["member_a"], "partly")  # every section 67
    draft = services.checklist_copy_as_draft(checklist=checklist)
    Section.objects.filter(checklist=draft, key="innovative-city").delete()
    added = Section.objects.create(
        checklist=draft, key="digital-city", title="A Digital City", group="city_plan", order=9
    )
    Question.objects.create(section=added, key="digital-skills", text="Digital skills?")
    services.checklist_publish(checklist=draft)
    second = complete(org_a, users["member_a"], "fully")

    results = selectors.assessment_results(assessment=second)
    history = selectors.assessment_history(assessment=second, sections=results.sections)
    assert history.versions_differ
    assert history.versions == [1, 2]
    assert history.columns == [first, second]
    assert history.not_compared == ["An Innovative City"]
    rows = {row.title: row.cells for row in history.rows}
    assert "An Innovative City" not in rows
    assert [(c.score, c.asked, c.change) for c in rows["A Growing City"]] == [
        (67, True, None),
        (100, True, 33),
    ]
    assert [(c.score, c.asked, c.change) for c in rows["A Digital City"]] == [
        (None, False, None),
        (100, True, None),
    ]
    assert [c.change for c in history.overall.cells] == [None, 100 - first.overall_score]


def test_history_lists_every_earlier_assessment_oldest_first(users, org_a, checklist):
    now = timezone.now()
    old = [
        make_completed(
            org_a,
            overall=score,
            sections={"growing-city": score},
            completed_at=now - datetime.timedelta(days=90 * (4 - i)),
        )
        for i, score in enumerate([20, 35, 30])
    ]
    latest = complete(org_a, users["member_a"], "fully")
    results = selectors.assessment_results(assessment=latest)
    history = selectors.assessment_history(assessment=latest, sections=results.sections)
    assert history.columns == [*old, latest]
    assert not history.versions_differ
    growing = next(row for row in history.rows if row.title == "A Growing City")
    assert [c.change_display for c in growing.cells] == ["", "+15", "\u22125", "+70"]
    caring = next(row for row in history.rows if row.title == "A Caring City")
    # Earlier assessments with no stored score for a section of the same version.
    assert [c.asked for c in caring.cells] == [False, False, False, True]
    # Looking at an older result shows only what came before it.
    middle = selectors.assessment_history(assessment=old[1], sections=results.sections)
    assert middle.columns == old[:2]


# ---------------------------------------------------------------------------
# Peers: medians only with five or more organisations like this one
# ---------------------------------------------------------------------------


def _group(assessment, label_start: str):
    return next(
        g for g in selectors.peer_groups(assessment=assessment) if g.label.startswith(label_start)
    )


def test_no_peer_median_with_four_peers(org_a, checklist):
    mine = make_completed(org_a, overall=50, sections={"growing-city": 50})
    for organisation, score in zip(peer_organisations(4), [10, 20, 30, 40], strict=True):
        make_completed(organisation, overall=score, sections={"growing-city": score})
    sector = _group(mine, "Same sector")
    assert sector.count == 4 and not sector.enough
    assert sector.overall is None and sector.sections == {}


def test_peer_median_with_five_peers_odd_count(org_a, checklist):
    mine = make_completed(org_a, overall=50, sections={"growing-city": 50})
    for organisation, score in zip(peer_organisations(5), [10, 80, 30, 40, 20], strict=True):
        make_completed(organisation, overall=score, sections={"growing-city": score + 1})
    sector = _group(mine, "Same sector")
    assert sector.enough and sector.count == 5
    assert sector.overall == 30  # 10 20 [30] 40 80
    assert sector.sections["growing-city"] == 31
    # They are all large and org A is small: the size group has nobody.
    assert _group(mine, "Same size").count == 0


def test_peer_median_with_six_peers_even_count(org_a, checklist):
    mine = make_completed(org_a, overall=50)
    for organisation, score in zip(peer_organisations(6), [10, 80, 30, 45, 20, 90], strict=True):
        make_completed(organisation, overall=score)
    assert _group(mine, "Same sector").overall == 37.5  # 10 20 [30 45] 80 90 -> 37.5


def test_peers_count_each_organisations_latest_on_the_same_version(org_a, checklist):
    mine = make_completed(org_a, overall=50)
    now = timezone.now()
    peers = peer_organisations(5, sector=Sector.CHARITY, size_band=SizeBand.SMALL)
    for organisation in peers:
        # An older, lower result each: only the latest counts, once.
        make_completed(organisation, overall=0, completed_at=now - datetime.timedelta(days=200))
        make_completed(organisation, overall=60)
    # A sixth organisation only finished another version: not a peer.
    other_version = make_checklist(sections=1, questions=1)
    make_completed(peer_organisations(1, sector=Sector.CHARITY, size_band=SizeBand.SMALL)[0],
                   overall=0, checklist=other_version)  # fmt: skip
    # Org A's own earlier result never counts as a peer.
    make_completed(org_a, overall=0, completed_at=now - datetime.timedelta(days=100))
    size = _group(mine, "Same size")
    assert size.count == 5 and size.overall == 60
    assert _group(mine, "Same sector").count == 0


def test_section_median_needs_five_scores(org_a, checklist):
    mine = make_completed(org_a, overall=50, sections={"caring-city": 50, "growing-city": 50})
    for i, organisation in enumerate(peer_organisations(5)):
        # Two of the five found the Caring City questions not relevant: not scored.
        make_completed(
            organisation,
            overall=50,
            sections={"caring-city": None if i < 2 else 70, "growing-city": 40},
        )
    sector = _group(mine, "Same sector")
    assert sector.enough
    assert sector.sections["growing-city"] == 40
    assert sector.sections["caring-city"] is None


def test_median_or_none():
    assert selectors.median_or_none([5, 1, 3, 4]) is None
    assert selectors.median_or_none([5, 1, 3, 4, 2]) == 3
    assert selectors.median_or_none([5, 1, 3, 4, 2, 6]) == 3.5
