"""The charter's pages through the test client: signing, staff decisions, the certificate
and its check, the directory and its CSV, concerns, and the pages that link to it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from charter.models import Signature, SignatureConcern, SignatureReview
from charter.views.public import CONCERNS_PER_HOUR

from ..accounts.factories import admin_of
from .factories import make_signature, statements

pytestmark = pytest.mark.django_db

Status = Signature.Status


def sign_form(action: str = "submit", **overrides) -> dict:
    data = {
        "role": "provider",
        "signatory_name": "Ada Lovelace",
        "signatory_position": "Chief Executive",
        "authority_confirmed": "on",
        "basis": "voluntary",
        "contract_reference": "",
        "action": action,
    }
    for area, statement in statements().items():
        data[f"{area}_text"] = statement.text
        data[f"{area}_date"] = statement.target_date.isoformat()
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Signing ------------------------------------------------------------------


def test_an_admin_saves_a_draft_then_finds_it_again(client_for, org_a):
    client = client_for("admin_a")
    response = client.post("/charter/sign/", sign_form("draft", signatory_name="Ada"))
    signature = Signature.objects.get(organisation=org_a)
    assert response.status_code == 302
    assert response["Location"] == f"/charter/signatures/{signature.pk}/"
    assert signature.status == Status.DRAFT
    again = client.get("/charter/sign/")
    assert again.context["form"]["signatory_name"].value() == "Ada"
    assert again.context["form"]["embed_text"].value().startswith("Embed social value")


def test_submitting_with_gaps_says_what_is_missing_and_keeps_what_was_typed(client_for):
    response = client_for("admin_a").post(
        "/charter/sign/",
        sign_form(authority_confirmed=None, deliver_text="", demonstrate_date="2001-01-01"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page
    form = response.context["form"]
    assert set(form.errors) == {"authority_confirmed", "deliver_text", "demonstrate_date"}
    assert form["signatory_name"].value() == "Ada Lovelace"
    assert not Signature.objects.exists()


def test_submitting_sends_the_signature_to_staff(client_for, org_a):
    response = client_for("admin_a").post("/charter/sign/", sign_form(), follow=True)
    signature = Signature.objects.get(organisation=org_a)
    assert signature.status == Status.SUBMITTED
    assert "with the alliance’s staff to verify" in response.content.decode()
    queue = client_for("staff").get("/moderation/?kind=charter-signatures")
    assert f"/moderation/charter/{signature.pk}/" in queue.content.decode()


def test_an_organisation_that_has_signed_is_shown_its_signature(client_for, org_a):
    signature = make_signature(org_a, status=Status.SUBMITTED)
    response = client_for("admin_a").get("/charter/sign/")
    assert response.status_code == 302
    assert response["Location"] == signature.get_absolute_url()


def test_an_admin_of_two_organisations_chooses_which_signs(client_for, users, org_b):
    from accounts.models import Membership

    Membership.objects.create(user=users["admin_a"], organisation=org_b, role="admin")
    client = client_for("admin_a")
    choose = client.get("/charter/sign/")
    assert choose.templates[0].name == "charter/choose_organisation.html"
    form = client.get(f"/charter/sign/?organisation={org_b.slug}")
    assert form.context["organisation"] == org_b


def test_someone_who_cannot_sign_is_told_who_can(client_for):
    response = client_for("member_a").get("/charter/sign/")
    assert response.status_code == 403
    assert "through one of its admins" in response.content.decode()


def test_the_sign_form_offers_only_the_organisations_public_evidence(client_for, org_a, org_b):
    from pledges.models import Pledge

    from ..pledges.factories import make_pledge

    own = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, title="Our own")
    make_pledge(status=Pledge.Status.DRAFT, organisation=org_a, title="Our draft")
    make_pledge(status=Pledge.Status.APPROVED, organisation=org_b, title="Someone else’s")
    form = client_for("admin_a").get("/charter/sign/").context["form"]
    assert [label for _key, label in form.fields["embed_evidence"].choices] == [
        f"Pledge: {own.title}"
    ]


# --- Staff decisions ----------------------------------------------------------------


def test_staff_verify_from_the_review_page(client_for, org_a, django_capture_on_commit_callbacks):
    signature = make_signature(org_a, status=Status.SUBMITTED)
    client = client_for("staff")
    page = client.get(f"/moderation/charter/{signature.pk}/")
    assert "Verify" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moderation/charter/{signature.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.status == Status.VERIFIED


def test_staff_asking_for_changes_must_say_what(client_for, org_a):
    signature = make_signature(org_a, status=Status.SUBMITTED)
    response = client_for("staff").post(
        f"/moderation/charter/{signature.pk}/", {"decision": "changes", "note": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    client_for("staff").post(
        f"/moderation/charter/{signature.pk}/", {"decision": "changes", "note": "Add dates."}
    )
    page = client_for("admin_a").get(signature.get_absolute_url()).content.decode()
    assert "Add dates." in page


def test_staff_accept_a_yearly_review(client_for, users, org_a):
    signature = make_signature(org_a, months_ago=12)
    review = SignatureReview.objects.create(signature=signature, status="submitted")
    response = client_for("staff").post(
        f"/moderation/charter/reviews/{review.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == SignatureReview.Status.ACCEPTED


def test_the_review_form_saves_and_submits(client_for, org_a):
    signature = make_signature(org_a, months_ago=12)
    data = sign_form()
    for area in ("embed", "deliver", "demonstrate"):
        data[f"{area}_done"] = f"Done for {area}."
    client = client_for("admin_a")
    assert client.get(f"/charter/signatures/{signature.pk}/review/").status_code == 200
    response = client.post(f"/charter/signatures/{signature.pk}/review/", data)
    assert response.status_code == 302
    review = SignatureReview.objects.get(signature=signature)
    assert review.status == SignatureReview.Status.SUBMITTED
    assert review.entries.get(area="embed").done == "Done for embed."


# --- The certificate and its check ------------------------------------------------


def test_the_certificate_has_its_number_verification_address_and_qr_code(client_for, org_a):
    signature = make_signature(org_a)
    page = client_for("member_a").get(f"/charter/signatures/{signature.pk}/certificate/")
    html = page.content.decode()
    assert signature.certificate_number in html
    assert f"/charter/certificates/{signature.certificate_token}/" in html
    assert '<svg width="' in html and 'class="qr-code"' in html
    assert "<script>" not in html


def test_no_certificate_before_verification(client_for, org_a):
    signature = make_signature(org_a, status=Status.SUBMITTED)
    response = client_for("admin_a").get(f"/charter/signatures/{signature.pk}/certificate/")
    assert response.status_code == 404
    assert client_for("anonymous").get(signature.get_verification_url()).status_code == 404


# --- Concerns ------------------------------------------------------------------


def test_anyone_can_report_a_concern_and_staff_deal_with_it(client_for, org_a):
    signature = make_signature(org_a)
    response = client_for("anonymous").post(
        f"/charter/signatures/{signature.pk}/concern/", {"text": "They do not pay the Living Wage."}
    )
    assert response.status_code == 302
    concern = SignatureConcern.objects.get()
    staff = client_for("staff")
    queue = staff.get("/moderation/?kind=charter-concerns").content.decode()
    assert "They do not pay the Living Wage." in queue
    staff.post(f"/moderation/charter/concerns/{concern.pk}/", {"resolution": "Checked."})
    concern.refresh_from_db()
    assert concern.resolved_at is not None
    assert signature.events.get(action="concern_resolved").note == "Checked."


def test_anonymous_concerns_are_limited(client_for, org_a):
    signature = make_signature(org_a)
    client = client_for("anonymous")
    url = f"/charter/signatures/{signature.pk}/concern/"
    for _ in range(CONCERNS_PER_HOUR):
        assert client.post(url, {"text": "Spam?"}).status_code == 302
    assert client.post(url, {"text": "Spam?"}).status_code == 429
    assert SignatureConcern.objects.count() == CONCERNS_PER_HOUR
    # A signed-in reporter is known to staff and is not limited this way.
    assert client_for("resident").post(url, {"text": "Real worry."}).status_code == 302


def test_anonymous_concerns_wait_while_they_cannot_be_counted(client_for, org_a, redis_down):
    """Redis down: the limit fails closed for anonymous reports, and only for them."""
    signature = make_signature(org_a)
    url = f"/charter/signatures/{signature.pk}/concern/"
    response = client_for("anonymous").post(url, {"text": "Spam?"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "We cannot take reports for a moment. Please try again shortly." in html
    assert "Spam?" in html
    assert not SignatureConcern.objects.exists()
    assert client_for("resident").post(url, {"text": "Real worry."}).status_code == 302


def test_no_concern_about_an_organisation_that_is_not_listed(client_for, org_a):
    signature = make_signature(org_a, status=Status.WITHDRAWN)
    assert (
        client_for("anonymous").get(f"/charter/signatures/{signature.pk}/concern/").status_code
        == 404
    )


# --- The pages that link to the charter -------------------------------------------


def test_the_organisation_page_shows_status_statements_and_latest_review(client_for, users, org_a):
    from charter import services

    signature = make_signature(org_a, months_ago=12)
    review = services.signature_review_submit(
        signature=signature, actor=users["admin_a"], entries=statements()
    )
    services.signature_review_accept(review=review, actor=users["staff"])
    html = client_for("anonymous").get(f"/organisations/{org_a.slug}/").content.decode()
    assert 'data-testid="organisation-charter"' in html
    assert "Signatory" in html
    assert "Embed social value: what we did this year." in html
    assert "Our latest yearly review" in html
    assert signature.certificate_token in html


def test_the_organisation_page_invites_its_admin_to_sign(client_for, org_a):
    html = client_for("admin_a").get(f"/organisations/{org_a.slug}/").content.decode()
    assert "is not a signatory" in html
    assert f"/charter/sign/?organisation={org_a.slug}" in html


def test_the_home_page_and_the_guide_link_to_the_charter(client_for):
    call_command("load_reference_data", verbosity=0)
    client = client_for("anonymous")
    assert 'href="/charter/"' in client.get("/").content.decode()
    guide = client.get("/toolkit/guides/embed-deliver-demonstrate-and-the-charter/")
    assert 'href="/charter/"' in guide.content.decode()
    charter = client.get("/charter/")
    assert charter.status_code == 200
    assert "Our principles" in charter.content.decode()


def test_the_data_download_has_the_signatures_a_person_made(client_for, users, org_a):
    make_signature(org_a, signed_by=users["admin_a"])
    data = client_for("admin_a").get("/accounts/my-data.json").json()
    assert data["charter_signatures"][0]["organisation"] == org_a.name


def test_the_digest_counts_charter_work(users, org_a, django_capture_on_commit_callbacks):
    from moderation.services import moderation_digest_send

    make_signature(org_a, status=Status.SUBMITTED)
    admin_of(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation_digest_send()
    assert "charter signatures to verify" in mail.outbox[0].body
