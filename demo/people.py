"""People and organisations for ``seed_demo``: organisations of every sector and size
across the wards, their admins and members, residents, and the staff and commissioner
accounts, written with ``bulk_create``.

Rows are written directly rather than through the services, which send mail and lock one
row at a time; what the services would record (confirmed addresses, verification history)
is written alongside, so the data looks exactly as if people had used the portal.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
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

from .common import DAY, weighted
from .text import campaign as data

DEMO_DOMAIN = "demo.example.org"
STAFF_EMAIL = "staff@example.org"
COMMISSIONER_EMAIL = "commissioner@example.org"


def demo_users():
    return User.objects.filter(email__iendswith="@" + DEMO_DOMAIN)


@dataclass
class City:
    """Who ``People.build`` made, for the builders of the other apps."""

    now: datetime.datetime
    staff: User
    organisations: list[Organisation]
    members: dict[int, list[User]]  # organisation pk -> its people, admins first
    residents: list[User]
    places: dict[int, str]  # organisation pk -> the place it is named after
    accounts: dict[str, bool] = field(default_factory=dict)  # role account -> created now

    @property
    def people(self) -> list[User]:
        return self.residents + [user for users in self.members.values() for user in users]


class People:
    def __init__(self, *, rng: random.Random, fake, now: datetime.datetime, password: str):
        self.rng, self.fake, self.now = rng, fake, now
        self.password_hash = make_password(password)
        self.wards = list(Ward.objects.order_by("name"))
        self.email_number = 0
        self.places: dict[int, str] = {}

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

    # -- all of them --------------------------------------------------------------------

    def build(self, *, organisations: int, residents: int) -> City:
        accounts = self.role_accounts()
        staff = accounts[STAFF_EMAIL][0]
        orgs = self.organisations(organisations)
        members = self.members(orgs)
        resident_users = self.residents(residents)
        city = City(
            now=self.now,
            staff=staff,
            organisations=orgs,
            members=members,
            residents=resident_users,
            places=self.places,
            accounts={email: created for email, (_, created) in accounts.items()},
        )
        self.email_addresses(city.people)
        self.verifications(orgs, staff)
        return city


def summary(city: City) -> dict:
    example_admin = next(iter(city.members.values()), [None])[0]
    return {
        "organisations": len(city.organisations),
        "verified": sum(1 for org in city.organisations if org.verified_at),
        "outside": sum(1 for org in city.organisations if org.ward_id is None),
        "sectors": Counter(org.sector for org in city.organisations),
        "members": len(city.people) - len(city.residents),
        "residents": len(city.residents),
        "example_admin": (
            (example_admin.email, city.organisations[0].name) if example_admin else None
        ),
        "example_resident": city.residents[0].email if city.residents else None,
    }
