"""toolkit/permissions.py as a table: every rule, every role, guides, case studies, results.

Organisation A's case studies are written by member_a; its self-assessment was taken by
admin_a.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from toolkit import permissions
from toolkit.models import CaseStudy

from ..rule_tables import (
    EVERYONE,
    NOBODY,
    answers,
    as_request_user,
    cases,
    expected,
    functions_of,
)
from .case_study_factories import make_case_study
from .checklist_factories import make_completed
from .guide_factories import GuideFactory

pytestmark = pytest.mark.django_db

ORG_A_PEOPLE = frozenset({"member_a", "admin_a"})
ORGANISATION_PEOPLE = ORG_A_PEOPLE | {"member_b"}
STAFF = frozenset({"staff"})

# {rule: {what it is asked about: roles that get True}}. None: the rule takes only the
# user; "org_a (suspended)" with such a rule asks about the user once org_a is suspended.
RULES = {
    "can_act_for": {"org_a": ORG_A_PEOPLE, "org_b": {"member_b"}, "org_a (suspended)": NOBODY},
    "can_view_guide": {"published guide": EVERYONE, "draft guide": STAFF},
    # Case studies come from organisations: people in none are told how to join one.
    "can_submit_case_study": {None: ORGANISATION_PEOPLE, "org_a (suspended)": {"member_b"}},
    "can_view_case_study": {
        "draft case study": ORG_A_PEOPLE | STAFF,
        "submitted case study": ORG_A_PEOPLE | STAFF,
        "published case study": EVERYONE,
        "rejected case study": ORG_A_PEOPLE | STAFF,
        "published case study, organisation suspended": ORG_A_PEOPLE | STAFF,
    },
    # Staff review case studies; they never write them.
    "can_edit_case_study": {
        "draft case study": ORG_A_PEOPLE,
        "submitted case study": NOBODY,
        "published case study": NOBODY,
        "rejected case study": ORG_A_PEOPLE,
        "draft case study, organisation suspended": NOBODY,
    },
    "can_moderate": {None: STAFF},
    "can_take_checklist": {
        "org_a": ORG_A_PEOPLE,
        "org_b": {"member_b"},
        "org_a (suspended)": NOBODY,
    },
    # An organisation's results are its own (and staff's), suspended or not.
    "can_view_results": {
        "org_a's assessment": ORG_A_PEOPLE | STAFF,
        "org_b's assessment": {"member_b", "staff"},
        "org_a's assessment, organisation suspended": ORG_A_PEOPLE | STAFF,
    },
}

# It has its own tests below.
NOT_YES_OR_NO: set[str] = set()


@pytest.fixture
def target(users, org_a, org_b):
    """What a situation names: an organisation, a guide, a case study or an assessment."""

    def suspended(organisation):
        organisation.suspended_at = timezone.now()
        organisation.save(update_fields=["suspended_at"])
        return organisation

    def case_study(status, organisation=org_a):
        return make_case_study(organisation=organisation, author=users["member_a"], status=status)

    build = {
        None: lambda: None,
        "org_a": lambda: org_a,
        "org_b": lambda: org_b,
        "org_a (suspended)": lambda: suspended(org_a),
        "published guide": lambda: GuideFactory(published=True),
        "draft guide": lambda: GuideFactory(published=False),
        "draft case study": lambda: case_study(CaseStudy.Status.DRAFT),
        "submitted case study": lambda: case_study(CaseStudy.Status.SUBMITTED),
        "published case study": lambda: case_study(CaseStudy.Status.APPROVED),
        "rejected case study": lambda: case_study(CaseStudy.Status.REJECTED),
        "published case study, organisation suspended": lambda: case_study(
            CaseStudy.Status.APPROVED, suspended(org_a)
        ),
        "draft case study, organisation suspended": lambda: case_study(
            CaseStudy.Status.DRAFT, suspended(org_a)
        ),
        "org_a's assessment": lambda: make_completed(org_a, overall=40),
        "org_b's assessment": lambda: make_completed(org_b, overall=40),
        "org_a's assessment, organisation suspended": lambda: make_completed(
            suspended(org_a), overall=40
        ),
    }
    return lambda situation: build[situation]()


@pytest.mark.parametrize(("situation", "role"), cases(RULES))
def test_rules(users, target, situation, role):
    asked_about = target(situation)
    user = as_request_user(users[role])
    assert answers(permissions, RULES, situation, user, asked_about) == expected(
        RULES, situation, role
    )


def test_every_rule_is_in_the_table():
    assert functions_of(permissions) == set(RULES) | NOT_YES_OR_NO
