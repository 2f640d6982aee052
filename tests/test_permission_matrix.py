"""Every URL pattern, every role: the status each one gets (see tests/permission_matrix.py)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .permission_matrix import ADMIN_PREFIX, ROLES, Objects, builders, rows

MATRIX = rows()


def _patterns(patterns=None, prefix: str = "", namespace: str | None = None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


def test_every_url_pattern_has_a_row():
    """A new URL pattern must say, in its app's matrix module, which roles may use it."""
    covered = {row.name for row in MATRIX}
    missing = [
        f"{route} (name={name!r})"
        for route, name in _patterns()
        if not route.startswith(ADMIN_PREFIX) and name not in covered
    ]
    assert not missing, "URL patterns with no row in tests/<app>/matrix.py:\n" + "\n".join(missing)


def test_every_row_names_a_real_pattern_every_role_and_objects_that_are_built():
    names = {name for _, name in _patterns()}
    known = set(builders()) | {"org_a", "org_b"}
    for row in MATRIX:
        assert row.name in names, f"{row.name} is not a URL name any more"
        assert set(row.expect) == set(ROLES), f"{row.name} does not cover every role"
        assert row.needs() <= known, f"{row.name}: nothing builds {row.needs() - known}"
    twice = [name for name, n in Counter(row.name for row in MATRIX).items() if n > 1]
    assert not twice, f"rows for the same URL name in two places: {twice}"


@pytest.mark.django_db
def test_every_builder_builds(users, org_a, org_b):
    """The browser sweep builds them all at once: they must not trip over each other."""
    objects = Objects(users, org_a, org_b).build_all()
    assert set(objects) == set(builders()) | {"org_a", "org_b"}
    assert all(value is not None for value in objects.values())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.name)
def test_role_gets_expected_status(row, role, users, org_a, org_b, client_for):
    objects = Objects(users, org_a, org_b)
    client = client_for(role)
    url = row.url(objects)
    response = client.post(url, row.form_data(objects)) if row.method == "POST" else client.get(url)
    assert response.status_code == row.expect[role], (
        f"{role} {row.method} {url}: got {response.status_code}, expected {row.expect[role]}"
    )
    if response.status_code == 302 and role == "anonymous" and row.anonymous_to == "login":
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/")), (
            f"anonymous {url} should be sent to log in, went to {response['Location']}"
        )
