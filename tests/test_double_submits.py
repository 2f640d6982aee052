"""Double submits: the same form sent twice, one after the other or at the same moment
(a double click, a retry, two tabs), makes one record, and both sends are answered as
the first was. Create forms carry a one-time token (``core.submissions``); the support
button says what it means ("support" or "withdraw") instead of toggling.

The concurrent cases run on the suite's PostgreSQL with real threads, each with its own
connection, through the real URLs, views and middleware (``tests/concurrency.py``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, JoinRequest, User
from charter.models import Signature, SignatureConcern, SignatureReview
from core.models import OutboxEmail
from core.submissions import new_token
from measures.models import LM3Survey, Outcome
from pledges.models import ConcernReport, Pledge, ProgressUpdate, Support
from toolkit.models import CaseStudy

from .accounts.factories import OrganisationFactory, admin_of
from .charter.factories import make_signature, statements
from .concurrency import post_together
from .pledges.factories import make_pledge


@dataclass(frozen=True)
class Case:
    # Who sends the form, from two sessions ("anonymous": two visitors' tabs): a role of
    # the ``users`` fixture, or a person ``objects`` names.
    role: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict]
    made: Callable[[], int]  # how many records the form has made
    token: bool = True  # a create form: it carries a one-time token


def _in_future(days: int = 200) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _outcome() -> str:
    return str(Outcome.objects.get(number=1).pk)


def _charter_form(**extra: str) -> dict:
    """The charter's signing form, complete, as "send to the alliance" sends it."""
    data = {
        "role": "provider",
        "signatory_name": "Ada Lovelace",
        "signatory_position": "Chief Executive",
        "authority_confirmed": "on",
        "basis": "voluntary",
        "contract_reference": "",
        "action": "submit",
    }
    for area, statement in statements().items():
        data[f"{area}_text"] = statement.text
        data[f"{area}_date"] = statement.target_date.isoformat()
    return {**data, **extra}


CASES = {
    "progress update": Case(
        "admin_a",
        lambda o: f"/pledges/{o['pledge'].pk}/commitments/{o['commitment'].pk}/progress/",
        lambda o: {"text": "Six more volunteers this month.", "figure": "6"},
        lambda: ProgressUpdate.objects.count(),
    ),
    "pledge": Case(
        "admin_a",
        lambda o: "/pledges/new/",
        lambda o: {
            "pledged_by": str(o["org_a"].pk),
            "title": "Buying local and paying fairly",
            "statement": "",
            "commitments-TOTAL_FORMS": "1",
            "commitments-INITIAL_FORMS": "0",
            "commitments-MIN_NUM_FORMS": "1",
            "commitments-MAX_NUM_FORMS": "10",
            "commitments-0-text": "Spend a tenth more with Salford suppliers",
            "commitments-0-outcomes": _outcome(),
            "commitments-0-target_value": "10",
            "commitments-0-target_unit": "%",
            "commitments-0-due_date": _in_future(),
            "commitments-0-source": "",
        },
        lambda: Pledge.objects.filter(title="Buying local and paying fairly").count(),
    ),
    "case study": Case(
        "member_a",
        lambda o: "/toolkit/case-studies/new/",
        lambda o: {
            "title": "How our café became a hub",
            "summary": "A small café on the estate became the place where neighbours meet.",
            "story": "We started with one table.",
            "sector": "community_group",
            "shows_values": "on",
            "outcomes": [_outcome()],
            "image_alt": "",
        },
        lambda: CaseStudy.objects.count(),
    ),
    "concern report": Case(
        "anonymous",
        lambda o: f"/pledges/{o['pledge'].pk}/concern/",
        lambda o: {"text": "This reads like an advert.", "email": "worried@example.org"},
        lambda: ConcernReport.objects.count(),
    ),
    "invitation": Case(
        "admin_a",
        lambda o: f"/organisations/{o['org_a'].slug}/members/invite/",
        lambda o: {"email": "new.colleague@example.org"},
        lambda: (
            Invitation.objects.count()
            + OutboxEmail.objects.filter(to=["new.colleague@example.org"]).count()
            - 1
        ),
    ),
    "join request": Case(
        "resident",
        lambda o: f"/organisations/{o['org_a'].slug}/join/",
        lambda o: {"message": "I volunteer at the tool library on Saturdays."},
        lambda: JoinRequest.objects.count(),
    ),
    "sign-up": Case(
        "anonymous",
        lambda o: "/accounts/signup/",
        lambda o: {
            "email": "nia.new@example.org",
            "display_name": "Nia",
            "password1": "Kersal-moor-walk-77",
            "password2": "Kersal-moor-walk-77",
            "joining_as": "resident",
        },
        lambda: (
            User.objects.filter(email="nia.new@example.org").count()
            + OutboxEmail.objects.filter(to=["nia.new@example.org"]).count()
            - 1
        ),
    ),
    "charter signature": Case(
        "admin_a",
        lambda o: "/charter/sign/",
        lambda o: _charter_form(),
        lambda: Signature.objects.filter(organisation__slug="ordsall-community-cafe").count(),
    ),
    "charter review": Case(
        "signatory",
        lambda o: f"/charter/signatures/{o['signature'].pk}/review/",
        lambda o: _charter_form(
            **{f"{area}_done": f"Done for {area}." for area in ("embed", "deliver", "demonstrate")}
        ),
        lambda: SignatureReview.objects.count(),
    ),
    "charter concern": Case(
        "anonymous",
        lambda o: f"/charter/signatures/{o['signature'].pk}/concern/",
        lambda o: {"text": "They do not pay the Living Wage.", "email": "worried@example.org"},
        lambda: SignatureConcern.objects.count(),
    ),
    "LM3": Case(
        "admin_a",
        lambda o: "/measures/organisations/ordsall-community-cafe/lm3/",
        lambda o: {
            "period_start": "2023-04-01",
            "period_end": "2024-03-31",
            "income": "100000",
            "local_supplier_spend": "30000",
            "local_staff_spend": "20000",
            "supplier_respend_pct": "40",
            "staff_respend_pct": "50",
            "respend_basis": "survey",
            "respend_source": "Survey of 12 suppliers and 20 staff, May 2024",
        },
        lambda: LM3Survey.objects.count(),
    ),
    "support": Case(
        "resident",
        lambda o: f"/pledges/{o['pledge'].pk}/support/",
        lambda o: {"support": "support"},
        lambda: Support.objects.count(),
        token=False,
    ),
}


