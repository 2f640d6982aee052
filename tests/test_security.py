"""Production settings pass Django's deployment checks; every response carries the headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        "--settings=salford_sv.settings.production",
        DJANGO_SECRET_KEY="x" * 10 + "a-long-random-looking-key-for-the-check-0123456789",
        DJANGO_ALLOWED_HOSTS="socialvalue.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage(
        "check",
        "--settings=salford_sv.settings.production",
        DJANGO_ALLOWED_HOSTS="socialvalue.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_templates_carry_no_inline_script(client):
    for url in ["/", "/accounts/signup/", "/accounts/login/", "/organisations/"]:
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), f"inline script on {url}"
        assert " onclick=" not in html and " onload=" not in html


def test_passwords_are_hashed_with_argon2_outside_tests():
    from salford_sv.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


# ---------------------------------------------------------------------------
# Security review, finding 7: the smaller findings
# ---------------------------------------------------------------------------


@pytest.fixture
def public_pledge(org_a, users):
    from pledges.models import Pledge
    from tests.pledges.factories import make_pledge

    return make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, pledger=users["member_a"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/accounts/", "/accounts/my-data.json", "/pledges/mine/", "/", "/toolkit/checklist/"],
)
def test_signed_in_responses_are_private_and_never_stored(path, client_for):
    """Signed-in pages and the data download carried no Cache-Control at all."""
    response = client_for("member_a").get(path)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


@pytest.mark.django_db
def test_a_public_badge_fetched_while_signed_in_is_not_stored_either(public_pledge, client_for):
    response = client_for("member_a").get(f"/pledges/{public_pledge.pk}/badge.svg")
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_anonymous_public_pages_stay_cacheable(public_pledge, client):
    response = client.get(f"/pledges/{public_pledge.pk}/badge.svg")
    assert "public" in response["Cache-Control"]
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member_a"])
def test_every_response_has_a_permissions_policy(role, client_for):
    for path in ["/", "/healthz", "/accounts/login/", "/no-such-page/"]:
        policy = client_for(role).get(path)["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, path


@pytest.mark.django_db
def test_head_on_the_badge_answers_as_get(public_pledge, client):
    """HEAD answered 405: a link checker or a cache revalidating saw the badge broken."""
    url = f"/pledges/{public_pledge.pk}/badge.svg"
    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Type"].startswith("image/svg+xml")
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_head_works_on_the_other_get_only_downloads(client):
    assert client.head("/charter/signatories.csv").status_code == 200


@pytest.mark.django_db
def test_control_characters_in_a_stored_name_leave_the_badge_valid_xml(public_pledge, client):
    from xml.dom import minidom

    organisation = public_pledge.organisation
    type(organisation).objects.filter(pk=organisation.pk).update(
        name="Ordsall\x01 Café\x0b\x1f \ufffe\x7fBakers"
    )
    response = client.get(f"/pledges/{public_pledge.pk}/badge.svg")
    assert response.status_code == 200
    document = minidom.parseString(response.content)  # noqa: S318 (our own output)
    assert "Ordsall Café Bakers" in document.toxml()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Ordsall\x01Café", "Tab\there", "Line\nbreak", "Nul\x00l"])
def test_names_with_control_characters_are_refused_as_typed(name, client_for, org_a):
    from accounts.forms import OrganisationForm, ProfileForm

    form = OrganisationForm.for_organisation(
        org_a,
        data={
            "name": name,
            "sector": org_a.sector,
            "size_band": org_a.size_band,
            "postcode": org_a.postcode,
            "org_ward": "outside",
        },
    )
    assert not form.is_valid() and "name" in form.errors
    profile = ProfileForm(data={"display_name": name})
    assert not profile.is_valid() and "display_name" in profile.errors


@pytest.mark.django_db
def test_an_over_long_suspension_reason_is_kept_and_explained(client_for, org_a):
    """A reason over 1,000 characters was silently lost: a redirect and the wrong message."""
    reason = "The organisation has not answered our letters. " * 30  # about 1,400 characters
    response = client_for("staff").post(
        f"/organisations/{org_a.slug}/status/", {"action": "suspended", "reason": reason}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page
    assert "at most 1000 characters" in page
    assert reason.strip() in page.replace("&#x27;", "'")
    org_a.refresh_from_db()
    assert not org_a.is_suspended


@pytest.mark.django_db
def test_an_over_long_decision_note_is_kept_and_explained(client_for, org_a, users):
    """Every staff decision form (core.forms.DecisionForm) refuses a long note aloud."""
    from pledges.models import Pledge
    from tests.pledges.factories import make_pledge

    pledge = make_pledge(
        status=Pledge.Status.SUBMITTED, organisation=org_a, pledger=users["member_a"]
    )
    note = "Please add a measurable target to each commitment. " * 25
    response = client_for("staff").post(
        f"/moderation/pledges/{pledge.pk}/", {"decision": "changes_requested", "note": note}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page
    assert note.strip() in page
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED
