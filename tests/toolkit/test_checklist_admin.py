"""Staff change the question bank in the Django admin: copy a version as a draft, edit
it, publish it. A published version is read-only there."""

from __future__ import annotations

import pytest

from toolkit.models import Checklist, Question, Section

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/toolkit/checklist/"


def run_action(client, action: str, *checklists: Checklist):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [str(c.pk) for c in checklists], "index": "0"},
    )


def test_staff_make_a_draft_edit_it_and_publish_it(client_for):
    client = client_for("staff")
    current = Checklist.objects.current()
    assert client.get(CHANGELIST).status_code == 200

    response = run_action(client, "make_draft", current)
    draft = Checklist.objects.get(version=2)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/toolkit/checklist/{draft.pk}/change/"
    assert not draft.is_published

    # The draft's sections and questions can be edited; the published ones cannot.
    section = Section.objects.get(checklist=draft, key="growing-city")
    page = client.get(f"/admin/toolkit/section/{section.pk}/change/").content.decode()
    assert 'name="_save"' in page
    published = Section.objects.get(checklist=current, key="growing-city")
    page = client.get(f"/admin/toolkit/section/{published.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    question = Question.objects.filter(section=published).first()
    response = client.post(
        f"/admin/toolkit/question/{question.pk}/change/",
        {"section": published.pk, "key": question.key, "text": "Changed?", "weight": 1},
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text != "Changed?"

    run_action(client, "publish", draft)
    assert Checklist.objects.current() == draft
    page = client.get(f"/admin/toolkit/checklist/{draft.pk}/change/").content.decode()
    assert 'name="_save"' not in page


def test_publishing_a_published_version_says_why_not(client_for):
    client = client_for("staff")
    current = Checklist.objects.current()
    response = run_action(client, "publish", current)
    assert response.status_code == 302
    page = client.get(CHANGELIST).content.decode()
    assert "already published" in page


def test_copying_two_versions_at_once_is_refused(client_for):
    client = client_for("staff")
    current = Checklist.objects.current()
    other = Checklist.objects.create(version=7)
    run_action(client, "make_draft", current, other)
    assert not Checklist.objects.filter(version=8).exists()


def test_people_who_are_not_staff_have_no_admin(client_for):
    for role in ("member_a", "commissioner"):
        response = client_for(role).get(CHANGELIST)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
