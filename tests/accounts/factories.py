import time

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Membership, Organisation, Sector, SizeBand, User

PASSWORD = "Salford-pledge-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("first_name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary address, as allauth's mandatory verification requires."""
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Community Group {n}")
    slug = factory.Sequence(lambda n: f"community-group-{n}")
    sector = Sector.COMMUNITY_GROUP
    size_band = SizeBand.SMALL
    postcode = "M5 4WT"
    description = "We run a community café and a weekly food club."
    created_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


def admin_of(organisation: Organisation, **user_kwargs) -> User:
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.ADMIN, user=UserFactory(**user_kwargs)
    ).user


def member_of(organisation: Organisation, **user_kwargs) -> User:
    return MembershipFactory(organisation=organisation, user=UserFactory(**user_kwargs)).user


def reauthenticate(client, user) -> None:
    """Record in ``client``'s session that ``user`` gave their password again just now,
    as allauth's reauthentication does: the admin asks for it before every page
    (``salford_sv/admin_site.py``). ``tests/accounts/test_security_admin.py`` tests the
    asking; elsewhere a signed-in role's client has already answered."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session[f"{AUTHENTICATION_METHODS_SESSION_KEY}_user"] = str(user.pk)
    session.save()
