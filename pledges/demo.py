"""A realistic, deterministic 10% Better campaign for demos and benchmarks (``seed_demo``).

Rows are written directly with ``bulk_create`` rather than through the services: the
services send mail and take row locks one pledge at a time, which a demo of hundreds of
pledges needs neither of. What the services would record (history events, progress
carried into ``current_value``, expiry a year after approval) is written alongside, so
the data looks exactly as if people had used the portal.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import (
    Membership,
    Organisation,
    OrganisationStatusChange,
    User,
    Ward,
    organisation_name_key,
)
from accounts.roles import COMMISSIONER_GROUP, STAFF_GROUP
from measures.models import Outcome

from . import demo_data as data
from .demo_pledges import FIRST_KINDS, KINDS, Plan, PledgeSeeder, weighted
from .models import (
    Campaign,
    Commitment,
    ConcernReport,
    Pledge,
    PledgeEvent,
    ProgressUpdate,
    Support,
)

DEMO_DOMAIN = "demo.example.org"
STAFF_EMAIL = "staff@example.org"
COMMISSIONER_EMAIL = "commissioner@example.org"
DAY = datetime.timedelta(days=1)


def demo_users():
    return User.objects.filter(email__iendswith="@" + DEMO_DOMAIN)


def demo_exists() -> bool:
    return demo_users().exists()


def demo_reset() -> dict[str, int]:
    """Delete what an earlier run made: its people, their organisations and pledges."""
    users = demo_users()
    org_ids = list(
        Organisation.objects.filter(memberships__user__in=users)
        .values_list("pk", flat=True)
        .distinct()
    )
    pledges, _ = Pledge.objects.filter(
        Q(organisation_id__in=org_ids) | Q(pledger__in=users)
    ).delete()
    Organisation.objects.filter(pk__in=org_ids).delete()
    people = users.count()
    users.delete()
    return {"organisations": len(org_ids), "people": people, "rows": pledges}


class DemoBuilder:
    def __init__(self, *, seed: int, password: str, now: datetime.datetime | None = None):
        from faker import Faker  # a test dependency; imported only when seeding

        self.rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not secrets
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.now = now or timezone.now()
        self.password = password
        self.password_hash = make_password(password)
        self.outcomes = dict(Outcome.objects.values_list("number", "pk"))
        self.wards = list(Ward.objects.order_by("name"))
        self.campaign = Campaign.objects.get(slug="10-percent-better")
        self.old_campaign = Campaign.objects.filter(slug="social-in-salford-pledge").first()
        self.email_number = 0
        self.places: dict[int, str] = {}  # organisation pk -> the place it is named after
        # What build() made, for the other apps' demo seeders.
        self.made_organisations: list[Organisation] = []
        self.made_members: dict[int, list[User]] = {}
        self.staff: User | None = None

    # -- people and organisations ---------------------------------------------------

    def _person(self, *, ward: Ward | None = None, short: bool = False) -> User:
        first, last = self.fake.first_name(), self.fake.last_name()
        self.email_number += 1
        local = f"{slugify(first)}.{slugify(last)}.{self.email_number}".replace("-", "")
        return User(
            email=f"{local}@{DEMO_DOMAIN}",
            display_name=f"{first} {last[0]}." if short else f"{first} {last}",
            ward=ward,
            password=self.password_hash,
            date_joined=self.now - self.rng.randint(10, 900) * DAY,
        )

    def role_accounts(self) -> dict[str, tuple[User, bool]]:
        accounts = {}
        for email, name, group in [
            (STAFF_EMAIL, "Sam Okafor", STAFF_GROUP),
            (COMMISSIONER_EMAIL, "Cath Brennan", COMMISSIONER_GROUP),
        ]:
            user = User.objects.filter(email__iexact=email).first()
            created = user is None
            if created:
                user = User.objects.create_user(
                    email=email, password=None, display_name=name, is_staff=group == STAFF_GROUP
                )
                user.password = self.password_hash
                user.save(update_fields=["password"])
            elif group == STAFF_GROUP and not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            user.groups.add(Group.objects.get(name=group))
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            accounts[email] = (user, created)
        return accounts

    def _organisation_name(self, sector: str, places: list[str], taken: set[str]) -> str:
        for _attempt in range(25):
            name = self.rng.choice(data.ORGANISATION_NAMES[sector]).format(
                place=self.rng.choice(places),
                surname=self.fake.last_name(),
                surname2=self.fake.last_name(),
            )
            if organisation_name_key(name) not in taken:
                return name
        # Every pattern for these places is used: make it distinct the way people do.
        return f"{name} {len(taken) + 1}"

    def organisations(self, n: int) -> list[Organisation]:
        taken = set(Organisation.objects.values_list("name_key", flat=True))
        slugs = set(Organisation.objects.values_list("slug", flat=True))
        firsts = data.FIRST_ORGANISATIONS
        orgs, place_names = [], []
        for i in range(n):
            if i < len(firsts):
                sector, size, outside = firsts[i]
            else:
                sector = weighted(self.rng, data.SECTOR_WEIGHTS)
                size = weighted(self.rng, data.SIZE_WEIGHTS[sector])
                outside = self.rng.random() < 0.12
            if outside:
                town, district = self.rng.choice(data.OUTSIDE_PLACES)
                ward, places = None, [town]
            else:
                # Walk the wards first so every ward has an organisation, then at random.
                ward = self.wards[i] if i < len(self.wards) else self.rng.choice(self.wards)
                districts, places = data.WARD_PLACES.get(ward.name, (["M6"], [ward.name]))
                district = self.rng.choice(districts)
            name = self._organisation_name(sector, places, taken)
            key = organisation_name_key(name)
            taken.add(key)
            slug = base = slugify(name)[:150]
            while slug in slugs:
                slug = f"{base}-{len(slugs)}"
            slugs.add(slug)
            created = self.now - self.rng.randint(60, 1500) * DAY
            verified = self.rng.random() < 0.7
            letters = "".join(self.rng.choices(data.POSTCODE_LETTERS, k=2))
            place_names.append(places[0])
            orgs.append(
                Organisation(
                    name=name,
                    name_key=key,
                    slug=slug,
                    sector=sector,
                    size_band=size,
                    postcode=f"{district} {self.rng.randint(1, 9)}{letters}",
                    ward=ward,
                    website=f"https://{slug}.example.org" if self.rng.random() < 0.6 else "",
                    description=self.rng.choice(data.DESCRIPTIONS[sector]).format(place=places[0]),
                    created_at=created,
                    verified_at=created + self.rng.randint(1, 30) * DAY if verified else None,
                )
            )
        orgs = Organisation.objects.bulk_create(orgs)
        self.places.update((org.pk, place) for org, place in zip(orgs, place_names, strict=True))
        return orgs

    def members(self, orgs: list[Organisation]) -> dict[int, list[User]]:
        """Each organisation's people, its admins first."""
        sizes = {"micro": (1, 0, 1), "small": (1, 0, 2), "medium": (2, 1, 3), "large": (2, 2, 4)}
        people: dict[int, list[tuple[User, str]]] = {}
        for org in orgs:
            admins, low, high = sizes[org.size_band]
            ward = org.ward if org.ward and self.rng.random() < 0.6 else None
            people[org.pk] = [
                (self._person(ward=ward), Membership.Role.ADMIN) for _ in range(admins)
            ]
            people[org.pk] += [
                (self._person(ward=ward), Membership.Role.MEMBER)
                for _ in range(self.rng.randint(low, high))
            ]
        User.objects.bulk_create([user for pairs in people.values() for user, _ in pairs])
        Membership.objects.bulk_create(
            Membership(user=user, organisation_id=org_id, role=role, joined_at=user.date_joined)
            for org_id, pairs in people.items()
            for user, role in pairs
        )
        return {org_id: [user for user, _ in pairs] for org_id, pairs in people.items()}

    def residents(self, n: int) -> list[User]:
        residents = [
            self._person(
                ward=self.rng.choice(self.wards) if self.rng.random() < 0.85 else None,
                short=True,
            )
            for _ in range(n)
        ]
        return User.objects.bulk_create(residents)

    def email_addresses(self, users: list[User]) -> None:
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )

    def verifications(self, orgs: list[Organisation], staff: User) -> None:
        OrganisationStatusChange.objects.bulk_create(
            OrganisationStatusChange(
                organisation=org,
                action=OrganisationStatusChange.Action.VERIFIED,
                changed_by=staff,
                changed_at=org.verified_at,
                reason="Checked the Charity Commission and Companies House records.",
            )
            for org in orgs
            if org.verified_at
        )

    # -- pledges ----------------------------------------------------------------------

    def _owners(self, orgs, members, residents) -> list[tuple]:
        """Who makes each pledge: (organisation or None, its people, a place name)."""
        owners = []
        for org in orgs:
            count = weighted(self.rng, data.PLEDGES_PER_ORGANISATION)
            owners += [(org, members[org.pk], self.places[org.pk])] * count
        for resident in residents:
            if self.rng.random() < 0.3:
                place = resident.ward.name if resident.ward else "Salford"
                owners.append((None, [resident], place))
        spare = [(org, members[org.pk], self.places[org.pk]) for org in orgs] or [
            (None, [resident], "Salford") for resident in residents
        ]
        # Enough pledges for every kind, however small the demo.
        for i in range(max(0, len(FIRST_KINDS) - len(owners)) if spare else 0):
            owners.append(spare[i % len(spare)])
        self.rng.shuffle(owners)
        return owners

    def _write_commitments(self, plans: list[Plan]) -> None:
        commitments = []
        for plan in plans:
            for order, (commitment, _) in enumerate(plan.commitments):
                commitment.pledge = plan.pledge  # saved since the commitment was made
                commitment.order = order
                commitments.append(commitment)
        Commitment.objects.bulk_create(commitments)
        through = Commitment.outcomes.through
        through.objects.bulk_create(
            through(commitment_id=commitment.pk, outcome_id=self.outcomes[number])
            for plan in plans
            for commitment, numbers in plan.commitments
            for number in numbers
        )
        ProgressUpdate.objects.bulk_create(u for plan in plans for u in plan.updates)

    def pledges(self, orgs, members, residents, staff: User) -> dict:
        seeder = PledgeSeeder(
            rng=self.rng,
            fake=self.fake,
            now=self.now,
            staff=staff,
            campaign=self.campaign,
            old_campaign=self.old_campaign,
        )
        plans = [
            seeder.plan(
                FIRST_KINDS[i] if i < len(FIRST_KINDS) else weighted(self.rng, KINDS),
                org,
                people,
                place,
            )
            for i, (org, people, place) in enumerate(self._owners(orgs, members, residents))
        ]
        Pledge.objects.bulk_create([plan.pledge for plan in plans])
        self._write_commitments(plans)
        follow_ups = [follow for plan in plans if (follow := seeder.follow_up(plan))]
        Pledge.objects.bulk_create([follow.pledge for follow in follow_ups])
        self._write_commitments(follow_ups)
        everything = plans + follow_ups
        PledgeEvent.objects.bulk_create(
            PledgeEvent(pledge=plan.pledge, action=action, actor=actor, at=at, note=note)
            for plan in everything
            for action, actor, at, note in plan.events
        )
        people = residents + [user for users in members.values() for user in users]
        supports = Support.objects.bulk_create(seeder.supports(plans, people))
        concerns = ConcernReport.objects.bulk_create(seeder.concerns(plans, residents))
        pledges = [plan.pledge for plan in everything]
        return {
            "pledges": len(pledges),
            "statuses": Counter(pledge.status for pledge in pledges),
            "revisions": sum(1 for p in pledges if p.revision_of_id),
            "renewals": sum(1 for p in pledges if p.renewed_from_id),
            "commitments": sum(len(plan.commitments) for plan in everything),
            "updates": sum(len(plan.updates) for plan in everything),
            "supports": len(supports),
            "concerns": len(concerns),
            "concerns_open": sum(1 for c in concerns if not c.resolved_at),
        }

    # -- the whole campaign --------------------------------------------------------------

    def build(self, *, organisations: int, residents: int) -> dict:
        accounts = self.role_accounts()
        staff = accounts[STAFF_EMAIL][0]
        orgs = self.organisations(organisations)
        members = self.members(orgs)
        resident_users = self.residents(residents)
        org_people = [user for users in members.values() for user in users]
        self.email_addresses(org_people + resident_users)
        self.verifications(orgs, staff)
        summary = self.pledges(orgs, members, resident_users, staff)
        self.made_organisations, self.made_members, self.staff = orgs, members, staff
        example_admin = next(iter(members.values()), [None])[0]
        return {
            **summary,
            "organisations": len(orgs),
            "verified": sum(1 for org in orgs if org.verified_at),
            "outside": sum(1 for org in orgs if org.ward_id is None),
            "sectors": Counter(org.sector for org in orgs),
            "members": len(org_people),
            "residents": len(resident_users),
            "accounts": {email: created for email, (_, created) in accounts.items()},
            "example_admin": (example_admin.email, orgs[0].name) if example_admin else None,
            "example_resident": resident_users[0].email if resident_users else None,
        }
