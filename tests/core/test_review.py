"""The review workflow, written once: every kind of reviewed thing gets the same checks,
the same history and the same mail. Each test runs against every workflow that uses it,
so a kind that drifts from the others fails here."""

from __future__ import annotations

import pytest
from django.core import mail

from core.errors import DomainError
from core.forms import DecisionForm
from core.review import Decision
from pledges.models import Pledge
from pledges.services.moderation import PLEDGE_REVIEW
from tests.accounts.factories import admin_of
from tests.pledges.factories import make_pledge
from tests.toolkit.case_study_factories import make_case_study
from toolkit.models import CaseStudy
from toolkit.services.case_studies import CASE_STUDY_REVIEW

pytestmark = pytest.mark.django_db


def submitted_pledge(org_a, users):
    return make_pledge(
        status=Pledge.Status.SUBMITTED, organisation=org_a, pledger=users["member_a"]
    )


def submitted_case_study(org_a, users):
    return make_case_study(
        organisation=org_a, author=users["member_a"], status=CaseStudy.Status.SUBMITTED
    )


WORKFLOWS = [
    pytest.param(PLEDGE_REVIEW, submitted_pledge, id="pledge"),
    pytest.param(CASE_STUDY_REVIEW, submitted_case_study, id="case-study"),
]


@pytest.mark.parametrize(("workflow", "make"), WORKFLOWS)
@pytest.mark.parametrize("role", ["member_a", "admin_a", "resident", "commissioner"])
def test_only_staff_decide(workflow, make, role, org_a, users):
    item = make(org_a, users)

    with pytest.raises(DomainError) as refused:
        workflow.decide(item, actor=users[role], decision=Decision.APPROVE)

    assert refused.value.code == "forbidden"
    item.refresh_from_db()
    assert item.status == "submitted"
    assert not workflow.history(item).exists()


@pytest.mark.parametrize(("workflow", "make"), WORKFLOWS)
@pytest.mark.parametrize("decision", [Decision.REJECT, Decision.CHANGES])
def test_a_refusal_needs_a_note_and_changes_nothing(workflow, make, decision, org_a, users):
    item = make(org_a, users)

    with pytest.raises(DomainError):
        workflow.decide(item, actor=users["staff"], decision=decision, note="  ")

    item.refresh_from_db()
    assert item.status == "submitted"
    assert not workflow.history(item).exists()


@pytest.mark.parametrize(("workflow", "make"), WORKFLOWS)
def test_a_decision_is_recorded_with_who_and_why_and_cannot_be_made_twice(
    workflow, make, org_a, users
):
    item = make(org_a, users)

    workflow.decide(item, actor=users["staff"], decision=Decision.CHANGES, note=" Add a date. ")

    (event,) = workflow.history(item)
    assert (event.action, event.actor, event.note) == (
        "changes_requested",
        users["staff"],
        "Add a date.",
    )
    with pytest.raises(DomainError) as again:
        workflow.decide(item, actor=users["staff"], decision=Decision.APPROVE)
    assert again.value.code == "not_submitted"


@pytest.mark.parametrize(("workflow", "make"), WORKFLOWS)
def test_the_mail_goes_to_active_accounts_only(
    workflow, make, org_a, users, django_capture_on_commit_callbacks
):
    """The drift the shared workflow ended: one copy mailed people who had left."""
    gone = admin_of(org_a, email="gone@example.org")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    item = make(org_a, users)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.decide(item, actor=users["staff"], decision=Decision.REJECT, note="Not yet.")

    (message,) = mail.outbox
    assert sorted(message.to) == ["admin.a@example.org", "member.a@example.org"]
    assert "Not yet." in message.body


@pytest.mark.parametrize(("workflow", "make"), WORKFLOWS)
def test_the_decision_form_offers_the_workflows_decisions_and_asks_for_a_note(
    workflow, make, org_a, users
):
    form = DecisionForm({"decision": Decision.REJECT, "note": ""}, workflow=workflow)

    assert [value for value, _label in form.fields["decision"].choices] == list(workflow.decisions)
    assert not form.is_valid()
    assert "note" in form.errors
    assert form.error_summary()[0][0] == "id_note"