@pytest.fixture
def objects(users, org_a, org_b) -> dict:
    pledge = make_pledge(
        status=Pledge.Status.APPROVED, organisation=org_a, pledger=users["admin_a"]
    )
    commitment = pledge.commitments.get()
    # An organisation that signed the charter a year ago, with the admin who reviews it.
    signed = OrganisationFactory(name="Kersal Credit Union", slug="kersal-credit-union")
    signatory = admin_of(signed, email="signatory@example.org")
    signature = make_signature(signed, months_ago=12)
    return {
        "pledge": pledge,
        "commitment": commitment,
        "org_a": org_a,
        "org_b": org_b,
        "signatory": signatory,
        "signature": signature,
    }


def _clients(people: dict, role: str) -> list[Client]:
    """Two sessions of one account (or two tabs of one visitor)."""
    clients = [Client(raise_request_exception=False) for _ in range(2)]
    for client in clients:
        if people[role] is not None:
            client.force_login(people[role])
    return clients


def _form(case: Case, objects: dict) -> tuple[str, dict]:
    data = case.data(objects)
    if case.token:
        data["form_token"] = new_token()
    return case.url(objects), data


def _assert_answered_alike(responses) -> None:
    statuses = [response.status_code for response in responses]
    assert statuses == [302, 302], [r.content.decode()[:1500] for r in responses]
    assert responses[0]["Location"] == responses[1]["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_the_same_form_sent_twice_makes_one_record(name, users, objects, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = CASES[name]
    url, data = _form(case, objects)
    client = _clients({**users, **objects}, case.role)[0]
    responses = [client.post(url, data), client.post(url, data)]
    _assert_answered_alike(responses)
    assert case.made() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", CASES)
def test_the_same_form_sent_twice_at_once_makes_one_record(
    name, users, objects, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = CASES[name]
    url, data = _form(case, objects)
    responses = post_together(_clients({**users, **objects}, case.role), url, data)
    _assert_answered_alike(responses)
    assert case.made() == 1


@pytest.mark.django_db
def test_a_create_form_sent_again_with_other_details_is_shown_again_to_send(client_for, org_a):
    """Back in the browser, another address typed into the spent invitation form: it is
    not taken for the first invitation; the form comes back, with a new token."""
    client = client_for("admin_a")
    url = f"/organisations/{org_a.slug}/members/invite/"
    token = new_token()
    client.post(url, {"email": "one@example.org", "form_token": token})
    response = client.post(url, {"email": "two@example.org", "form_token": token})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This form had already been sent. Check what it says and send it again." in html
    assert 'value="two@example.org"' in html
    assert f'value="{token}"' not in html
    assert list(Invitation.objects.values_list("email", flat=True)) == ["one@example.org"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "template",
    [
        "pledges/new/",
        "toolkit/case-studies/new/",
        "organisations/ordsall-community-cafe/members/invite/",
        "organisations/ordsall-community-cafe/members/",
        "accounts/signup/",
        "charter/sign/",
        "measures/organisations/ordsall-community-cafe/lm3/",
        "measures/organisations/ordsall-community-cafe/returns/upload/",
    ],
)
def test_create_forms_carry_a_one_time_token(client_for, org_a, template):
    client = Client() if "signup" in template else client_for("admin_a")
    html = client.get(f"/{template}").content.decode()
    assert '<input type="hidden" name="form_token" value="' in html
