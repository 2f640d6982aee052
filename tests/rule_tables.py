"""Rules tested as rules: each app's ``permissions.py`` as a role x object table.

An app's ``tests/<app>/test_rules.py`` writes its table as
``RULES = {rule: {situation: roles that get True}}``, in the order of its
``permissions.py``. A situation names the object a rule is asked about (``"draft"``, a
draft pledge) or, as ``None``, no object at all; the app's ``target`` fixture builds it.
Each (situation, role) is one test case that asks every rule listing that situation,
so a failure shows the whole row of answers for that person and object.
"""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User

from .permission_matrix import ROLES

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
NOBODY: frozenset[str] = frozenset()

Table = dict[str, dict[str | None, frozenset[str] | set[str]]]


def situations(table: Table) -> list[str | None]:
    """Every situation the table names, in the order it first names them."""
    return list(dict.fromkeys(s for by_situation in table.values() for s in by_situation))


def cases(table: Table) -> list:
    """One case per (situation, role)."""
    return [
        pytest.param(situation, role, id=f"{situation or 'no object'}-{role}")
        for situation in situations(table)
        for role in ROLES
    ]


def expected(table: Table, situation: str | None, role: str) -> dict[str, bool]:
    return {
        rule: role in by_situation[situation]
        for rule, by_situation in table.items()
        if situation in by_situation
    }


def answers(module: ModuleType, table: Table, situation: str | None, user, target):
    """What each rule of the table says about ``user`` (and ``target``, if it takes one)."""
    answered = {}
    for rule, by_situation in table.items():
        if situation in by_situation:
            check = getattr(module, rule)
            takes_target = len(inspect.signature(check).parameters) > 1
            answered[rule] = check(user, target) if takes_target else check(user)
    return answered


def as_request_user(user: User | None):
    """The user as a request sees it: fresh from the database, or AnonymousUser."""
    return AnonymousUser() if user is None else User.objects.get(pk=user.pk)


def functions_of(module: ModuleType) -> set[str]:
    """The public functions ``module`` defines itself (not those it imports)."""
    return {
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }
