"""Create forms that create once: the one-time form token, spent in the create's own
transaction (``core.submissions``). Concurrent sends over HTTP are in
``tests/test_double_submits.py``."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from core import submissions
from core.errors import DomainError
from core.models import FormSubmission, OutboxEmail
from core.tasks import form_submissions_purge_task
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "k" * 32


def sent(data: dict, user=None):
    request = RequestFactory().post("/somewhere/", data)
    request.user = user or AnonymousUser()
    return request


class Maker:
    """A create service stand-in: counts its calls and makes an outbox row each time."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> OutboxEmail:
        self.calls += 1
        return OutboxEmail.objects.create(to=["ada@example.org"], subject="Hello", body="Hi")


def test_the_same_form_sent_twice_makes_one_record_and_both_get_it():
    make = Maker()
    data = {"form_token": TOKEN, "text": "Six more volunteers."}
    first = submissions.once(sent(data), make)
    second = submissions.once(sent(data), make)
    assert second == first
    assert make.calls == 1
    assert OutboxEmail.objects.count() == 1
    spent = FormSubmission.objects.get()
    assert (spent.token, spent.record_model, spent.record_id) == (
        TOKEN,
        "core.outboxemail",
        first.pk,
    )


def test_a_new_form_makes_a_new_record():
    make = Maker()
    first = submissions.once(sent({"form_token": "a" * 32, "text": "Same words"}), make)
    second = submissions.once(sent({"form_token": "b" * 32, "text": "Same words"}), make)
    assert first != second
    assert make.calls == 2


@pytest.mark.parametrize("token", [None, "", "short", "has spaces in it, twenty plus", "é" * 30])
def test_without_a_usable_token_every_send_creates(token):
    make = Maker()
    data = {"text": "No token"} if token is None else {"form_token": token, "text": "x"}
    submissions.once(sent(data), make)
    submissions.once(sent(data), make)
    assert make.calls == 2
    assert not FormSubmission.objects.exists()


def test_a_token_sent_again_with_other_data_is_refused_not_answered_with_the_first():
    """Back in the browser, a different address typed into the same invitation form: it
    must not be taken for the first one."""
    make = Maker()
    submissions.once(sent({"form_token": TOKEN, "email": "one@example.org"}), make)
    with pytest.raises(DomainError) as refused:
        submissions.once(sent({"form_token": TOKEN, "email": "two@example.org"}), make)
    assert refused.value.code == "form_already_sent"
    assert make.calls == 1


def test_a_token_spent_by_someone_else_is_refused():
    make = Maker()
    data = {"form_token": TOKEN, "text": "x"}
    submissions.once(sent(data, UserFactory()), make)
    with pytest.raises(DomainError):
        submissions.once(sent(data, UserFactory()), make)
    with pytest.raises(DomainError):
        submissions.once(sent(data), make)  # nor by a visitor
    assert make.calls == 1


def test_a_token_whose_record_has_gone_is_refused():
    make = Maker()
    data = {"form_token": TOKEN, "text": "x"}
    submissions.once(sent(data), make).delete()
    with pytest.raises(DomainError):
        submissions.once(sent(data), make)


def test_a_refused_create_leaves_the_token_unspent_to_try_again():
    data = {"form_token": TOKEN, "text": "x"}

    def refuse():
        OutboxEmail.objects.create(to=["ada@example.org"], subject="Half", body="done")
        raise DomainError("Not now.")

    with pytest.raises(DomainError):
        submissions.once(sent(data), refuse)
    assert not FormSubmission.objects.exists()
    assert not OutboxEmail.objects.exists()  # the create's own writes went with it

    make = Maker()
    submissions.once(sent(data), make)
    assert make.calls == 1


def test_the_fingerprint_is_keyed_and_leaves_passwords_out():
    one = submissions._fingerprint(sent({"email": "a@example.org", "password1": "one"}))
    two = submissions._fingerprint(sent({"email": "a@example.org", "password1": "two"}))
    other = submissions._fingerprint(sent({"email": "b@example.org", "password1": "one"}))
    assert one == two != other
    csrf = submissions._fingerprint(
        sent({"email": "a@example.org", "csrfmiddlewaretoken": "x", "form_token": TOKEN})
    )
    assert csrf == one


def test_the_template_tag_renders_a_fresh_hidden_token_each_time():
    template = Template("{% load submissions %}{% form_token %}")
    rendered = [template.render(Context()) for _ in range(2)]
    pattern = r'<input type="hidden" name="form_token" value="(.+)">'
    tokens = [re.fullmatch(pattern, html) for html in rendered]
    assert all(tokens)
    values = [match.group(1) for match in tokens]
    assert values[0] != values[1]
    assert all(submissions.TOKEN_RE.fullmatch(value) for value in values)


def test_spent_tokens_are_purged_after_a_week_and_the_task_is_idempotent():
    make = Maker()
    submissions.once(sent({"form_token": "o" * 32}), make)
    submissions.once(sent({"form_token": "n" * 32}), make)
    FormSubmission.objects.filter(token="o" * 32).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    assert form_submissions_purge_task.delay().get() == 1
    assert form_submissions_purge_task.delay().get() == 0
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["n" * 32]
