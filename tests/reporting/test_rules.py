"""reporting/permissions.py as a table: who may see the commissioners' dashboard."""

from __future__ import annotations

import pytest

from reporting import permissions

from ..rule_tables import answers, as_request_user, cases, expected, functions_of

pytestmark = pytest.mark.django_db

# {rule: {what it is asked about: roles that get True}}. None: the rule takes only the user.
RULES = {
    "can_view_dashboard": {None: {"staff", "commissioner"}},
}


@pytest.mark.parametrize(("situation", "role"), cases(RULES))
def test_rules(users, situation, role):
    user = as_request_user(users[role])
    assert answers(permissions, RULES, situation, user, None) == expected(RULES, situation, role)


def test_every_rule_is_in_the_table():
    assert functions_of(permissions) == set(RULES)
