"""measures/permissions.py as a table: every rule, every role, every kind of object.

Organisation A reports returns and LM3 and provides a contract to Salford City Council,
whose admin is the commissioner; a clerk in the council without the commissioner role is
asked about too.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from measures import permissions
from measures.models import CommitmentKind, ImportJob, Return

from ..rule_tables import NOBODY, answers, as_request_user, cases, expected, functions_of
from .factories import (
    commissioner_organisation,
    make_commitment,
    make_contract,
    make_delivery,
    make_lm3,
    make_return,
)

pytestmark = pytest.mark.django_db

ORG_A = frozenset({"member_a", "admin_a"})
STAFF = frozenset({"staff"})
IN_AN_ORGANISATION = ORG_A | {"member_b"}

RULES = {
    "can_act_for": {"org_a": ORG_A, "org_b": {"member_b"}, "org_a (suspended)": NOBODY},
    # Returns: the organisation's own, and staff's to read and approve.
    "can_view_returns": {"org_a": ORG_A | STAFF, "org_a (suspended)": ORG_A | STAFF},
    "can_edit_returns": {"org_a": ORG_A, "org_b": {"member_b"}, "org_a (suspended)": NOBODY},
    "can_view_return": {
        "draft return": ORG_A | STAFF,
        "submitted return": ORG_A | STAFF,
        "approved return": ORG_A | STAFF,
    },
    "can_edit_return": {
        "draft return": ORG_A,
        "returned return": ORG_A,
        "submitted return": NOBODY,
        "approved return": NOBODY,
        "draft return, organisation suspended": NOBODY,
    },
    "can_review_returns": {None: STAFF},
    "can_manage_city_figures": {None: STAFF},
    # Contracts: the commissioner (role and membership) records and decides; the
    # provider's members report; both parties and staff read.
    "can_commission_for": {"council": {"commissioner"}, "org_a": NOBODY},
    "can_use_contracts": {None: IN_AN_ORGANISATION | STAFF | {"commissioner"}},
    "can_view_contract": {"contract": ORG_A | STAFF | {"commissioner"}},
    "can_edit_contract": {"contract": {"commissioner"}},
    "can_report_delivery": {"contract": ORG_A, "contract, provider suspended": NOBODY},
    "can_decide_delivery": {"delivery": {"commissioner"}},
    # LM3: the organisation's own.
    "can_view_lm3": {"org_a": ORG_A | STAFF},
    "can_record_lm3": {"org_a": ORG_A, "org_a (suspended)": NOBODY},
    "can_view_lm3_survey": {"lm3": ORG_A | STAFF},
    "can_view_import": {"returns upload": ORG_A | STAFF, "city figures upload": STAFF},
}

# Lists, not yes or no: tested below.
NOT_YES_OR_NO = {"organisations_for", "commissioning_organisations"}


@pytest.fixture
def target(users, org_a, org_b):
    council = commissioner_organisation(users["commissioner"], name="Salford City Council")

    def suspended(organisation):
        organisation.suspended_at = timezone.now()
        organisation.save(update_fields=["suspended_at"])
        return organisation

    def a_return(status, organisation=org_a):
        return make_return(organisation, status=status)

    def contract(provider=org_a):
        return make_contract(council, provider)

    def delivery():
        commitment = make_commitment(contract(), CommitmentKind.CORE, "waste-recycled", "4")
        return make_delivery(commitment)

    build = {
        None: lambda: None,
        "org_a": lambda: org_a,
        "org_b": lambda: org_b,
        "council": lambda: council,
        "org_a (suspended)": lambda: suspended(org_a),
        "draft return": lambda: a_return(Return.Status.DRAFT),
        "returned return": lambda: a_return(Return.Status.RETURNED),
        "submitted return": lambda: a_return(Return.Status.SUBMITTED),
        "approved return": lambda: a_return(Return.Status.APPROVED),
        "draft return, organisation suspended": lambda: a_return(
            Return.Status.DRAFT, suspended(org_a)
        ),
        "contract": contract,
        "contract, provider suspended": lambda: contract(suspended(org_a)),
        "delivery": delivery,
        "lm3": lambda: make_lm3(org_a),
        "returns upload": lambda: ImportJob.objects.create(
            kind=ImportJob.Kind.RETURNS, organisation=org_a, filename="r.csv"
        ),
        "city figures upload": lambda: ImportJob.objects.create(
            kind=ImportJob.Kind.CITY_FIGURES, filename="f.csv"
        ),
    }
    return lambda situation: build[situation]()


@pytest.mark.parametrize(("situation", "role"), cases(RULES))
def test_rules(users, target, situation, role):
    asked_about = target(situation)
    user = as_request_user(users[role])
    assert answers(permissions, RULES, situation, user, asked_about) == expected(
        RULES, situation, role
    )


def test_every_rule_is_in_the_table():
    assert functions_of(permissions) == set(RULES) | NOT_YES_OR_NO


def test_a_clerk_of_the_commissioner_reads_its_contracts_but_does_not_decide(users, org_a):
    from ..accounts.factories import member_of

    council = commissioner_organisation(users["commissioner"])
    clerk = as_request_user(member_of(council, email="clerk@example.org"))
    contract = make_contract(council, org_a)
    assert permissions.can_view_contract(clerk, contract)
    assert not permissions.can_edit_contract(clerk, contract)
    assert not permissions.can_commission_for(clerk, council)


def test_organisation_lists(users, org_a, org_b):
    council = commissioner_organisation(users["commissioner"], name="Salford City Council")
    assert permissions.organisations_for(as_request_user(users["member_a"])) == [org_a]
    assert permissions.organisations_for(as_request_user(users["resident"])) == []
    assert permissions.commissioning_organisations(as_request_user(users["commissioner"])) == [
        council
    ]
    # Not a commissioner: none, whatever organisations they are in.
    assert permissions.commissioning_organisations(as_request_user(users["admin_a"])) == []
    council.suspended_at = timezone.now()
    council.save(update_fields=["suspended_at"])
    assert permissions.commissioning_organisations(as_request_user(users["commissioner"])) == []
