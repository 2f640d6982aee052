"""pledges/permissions.py as a table: every rule, every role, each state of a pledge.

Organisation A's pledges are written by member_a, so member_a and admin_a own them; a
personal pledge is the resident's own.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from pledges import permissions
from pledges.models import Pledge

from ..rule_tables import (
    EVERYONE,
    NOBODY,
    SIGNED_IN,
    answers,
    as_request_user,
    cases,
    expected,
    functions_of,
)
from .factories import ending_soon, make_pledge

pytestmark = pytest.mark.django_db

OWNERS = frozenset({"member_a", "admin_a"})
STAFF = frozenset({"staff"})
RESIDENT = frozenset({"resident"})

# {rule: {what it is asked about: roles that get True}}. None: the rule takes only the user.
RULES = {
    "can_create_pledge": {None: SIGNED_IN},
    "can_pledge_for": {
        "no organisation (a personal pledge)": SIGNED_IN,
        "org_a": OWNERS,
        "org_b": {"member_b"},
        "org_a (suspended)": NOBODY,
    },
    "is_pledge_owner": {
        "draft": OWNERS,
        "approved": OWNERS,
        "approved, organisation suspended": OWNERS,
        "personal draft": RESIDENT,
        "personal approved": RESIDENT,
    },
    "can_view_pledge": {
        "draft": OWNERS | STAFF,
        "submitted": OWNERS | STAFF,
        "approved": EVERYONE,
        "approved, ending soon": EVERYONE,
        "revision of an approved pledge": OWNERS | STAFF,
        "rejected": OWNERS | STAFF,
        "withdrawn": OWNERS | STAFF,
        "lapsed": EVERYONE,
        "approved, organisation suspended": OWNERS | STAFF,
        "personal draft": RESIDENT | STAFF,
        "personal approved": EVERYONE,
    },
    # An approved pledge is edited through a revision; staff never write pledges.
    "can_edit_pledge": {
        "draft": OWNERS,
        "submitted": NOBODY,
        "approved": OWNERS,
        "revision of an approved pledge": OWNERS,
        "rejected": NOBODY,
        "withdrawn": NOBODY,
        "lapsed": NOBODY,
        "approved, organisation suspended": OWNERS,
        "personal draft": RESIDENT,
        "personal approved": RESIDENT,
    },
    "can_submit_pledge": {
        "draft": OWNERS,
        "submitted": NOBODY,
        "approved": NOBODY,
        "revision of an approved pledge": OWNERS,
        "rejected": NOBODY,
        "personal draft": RESIDENT,
    },
    "can_withdraw_pledge": {
        "draft": OWNERS,
        "submitted": OWNERS,
        "approved": OWNERS,
        "rejected": NOBODY,
        "withdrawn": NOBODY,
        "lapsed": NOBODY,
        "personal approved": RESIDENT,
    },
    # Renewal opens in the last month of a pledge's year, and stays open once it lapses.
    "can_renew_pledge": {
        "draft": NOBODY,
        "approved": NOBODY,
        "approved, ending soon": OWNERS,
        "withdrawn": NOBODY,
        "lapsed": OWNERS,
    },
    "can_post_progress": {
        "draft": NOBODY,
        "submitted": NOBODY,
        "approved": OWNERS,
        "lapsed": NOBODY,
        "personal approved": RESIDENT,
    },
    # Support comes from others, for an approved pledge only.
    "can_support": {
        "draft": NOBODY,
        "submitted": NOBODY,
        "approved": SIGNED_IN - OWNERS,
        "lapsed": NOBODY,
        "personal approved": SIGNED_IN - RESIDENT,
    },
    "can_report_concern": {
        "draft": NOBODY,
        "submitted": NOBODY,
        "approved": EVERYONE,
        "revision of an approved pledge": NOBODY,
        "withdrawn": NOBODY,
        "lapsed": EVERYONE,
        "personal approved": EVERYONE,
    },
    "can_moderate": {None: STAFF},
}

# It has its own tests below.
NOT_YES_OR_NO: set[str] = set()


@pytest.fixture
def target(users, org_a, org_b):
    """What a situation names: a pledge in some state, or an organisation."""

    def suspend(organisation):
        organisation.suspended_at = timezone.now()
        organisation.save(update_fields=["suspended_at"])
        return organisation

    def of_org_a(status, **kwargs):
        return make_pledge(status=status, organisation=org_a, pledger=users["member_a"], **kwargs)

    def personal(status):
        return make_pledge(status=status, pledger=users["resident"])

    def of_suspended_org_a(status):
        suspend(org_a)
        return of_org_a(status)

    build = {
        None: lambda: None,
        "no organisation (a personal pledge)": lambda: None,
        "org_a": lambda: org_a,
        "org_b": lambda: org_b,
        "org_a (suspended)": lambda: suspend(org_a),
        "draft": lambda: of_org_a(Pledge.Status.DRAFT),
        "submitted": lambda: of_org_a(Pledge.Status.SUBMITTED),
        "approved": lambda: of_org_a(Pledge.Status.APPROVED),
        "approved, ending soon": lambda: of_org_a(Pledge.Status.APPROVED, expires_at=ending_soon()),
        "revision of an approved pledge": lambda: of_org_a(
            Pledge.Status.DRAFT, revision_of=of_org_a(Pledge.Status.APPROVED)
        ),
        "rejected": lambda: of_org_a(Pledge.Status.REJECTED),
        "withdrawn": lambda: of_org_a(Pledge.Status.WITHDRAWN),
        "lapsed": lambda: of_org_a(Pledge.Status.LAPSED),
        "approved, organisation suspended": lambda: of_suspended_org_a(Pledge.Status.APPROVED),
        "personal draft": lambda: personal(Pledge.Status.DRAFT),
        "personal approved": lambda: personal(Pledge.Status.APPROVED),
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
