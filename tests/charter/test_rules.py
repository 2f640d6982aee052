"""charter/permissions.py as a table: every rule, every role, versions and signatures.

Every signature here is organisation A's; "verified signature" was verified a month ago,
"a year on" eleven months and more ago (its yearly review is open).
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from charter import permissions
from charter.models import CharterVersion, Signature, SignatureReview

from ..rule_tables import (
    EVERYONE,
    NOBODY,
    answers,
    as_request_user,
    cases,
    expected,
    functions_of,
)
from .factories import make_signature

pytestmark = pytest.mark.django_db

ORG_A_PEOPLE = frozenset({"member_a", "admin_a"})
ADMIN_A = frozenset({"admin_a"})
STAFF = frozenset({"staff"})
Status = Signature.Status

# {rule: {what it is asked about: roles that get True}}. None: the rule takes only the user.
RULES = {
    # Only an organisation's admins sign, and never while it is suspended.
    "can_sign_for": {"org_a": ADMIN_A, "org_b": NOBODY, "org_a (suspended)": NOBODY},
    "can_view_version": {"published version": EVERYONE, "draft version": STAFF},
    "can_view_signature": {
        "verified signature": ORG_A_PEOPLE | STAFF,
        "draft signature": ORG_A_PEOPLE | STAFF,
        "withdrawn signature": ORG_A_PEOPLE | STAFF,
    },
    "can_view_certificate": {
        "verified signature": ORG_A_PEOPLE | STAFF,
        "submitted signature": NOBODY,
        "withdrawn signature": NOBODY,
    },
    # Staff verify signatures; they never write them.
    "can_edit_signature": {
        "draft signature": ADMIN_A,
        "submitted signature": NOBODY,
        "verified signature": NOBODY,
        "draft signature, organisation suspended": NOBODY,
    },
    "can_withdraw": {
        "draft signature": ADMIN_A,
        "submitted signature": ADMIN_A,
        "verified signature": ADMIN_A,
        "withdrawn signature": NOBODY,
        "lapsed signature": NOBODY,
        "superseded signature": NOBODY,
    },
    # The yearly review opens eleven months after verification.
    "can_review": {
        "verified signature": NOBODY,
        "verified signature, a year on": ADMIN_A,
        "lapsed signature": NOBODY,
    },
    # Anyone may raise a concern about a listed signatory.
    "can_report_concern": {
        "verified signature": EVERYONE,
        "withdrawn signature": NOBODY,
        "verified signature, organisation suspended": NOBODY,
    },
    "can_moderate": {None: STAFF},
    "can_decide_review": {"submitted review": STAFF},
}

# Returns a list, not a yes or no: it has its own test below.
NOT_YES_OR_NO = {"organisations_user_can_sign_for"}


@pytest.fixture
def target(users, org_a, org_b):
    """What a situation names: an organisation, a version, a signature or a review."""

    def suspended(organisation):
        organisation.suspended_at = timezone.now()
        organisation.save(update_fields=["suspended_at"])
        return organisation

    def signature(status, months_ago=1, organisation=org_a):
        return make_signature(organisation, status=status, months_ago=months_ago)

    def review():
        return SignatureReview.objects.create(
            signature=signature(Status.VERIFIED, 12), status="submitted"
        )

    build = {
        None: lambda: None,
        "org_a": lambda: org_a,
        "org_b": lambda: org_b,
        "org_a (suspended)": lambda: suspended(org_a),
        "published version": lambda: CharterVersion.objects.current(),
        "draft version": lambda: CharterVersion.objects.create(
            number=2, vision="v", principles="p", embed="e"
        ),
        "draft signature": lambda: signature(Status.DRAFT),
        "submitted signature": lambda: signature(Status.SUBMITTED),
        "verified signature": lambda: signature(Status.VERIFIED),
        "verified signature, a year on": lambda: signature(Status.VERIFIED, 11),
        "withdrawn signature": lambda: signature(Status.WITHDRAWN),
        "lapsed signature": lambda: signature(Status.LAPSED, 19),
        "superseded signature": lambda: signature(Status.SUPERSEDED),
        "verified signature, organisation suspended": lambda: signature(
            Status.VERIFIED, organisation=suspended(org_a)
        ),
        "draft signature, organisation suspended": lambda: signature(
            Status.DRAFT, organisation=suspended(org_a)
        ),
        "submitted review": review,
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


def test_an_admin_signs_for_the_organisations_they_run_that_are_not_suspended(users, org_a, org_b):
    from accounts.models import Membership

    admin = users["admin_a"]
    Membership.objects.create(user=admin, organisation=org_b, role=Membership.Role.MEMBER)
    assert permissions.organisations_user_can_sign_for(as_request_user(admin)) == [org_a]
    org_a.suspended_at = timezone.now()
    org_a.save(update_fields=["suspended_at"])
    assert permissions.organisations_user_can_sign_for(as_request_user(admin)) == []
