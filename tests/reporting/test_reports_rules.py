"""reporting/reports/permissions.py as a table: every rule, every role, every report."""

from __future__ import annotations

import datetime

import pytest

from reporting.models import ProgressReport
from reporting.reports import permissions

from ..rule_tables import SIGNED_IN, answers, as_request_user, cases, expected, functions_of

pytestmark = pytest.mark.django_db

STAFF = frozenset({"staff"})
CITY = STAFF | {"commissioner"}

RULES = {
    "can_view_reports": {None: SIGNED_IN},
    "can_view_city_reports": {None: CITY},
    "can_view_report": {
        "city report": CITY,
        "org_a report": STAFF | {"member_a", "admin_a"},
        "org_b report": STAFF | {"member_b"},
    },
    "can_generate_reports": {None: STAFF},
}


@pytest.fixture
def target(org_a, org_b):
    start = datetime.date(2025, 4, 1)

    def report(organisation):
        return ProgressReport.objects.create(
            scope="organisation" if organisation else "city",
            organisation=organisation,
            kind="quarterly" if organisation else "monthly",
            period_start=start,
            period_end=datetime.date(2025, 6, 30) if organisation else datetime.date(2025, 4, 30),
        )

    build = {
        None: lambda: None,
        "city report": lambda: report(None),
        "org_a report": lambda: report(org_a),
        "org_b report": lambda: report(org_b),
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
    assert functions_of(permissions) == set(RULES)
