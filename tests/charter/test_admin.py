"""Staff make and publish a new version of the charter in the admin."""

from __future__ import annotations

import pytest
from django.core import mail

from charter.models import CharterVersion

from .factories import make_signature

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/charter/charterversion/"


def test_staff_copy_edit_and_publish_a_version(
    client_for, users, org_a, django_capture_on_commit_callbacks
):
    make_signature(org_a, signed_by=users["admin_a"])
    client = client_for("staff")
    first = CharterVersion.objects.get(number=1)
    # A published version is read-only.
    assert client.post(f"{CHANGELIST}{first.pk}/change/", {"vision": "x"}).status_code == 403
    response = client.post(CHANGELIST, {"action": "make_draft", "_selected_action": [first.pk]})
    draft = CharterVersion.objects.get(number=2)
    assert response["Location"] == f"{CHANGELIST}{draft.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published
    assert [m.to for m in mail.outbox] == [[users["admin_a"].email]]
    assert client.get(CHANGELIST).status_code == 200


def test_people_without_admin_access_cannot_publish(client_for):
    draft = CharterVersion.objects.create(number=2, vision="v", principles="p", embed="e")
    response = client_for("admin_a").post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_published
