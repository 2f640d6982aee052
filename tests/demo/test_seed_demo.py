"""``manage.py seed_demo``: a realistic campaign, the same for the same seed, once."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import Membership, Organisation, Sector, SizeBand, User
from accounts.roles import COMMISSIONER_GROUP, STAFF_GROUP
from core.models import OutboxEmail
from pledges.models import (
    Commitment,
    ConcernReport,
    Pledge,
    PledgeEvent,
    ProgressUpdate,
    Support,
)

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--organisations", "5", *args, stdout=out)
    return out.getvalue()


def organisation_names() -> list[str]:
    return sorted(Organisation.objects.values_list("name", flat=True))


@pytest.fixture
def seeded() -> str:
    return seed("--seed", "1")


def test_every_pledge_status_is_present(seeded):
    statuses = set(Pledge.objects.values_list("status", flat=True))

    assert statuses == set(Pledge.Status.values)
    revision = Pledge.objects.get(revision_of__isnull=False)
    assert revision.status == Pledge.Status.SUBMITTED
    assert revision.revision_of.status == Pledge.Status.APPROVED
    renewal = Pledge.objects.get(renewed_from__isnull=False)
    assert renewal.commitments.filter(source__isnull=True).exists()  # one new commitment


def test_organisations_people_and_roles(seeded):
    assert Organisation.objects.count() == 5
    assert set(Organisation.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert set(Organisation.objects.values_list("size_band", flat=True)) == set(SizeBand.values)
    assert Organisation.objects.filter(ward__isnull=True).exists()  # outside Salford
    for organisation in Organisation.objects.all():
        organisation.full_clean()  # plausible postcodes, names, websites
        assert organisation.memberships.filter(role=Membership.Role.ADMIN).exists()
    residents = User.objects.filter(memberships__isnull=True, email__endswith="demo.example.org")
    assert residents.count() == 4  # seven for every ten organisations
    staff = User.objects.get(email="staff@example.org")
    assert staff.groups.filter(name=STAFF_GROUP).exists() and staff.is_staff
    assert (
        User.objects.get(email="commissioner@example.org")
        .groups.filter(name=COMMISSIONER_GROUP)
        .exists()
    )
    unverified = User.objects.exclude(emailaddress__verified=True)
    assert not unverified.exists()
    assert EmailAddress.objects.filter(primary=True).count() == User.objects.count()
    assert User.objects.get(email="staff@example.org").check_password("demo-password")


def test_pledges_are_made_of_measurable_commitments_tied_to_outcomes(seeded):
    for pledge in Pledge.objects.prefetch_related("commitments__outcomes"):
        commitments = list(pledge.commitments.all())
        assert 1 <= len(commitments) <= 4, pledge
        for commitment in commitments:
            commitment.full_clean()
            assert commitment.outcomes.all(), commitment
    approved = Pledge.objects.filter(status=Pledge.Status.APPROVED, revision_of__isnull=True)
    for pledge in approved:
        assert pledge.approved_at < pledge.expires_at
        assert pledge.events.filter(action=PledgeEvent.Action.APPROVED).exists()


def test_progress_supports_concerns_and_history(seeded):
    assert ProgressUpdate.objects.filter(figure__isnull=False).exists()
    assert Commitment.objects.filter(current_value__gt=0).exists()
    assert Support.objects.exists()
    assert ConcernReport.objects.filter(resolved_at__isnull=True).count() >= 2
    actions = set(PledgeEvent.objects.values_list("action", flat=True))
    assert {"submitted", "approved", "rejected", "withdrawn", "lapsed", "renewed"} <= actions
    assert PledgeEvent.objects.filter(action="approved", actor__email="staff@example.org").exists()


def test_no_mail_is_sent(seeded):
    assert mail.outbox == []
    assert not OutboxEmail.objects.exists()


def test_it_prints_a_summary_and_the_password_once(seeded):
    assert "Demo campaign ready (seed 1)." in seeded
    assert "organisations: 5" in seeded
    assert seeded.count("demo-password") == 1
    assert "staff@example.org" in seeded


def test_the_same_seed_makes_the_same_campaign(seeded):
    names = organisation_names()
    titles = sorted(Pledge.objects.values_list("title", flat=True))

    seed("--seed", "1", "--reset")

    assert organisation_names() == names
    assert sorted(Pledge.objects.values_list("title", flat=True)) == titles
    assert Organisation.objects.count() == 5
    assert User.objects.filter(email="staff@example.org").count() == 1


def test_another_seed_makes_another_campaign(seeded):
    names = organisation_names()

    seed("--seed", "2", "--reset")

    assert organisation_names() != names


def test_a_second_run_is_refused_without_reset(seeded):
    with pytest.raises(CommandError, match="--reset"):
        seed("--seed", "1")

    assert Organisation.objects.count() == 5


def test_reset_leaves_other_people_and_organisations_alone(org_a, users):
    seed("--seed", "1")
    seed("--seed", "3", "--reset")

    assert Organisation.objects.filter(pk=org_a.pk).exists()
    assert User.objects.filter(email="member.a@example.org").exists()
    assert Organisation.objects.count() == 5 + 2  # org_a and org_b from the fixtures


def test_every_app_gets_demo_data_and_reset_removes_it_all(seeded):
    from charter.models import Signature
    from measures.models import Contract, LM3Survey, Return
    from toolkit.models import Assessment, CaseStudy

    made = [Signature, Contract, Return, LM3Survey, CaseStudy, Assessment]
    assert all(model.objects.exists() for model in made)
    assert "  charter: charter signatures " in seeded
    assert "  measures: " in seeded
    assert re.search(
        r"Seeded in \d+\.\d s \(people \d+\.\d s, pledges \d+\.\d s, toolkit \d+\.\d s, "
        r"charter \d+\.\d s, measures \d+\.\d s\); peak memory \d+ MB",
        seeded,
    )
    counts = {model: model.objects.count() for model in made}

    # Contracts protect their parties from deletion: the reset removes them first.
    again = seed("--seed", "1", "--reset")

    assert "Removed the earlier demo: 5 organisations" in again
    assert {model: model.objects.count() for model in made} == counts
