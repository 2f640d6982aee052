"""The charter's text as reference data, and new versions: drafted, published, the
signatories told once each, earlier versions still readable."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from charter import services
from charter.models import CharterVersion, Signature, SignatureEvent
from charter.reference import first_version
from core.errors import DomainError

from ..accounts.factories import OrganisationFactory, admin_of
from .factories import current_version, make_signature

pytestmark = pytest.mark.django_db


def test_version_one_is_loaded_from_the_reference_file_once():
    version = CharterVersion.objects.get(number=1)
    assert version.is_published
    assert len(version.principle_list) == 5
    assert len(version.commissioner_list) == 4
    assert len(version.provider_list) == 2
    assert version.principle_list[0] == first_version()["principles"][0]
    for area in ("embed", "deliver", "demonstrate"):
        assert version.expectation(area)
    version.vision = "Edited by staff."
    version.save(update_fields=["vision"])
    call_command("load_reference_data", verbosity=0)
    assert CharterVersion.objects.count() == 1
    assert CharterVersion.objects.get(number=1).vision == "Edited by staff."


def test_staff_may_edit_versions_in_the_admin():
    from django.contrib.auth.models import Group

    from accounts.roles import STAFF_GROUP

    codenames = set(
        Group.objects.get(name=STAFF_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"change_charterversion", "view_signature"} <= codenames


def publish_new() -> CharterVersion:
    draft = services.charter_version_copy_as_draft(version=current_version())
    services.charter_version_publish(version=draft)
    return draft


def test_a_new_version_starts_as_a_draft_copy():
    draft = services.charter_version_copy_as_draft(version=current_version())
    assert (draft.number, draft.is_published) == (2, False)
    assert draft.principles == current_version().principles
    assert CharterVersion.objects.current().number == 1
    with pytest.raises(DomainError) as refused:
        services.charter_version_copy_as_draft(version=current_version())
    assert refused.value.code == "draft_exists"


def test_publishing_tells_each_signatory_once_and_invites_them_to_resign(
    users, org_a, org_b, django_capture_on_commit_callbacks
):
    listed = make_signature(org_a, signed_by=users["admin_a"])
    second_admin = admin_of(org_a, email="second.admin@example.org")
    other = make_signature(org_b)
    admin_b = admin_of(org_b, email="admin.b@example.org")
    make_signature(OrganisationFactory(), status=Signature.Status.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.charter_version_copy_as_draft(version=current_version())
        assert services.charter_version_publish(version=draft, actor=users["staff"]) == 2
    assert CharterVersion.objects.current() == draft
    assert sorted(sorted(m.to) for m in mail.outbox) == sorted(
        [sorted([users["admin_a"].email, second_admin.email]), [admin_b.email]]
    )
    assert all("Version 2" in m.subject for m in mail.outbox)
    assert SignatureEvent.objects.filter(action="invited").count() == 2
    # Until they re-sign, they are listed against the version they signed.
    assert set(Signature.objects.listed()) == {listed, other}
    assert {s.version.number for s in Signature.objects.listed()} == {1}
    with pytest.raises(DomainError) as refused:
        services.charter_version_publish(version=draft)
    assert refused.value.code == "already_published"
    assert len(mail.outbox) == 2


def test_an_earlier_version_stays_readable_and_a_draft_is_for_staff(client_for):
    draft = services.charter_version_copy_as_draft(version=current_version())
    assert client_for("anonymous").get("/charter/versions/2/").status_code == 404
    staff_page = client_for("staff").get("/charter/versions/2/")
    assert staff_page.status_code == 200
    assert "This is a draft" in staff_page.content.decode()
    services.charter_version_publish(version=draft)
    earlier = client_for("anonymous").get("/charter/versions/1/")
    assert earlier.status_code == 200
    assert "This is an earlier version" in earlier.content.decode()
    assert client_for("anonymous").get("/charter/").context["version"] == draft


def test_an_incomplete_draft_is_not_published():
    draft = services.charter_version_copy_as_draft(version=current_version())
    draft.provider_commitments = ""
    draft.save()
    with pytest.raises(DomainError) as refused:
        services.charter_version_publish(version=draft)
    assert refused.value.code == "incomplete"
    assert "provider_commitments" in refused.value.message
