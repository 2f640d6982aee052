"""Model helpers and invariants: postcodes, duplicate-name keys, users, invitations."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import (
    Invitation,
    Organisation,
    User,
    hash_token,
    normalise_postcode,
    organisation_name_key,
    validate_uk_postcode,
)

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# Postcodes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("m54wt", "M5 4WT"),
        ("M5 4WT", "M5 4WT"),
        ("  m5   4wt  ", "M5 4WT"),
        ("sw1a1aa", "SW1A 1AA"),
        ("M60 2LA", "M60 2LA"),
        ("m3\t5ab", "M3 5AB"),
        ("gir0aa", "GIR 0AA"),
        # Too short to have an inward code: upper-cased and left for the validator.
        ("m5", "M5"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_postcode(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    "value",
    ["M5 4WT", "m54wt", "M3 5AB", "M28 2LY", "SW1A 1AA", "EC1A 1BB", "W1A 0AX", "GIR 0AA"],
)
def test_validate_uk_postcode_accepts_real_postcodes(value):
    assert validate_uk_postcode(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "M5",
        "12345",
        "MMM 4WT",  # three letters in the area
        "M5 4CI",  # C and I never appear in the inward unit
        "5M 4WT",
        "M5 4W",
        "not a postcode",
        "M5 4WT X",
    ],
)
def test_validate_uk_postcode_rejects_others(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_uk_postcode(value)
    assert excinfo.value.code == "invalid_postcode"
    assert "M5 4WT" in excinfo.value.messages[0]


# ---------------------------------------------------------------------------
# Organisation names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("St. John's Trust", "st johns trust"),
        ("ACME Ltd", "acme ltd."),
        ("Ordsall Community Café", "ORDSALL COMMUNITY CAFE"),
        ("Age UK \N{EN DASH} Salford", "Age UK Salford"),
        ("Straße Project", "STRASSE PROJECT"),
        ("  Salford   Lads Club ", "Salford Lads' Club"),
    ],
)
def test_organisation_name_key_ignores_case_accents_and_punctuation(a, b):
    assert organisation_name_key(a) == organisation_name_key(b)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("St. John's Trust", "stjohnstrust"),
        ("ACME Ltd.", "acmeltd"),
        ("Café 123", "cafe123"),
        ("!!!", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_organisation_name_key_values(name, key):
    assert organisation_name_key(name) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [("Salford Food Bank", "Salford Food Banks"), ("A1 Trust", "A2 Trust"), ("Eccles", "Eccle")],
)
def test_organisation_name_key_keeps_different_names_apart(a, b):
    assert organisation_name_key(a) != organisation_name_key(b)


def test_save_sets_name_key_from_name():
    organisation = OrganisationFactory(name="St. John's Trust")
    organisation.refresh_from_db()
    assert organisation.name_key == "stjohnstrust"


def test_save_keeps_name_key_in_step_when_the_name_changes():
    organisation = OrganisationFactory(name="Old Name Ltd")
    organisation.name = "New Name (Salford) Ltd"
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.name_key == "newnamesalfordltd"
    assert Organisation.objects.matching_name("new name salford ltd").get() == organisation
    assert not Organisation.objects.matching_name("Old Name Ltd").exists()


def test_save_with_update_fields_name_still_stores_the_new_key():
    """A partial save of the name must not leave the stored key describing the old one."""
    organisation = OrganisationFactory(name="Before Trust")
    organisation.name = "After Trust"
    organisation.save(update_fields=["name"])
    assert Organisation.objects.get(pk=organisation.pk).name_key == "aftertrust"
    assert Organisation.objects.matching_name("after trust").get() == organisation


def test_database_refuses_two_organisations_with_the_same_name_key():
    OrganisationFactory(name="ACME Ltd")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(name="acme ltd.")


def test_clean_refuses_a_duplicate_name_and_names_the_existing_one():
    OrganisationFactory(name="St. John's Trust")
    candidate = OrganisationFactory.build(name="st johns trust", slug="st-johns-trust-2")
    with pytest.raises(ValidationError) as excinfo:
        candidate.full_clean()
    assert "St. John's Trust" in excinfo.value.message_dict["name"][0]


def test_clean_allows_an_organisation_to_keep_its_own_name():
    organisation = OrganisationFactory(name="ACME Ltd")
    organisation.name = "ACME LTD."
    organisation.full_clean()  # no clash with itself
    assert organisation.name_key == "acmeltd"


def test_clean_normalises_postcode_and_whitespace():
    organisation = OrganisationFactory.build(name="  Salford   Lads   Club ", postcode="m54wt")
    organisation.full_clean()
    assert organisation.name == "Salford Lads Club"
    assert organisation.postcode == "M5 4WT"


def test_clean_refuses_a_name_without_letters_or_digits():
    organisation = OrganisationFactory.build(name="!!! ???")
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert "at least one letter or digit" in excinfo.value.message_dict["name"][0]


def test_clean_refuses_a_bad_postcode():
    organisation = OrganisationFactory.build(postcode="M5")
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert "postcode" in excinfo.value.message_dict


def test_organisation_queryset_public_and_verified():
    plain = OrganisationFactory()
    verified = OrganisationFactory(verified_at=timezone.now())
    suspended = OrganisationFactory(suspended_at=timezone.now())
    assert set(Organisation.objects.public()) == {plain, verified}
    assert list(Organisation.objects.verified()) == [verified]
    assert suspended.is_suspended and not plain.is_suspended
    assert verified.is_verified and not plain.is_verified


def test_outside_salford_when_no_ward():
    from accounts.models import Ward

    assert OrganisationFactory(ward=None).outside_salford is True
    assert OrganisationFactory(ward=Ward.objects.get(slug="ordsall")).outside_salford is False


def test_absolute_url_is_the_stable_organisation_url():
    assert OrganisationFactory(slug="eccles-tool-shed").get_absolute_url() == (
        "/organisations/eccles-tool-shed/"
    )


# ---------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------


def test_create_user_lower_cases_the_email_and_hashes_the_password():
    user = User.objects.create_user("Rosa.Smith@Example.ORG", "a-long-password", display_name="R")
    assert user.email == "rosa.smith@example.org"
    assert user.password != "a-long-password"
    assert user.check_password("a-long-password")
    assert not user.is_staff and not user.is_superuser


def test_create_user_needs_an_email():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", "pw")


def test_create_superuser_is_staff_and_superuser():
    user = User.objects.create_superuser("root@example.org", "pw", display_name="Root")
    assert user.is_staff and user.is_superuser


def test_email_is_unique_regardless_of_case():
    UserFactory(email="ada@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="ADA@example.org", display_name="Other Ada")


def test_user_str_prefers_display_name():
    assert str(UserFactory(display_name="Ada", email="a@example.org")) == "Ada"


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


def test_hash_token_is_sha256_hex_and_not_the_token():
    digest = hash_token("secret-token")
    assert len(digest) == 64
    assert digest != "secret-token"
    assert digest == hash_token("secret-token")
    assert digest != hash_token("secret-token2")


def test_invitation_querysets_split_pending_and_expired(org_a):
    now = timezone.now()
    pending = Invitation.objects.create(
        organisation=org_a, email="a@example.org", token_hash="a", expires_at=now + timedelta(1)
    )
    expired = Invitation.objects.create(
        organisation=org_a, email="b@example.org", token_hash="b", expires_at=now - timedelta(1)
    )
    used = Invitation.objects.create(
        organisation=org_a,
        email="c@example.org",
        token_hash="c",
        expires_at=now - timedelta(1),
        accepted_at=now - timedelta(2),
    )
    assert list(Invitation.objects.pending()) == [pending]
    assert list(Invitation.objects.expired()) == [expired]
    assert expired.is_expired and not pending.is_expired
    assert used not in Invitation.objects.pending()


def test_only_one_open_invitation_per_address_and_organisation(org_a):
    expires = timezone.now() + timedelta(days=7)
    Invitation.objects.create(
        organisation=org_a, email="new@example.org", token_hash="x", expires_at=expires
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            organisation=org_a, email="NEW@example.org", token_hash="y", expires_at=expires
        )
