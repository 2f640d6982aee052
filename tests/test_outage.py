"""The main journeys with Redis unreachable: the cache and the Celery broker both point
at a port nothing listens on, and Celery publishes for real (not eagerly).

Nothing answers 500. Pages and writes work without the cache; what a request would
have mailed waits in the outbox for the broker; the actions that are rate-limited
(logging in, signing up, reporting a concern) are refused with "try again shortly"
rather than run unlimited. Transactional, so on-commit work (cache bumps, handing mail
to the broker) runs inside the requests, as in production.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from core.models import OutboxEmail
from measures.models import Outcome
from pledges.models import ConcernReport, Pledge, ProgressUpdate, Support
from salford_sv.celery import app as celery_app

from .accounts.factories import PASSWORD
from .conftest import UNREACHABLE_REDIS
from .pledges.factories import make_pledge

pytestmark = pytest.mark.django_db(transaction=True)


def _forget_broker_connections() -> None:
    # Celery keeps its connection pools once made; a new broker URL needs new ones.
    celery_app._pool = None
    celery_app.__dict__.get("amqp") and setattr(celery_app.amqp, "_producer_pool", None)


@pytest.fixture
def redis_unreachable(redis_down):
    """The cache, and the broker Celery really publishes to, both down."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url, conf.broker_transport_options
    conf.task_always_eager = False
    conf.broker_url = UNREACHABLE_REDIS
    conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    _forget_broker_connections()
    yield
    conf.task_always_eager, conf.broker_url, conf.broker_transport_options = saved
    _forget_broker_connections()


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def new_pledge_data(organisation) -> dict:
    return {
        "pledged_by": str(organisation.pk),
        "title": "Buying local and paying fairly",
        "statement": "",
        "commitments-TOTAL_FORMS": "1",
        "commitments-INITIAL_FORMS": "0",
        "commitments-MIN_NUM_FORMS": "1",
        "commitments-MAX_NUM_FORMS": "10",
        "commitments-0-text": "Spend a tenth more with Salford suppliers",
        "commitments-0-outcomes": str(Outcome.objects.get(number=1).pk),
        "commitments-0-target_value": "10",
        "commitments-0-target_unit": "%",
        "commitments-0-due_date": (timezone.localdate() + datetime.timedelta(days=200)).isoformat(),
        "commitments-0-source": "",
    }


def assert_status(response, expected: int) -> None:
    assert response.status_code == expected, (
        f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}: "
        f"{response.status_code}\n{response.content.decode()[:2000]}"
    )


def test_the_main_journeys_work_with_redis_unreachable(redis_unreachable, users, org_a):
    visitor = Client(raise_request_exception=False)
    already = make_pledge(status=Pledge.Status.APPROVED, pledger=users["resident"])

    # --- Reading: every page a visitor starts from -----------------------------------
    for path in ["/", "/pledges/", already.get_absolute_url(), "/toolkit/"]:
        assert_status(visitor.get(path), 200)
    # The status page says what is down (and answers 503, as /readyz does).
    status = visitor.get("/status/")
    assert_status(status, 503)
    assert "email is sent once this is back: nothing is lost" in status.content.decode()
    assert "Paused for a moment: we cannot check them safely" in status.content.decode()
    assert_status(visitor.get("/accounts/login/"), 200)
    assert_status(visitor.get("/accounts/signup/"), 200)

    # --- Rate-limited actions wait, politely -----------------------------------------
    response = visitor.post(
        "/accounts/login/", {"login": users["member_a"].email, "password": PASSWORD}
    )
    assert_status(response, 503)
    assert "Please try again shortly" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert "_auth_user_id" not in visitor.session

    response = visitor.post(
        "/accounts/signup/",
        {
            "email": "nia.new@example.org",
            "display_name": "Nia",
            "password1": "Kersal-moor-walk-77",
            "password2": "Kersal-moor-walk-77",
            "joining_as": "resident",
        },
    )
    assert_status(response, 503)
    assert not User.objects.filter(email="nia.new@example.org").exists()

    response = visitor.post(
        f"{already.get_absolute_url()}concern/",
        {"text": "This looks like an advert.", "email": "worried@example.org"},
    )
    assert_status(response, 503)
    html = response.content.decode()
    assert "We cannot take reports for a moment. Please try again shortly." in html
    assert "This looks like an advert." in html  # kept, to send again
    assert not ConcernReport.objects.exists()

    # --- An organisation makes and submits a pledge ----------------------------------
    admin = signed_in(users["admin_a"])
    assert_status(admin.get("/pledges/new/"), 200)
    response = admin.post("/pledges/new/", new_pledge_data(org_a))
    assert_status(response, 302)
    pledge = Pledge.objects.get(organisation=org_a)
    assert_status(admin.post(f"/pledges/{pledge.pk}/submit/"), 302)

    # --- Staff approve it: the pledger's mail waits in the outbox --------------------
    staff = signed_in(users["staff"])
    assert_status(staff.get("/moderation/"), 200)
    response = staff.post(f"/moderation/pledges/{pledge.pk}/", {"decision": "approve"})
    assert_status(response, 302)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.APPROVED
    waiting = OutboxEmail.objects.filter(to=[users["admin_a"].email])
    assert [email.status for email in waiting] == [OutboxEmail.Status.PENDING]
    assert mail.outbox == []  # nothing reached a worker: the broker is down

    # The home page's totals see it at once: with no cache they are counted afresh.
    home = visitor.get("/").content.decode()
    assert 'data-testid="total-pledges">2<' in home

    # --- Progress, support, and the pledge page with both ----------------------------
    commitment = pledge.commitments.get()
    response = admin.post(
        f"/pledges/{pledge.pk}/commitments/{commitment.pk}/progress/",
        {"text": "Three new local suppliers.", "figure": "4"},
    )
    assert_status(response, 302)
    assert ProgressUpdate.objects.filter(commitment=commitment).count() == 1

    resident = signed_in(users["resident"])
    response = resident.post(f"/pledges/{pledge.pk}/support/", {"support": "support"})
    assert_status(response, 302)
    assert Support.objects.filter(pledge=pledge).count() == 1
    assert_status(resident.get(pledge.get_absolute_url()), 200)

    # --- The organisation withdraws the public pledge --------------------------------
    response = admin.post(f"/pledges/{pledge.pk}/withdraw/", {"reason": "We are merging."})
    assert_status(response, 302)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.WITHDRAWN
    assert 'data-testid="total-pledges">1<' in visitor.get("/").content.decode()

    # Everything that should have been mailed is waiting, and nothing was lost.
    assert OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).exists()
    assert not OutboxEmail.objects.exclude(status=OutboxEmail.Status.PENDING).exists()
