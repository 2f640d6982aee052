"""/home/: each role's home."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["resident", "member_a", "admin_a", "staff", "commissioner"])
def test_smoke(client_for, role):
    response = client_for(role).get("/home/")
    assert response.status_code == 200
