"""Fixtures every test module can use: reference data, the roles and their clients."""

from __future__ import annotations

import socket

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from accounts.roles import COMMISSIONER_GROUP, STAFF_GROUP

from .accounts.factories import (
    OrganisationFactory,
    UserFactory,
    admin_of,
    member_of,
    reauthenticate,
)

# The roles every permission test and the browser sweep walk through, named once.
from .permission_matrix import ROLES as ROLES


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data, loaded once into the test database: each test rolls back to it."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _isolation(request):
    """Fresh cache (rate limits live there) and reference data for database tests."""
    cache.clear()
    names = set(request.fixturenames)
    if names & {"live_server", "transactional_db"}:
        request.getfixturevalue("transactional_db")
    elif request.node.get_closest_marker("django_db") or "db" in names:
        request.getfixturevalue("db")
    else:
        yield
        return
    if not connection.in_atomic_block:
        # A transactional test: the one before it (pytest-django runs them after the
        # others) may have emptied every table, reference data included.
        call_command("load_reference_data", verbosity=0)
    yield
    cache.clear()


@pytest.fixture
def org_a():
    return OrganisationFactory(name="Ordsall Community Café", slug="ordsall-community-cafe")


@pytest.fixture
def org_b():
    return OrganisationFactory(name="Eccles Tool Library", slug="eccles-tool-library")


def _in_group(user, name: str):
    user.groups.add(Group.objects.get(name=name))
    if name == STAFF_GROUP:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def users(org_a, org_b) -> dict:
    """One user for each role (None for anonymous)."""
    return {
        "anonymous": None,
        "resident": UserFactory(email="resident@example.org", display_name="Rosa"),
        "member_a": member_of(org_a, email="member.a@example.org", display_name="Mo"),
        "admin_a": admin_of(org_a, email="admin.a@example.org", display_name="Ada"),
        "member_b": member_of(org_b, email="member.b@example.org", display_name="Bea"),
        "staff": _in_group(UserFactory(email="staff@example.org", display_name="Sam"), STAFF_GROUP),
        "commissioner": _in_group(
            UserFactory(email="commissioner@example.org", display_name="Cat"), COMMISSIONER_GROUP
        ),
    }


@pytest.fixture
def client_for(users):
    """``client_for("admin_a")``: a test client signed in as that role (who has just
    given their password, so the admin does not ask for it again)."""

    def make(role: str) -> Client:
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
            reauthenticate(client, users[role])
        return client

    return make


# A port nothing listens on: Redis "down" for the tests of what happens then.
UNREACHABLE_REDIS_PORT = 6390
UNREACHABLE_REDIS = f"redis://127.0.0.1:{UNREACHABLE_REDIS_PORT}/0"


@pytest.fixture
def redis_down(settings):
    """The site's cache is the production backend (core.cache.ResilientRedisCache)
    pointed at a Redis that does not answer."""
    from core.cache import ResilientRedisCache

    with socket.socket() as probe:
        probe.settimeout(0.5)
        assert probe.connect_ex(("127.0.0.1", UNREACHABLE_REDIS_PORT)) != 0, (
            f"these tests need nothing listening on port {UNREACHABLE_REDIS_PORT}"
        )
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "KEY_PREFIX": "salford_sv",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    ResilientRedisCache._paused_until.clear()  # not paused by an earlier test
    yield
    ResilientRedisCache._paused_until.clear()
