"""api/permissions.py as a table: everyone reads the open data; alliance staff choose
its licence."""

from __future__ import annotations

import pytest

from api import permissions

from ..rule_tables import EVERYONE, answers, as_request_user, cases, expected, functions_of

pytestmark = pytest.mark.django_db

# {rule: {what it is asked about: roles that get True}}. None: the rule takes only the user.
RULES = {
    "can_read_open_data": {None: EVERYONE},
    "can_change_licence": {None: {"staff"}},
}


@pytest.mark.parametrize(("situation", "role"), cases(RULES))
def test_rules(users, situation, role):
    user = as_request_user(users[role])
    assert answers(permissions, RULES, situation, user, None) == expected(RULES, situation, role)


def test_every_rule_is_in_the_table():
    assert functions_of(permissions) == set(RULES)


def test_staff_change_the_licence_in_the_admin_and_no_one_else_does(client_for, users):
    from api.models import OpenDataLicence

    change = f"/admin/api/opendatalicence/{OpenDataLicence.objects.get().pk}/change/"
    assert client_for("staff").get(change).status_code == 200
    assert client_for("commissioner").get(change).status_code == 302  # to the admin's login
    response = client_for("staff").post(
        change,
        {
            "name": "Creative Commons Attribution 4.0",
            "identifier": "CC-BY-4.0",
            "url": "https://creativecommons.org/licenses/by/4.0/",
            "attribution": "Salford Social Value Alliance, CC BY 4.0.",
        },
    )
    assert response.status_code == 302
    assert OpenDataLicence.objects.get().identifier == "CC-BY-4.0"
    assert OpenDataLicence.objects.count() == 1
