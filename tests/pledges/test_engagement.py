"""Supporting a pledge, reporting a concern, posting progress with evidence, the badge."""

from __future__ import annotations

import struct
import zlib
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pledges.forms import EVIDENCE_MAX_BYTES
from pledges.models import ConcernReport, Pledge, ProgressUpdate, Support

from ..accounts.factories import OrganisationFactory, UserFactory
from .factories import CommitmentFactory, make_pledge

pytestmark = pytest.mark.django_db

APPROVED = Pledge.Status.APPROVED


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pledge(org_a, users) -> Pledge:
    """Organisation A's approved pledge with one commitment: 10 volunteers."""
    pledge = make_pledge(
        status=APPROVED,
        organisation=org_a,
        pledger=users["member_a"],
        commitments=0,
        title="Volunteering for Ordsall",
    )
    CommitmentFactory(
        pledge=pledge, text="Recruit ten volunteers", target_value=10, target_unit="volunteers"
    )
    return pledge


def progress_url(pledge: Pledge, commitment=None) -> str:
    commitment = commitment or pledge.commitments.get()
    return f"/pledges/{pledge.pk}/commitments/{commitment.pk}/progress/"


def png_bytes() -> bytes:
    """A real one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def parse_svg(content: bytes) -> ElementTree.Element:
    """Our own response, parsed to prove it is well-formed XML."""
    return ElementTree.fromstring(content)  # noqa: S314 (trusted: the view under test)


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# ---------------------------------------------------------------------------
# Support
# ---------------------------------------------------------------------------


def test_support_then_withdraw_it(client_for, users, pledge):
    client = client_for("resident")
    url = f"/pledges/{pledge.pk}/support/"
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert '<input type="hidden" name="support" value="support">' in page

    response = client.post(url, {"support": "support"}, follow=True)
    assert response.redirect_chain == [(pledge.get_absolute_url(), 302)]
    html = response.content.decode()
    assert "Thank you: you now support this pledge." in html
    assert 'aria-pressed="true"' in html
    assert 'data-testid="support-count">1<' in html
    # Pressed again, the same button now means "withdraw".
    assert '<input type="hidden" name="support" value="withdraw">' in html
    assert Support.objects.filter(pledge=pledge, user=users["resident"]).count() == 1

    response = client.post(url, {"support": "withdraw"}, follow=True)
    html = response.content.decode()
    assert "You no longer support this pledge." in html
    assert 'aria-pressed="false"' in html
    assert 'data-testid="support-count">0<' in html
    assert not Support.objects.filter(pledge=pledge).exists()


def test_the_same_support_sent_twice_still_supports(client_for, users, pledge):
    """A double click, or a second tab: the second "support" must not take it back."""
    client = client_for("resident")
    url = f"/pledges/{pledge.pk}/support/"
    for _ in range(2):
        response = client.post(url, {"support": "support"}, follow=True)
        assert "Thank you: you now support this pledge." in response.content.decode()
    assert Support.objects.filter(pledge=pledge, user=users["resident"]).count() == 1


def test_the_same_withdrawal_sent_twice_stays_withdrawn(client_for, users, pledge):
    Support.objects.create(pledge=pledge, user=users["resident"])
    client = client_for("resident")
    url = f"/pledges/{pledge.pk}/support/"
    for _ in range(2):
        response = client.post(url, {"support": "withdraw"}, follow=True)
        assert "You no longer support this pledge." in response.content.decode()
    assert not Support.objects.exists()


@pytest.mark.parametrize("data", [{}, {"support": "toggle"}])
def test_a_support_form_that_says_neither_is_a_bad_request(client_for, pledge, data):
    response = client_for("resident").post(f"/pledges/{pledge.pk}/support/", data)
    assert response.status_code == 400
    assert not Support.objects.exists()


def test_supports_from_several_people_are_counted(client_for, pledge):
    for role in ["resident", "member_b", "commissioner"]:
        client_for(role).post(f"/pledges/{pledge.pk}/support/", {"support": "support"})
    html = client_for("staff").get(pledge.get_absolute_url()).content.decode()
    assert 'data-testid="support-count">3<' in html
    assert 'aria-pressed="false"' in html  # staff have not supported it
    for name in ["Rosa", "Bea", "Cat"]:
        assert name in html


def test_anonymous_support_is_sent_to_log_in_and_back_to_the_pledge(client, pledge):
    response = client.post(f"/pledges/{pledge.pk}/support/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/pledges/{pledge.pk}/"
    assert not Support.objects.exists()


def test_support_takes_only_a_post(client_for, pledge):
    assert client_for("resident").get(f"/pledges/{pledge.pk}/support/").status_code == 405


def test_a_pledge_that_is_not_approved_cannot_be_supported(client_for, users, org_a):
    draft = make_pledge(organisation=org_a, pledger=users["member_a"])
    # Not visible to the resident at all; visible to its author, who cannot support it.
    url = f"/pledges/{draft.pk}/support/"
    assert client_for("resident").post(url, {"support": "support"}).status_code == 404
    response = client_for("member_a").post(url, {"support": "support"}, follow=True)
    assert "Only an approved pledge can be supported." in response.content.decode()
    assert not Support.objects.exists()


# ---------------------------------------------------------------------------
# Concerns
# ---------------------------------------------------------------------------


def test_anonymous_visitor_reports_a_concern_with_an_email(client, pledge):
    page = client.get(f"/pledges/{pledge.pk}/concern/")
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()
    response = client.post(
        f"/pledges/{pledge.pk}/concern/",
        {"text": "This reads like an advert.", "email": "worried@example.org"},
        follow=True,
    )
    assert response.redirect_chain == [(pledge.get_absolute_url(), 302)]
    assert "Thank you. Alliance staff will look at your concern" in response.content.decode()
    concern = ConcernReport.objects.get()
    assert concern.pledge == pledge
    assert concern.reporter is None
    assert concern.reporter_email == "worried@example.org"
    assert concern.text == "This reads like an advert."


def test_signed_in_person_reports_a_concern_without_giving_an_email(client_for, users, pledge):
    client = client_for("resident")
    assert 'name="email"' not in client.get(f"/pledges/{pledge.pk}/concern/").content.decode()
    response = client.post(f"/pledges/{pledge.pk}/concern/", {"text": "Not true."})
    assert response.status_code == 302
    concern = ConcernReport.objects.get()
    assert concern.reporter == users["resident"]


def test_a_bad_concern_is_refused_and_keeps_what_was_typed(client, pledge):
    response = client.post(
        f"/pledges/{pledge.pk}/concern/", {"text": "Something is off here.", "email": "nope"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please check what you entered" in html
    assert "Something is off here." in html
    assert not ConcernReport.objects.exists()
    empty = client.post(f"/pledges/{pledge.pk}/concern/", {"text": "  "})
    assert empty.status_code == 200
    assert "This field is required." in empty.content.decode()


def test_no_concern_about_a_pledge_that_is_not_public(client_for, users, org_a):
    draft = make_pledge(organisation=org_a, pledger=users["member_a"])
    assert client_for("anonymous").get(f"/pledges/{draft.pk}/concern/").status_code == 404
    assert client_for("member_a").get(f"/pledges/{draft.pk}/concern/").status_code == 403


# ---------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------


def test_owner_posts_a_figure_and_the_bar_moves(client_for, users, pledge):
    client = client_for("admin_a")
    assert client.get(progress_url(pledge)).status_code == 200
    response = client.post(
        progress_url(pledge), {"text": "Four people started this month.", "figure": "4"}
    )
    commitment = pledge.commitments.get()
    assert response.status_code == 302
    assert response["Location"] == f"{pledge.get_absolute_url()}#commitment-{commitment.pk}"
    commitment.refresh_from_db()
    assert commitment.current_value == Decimal("4")
    assert commitment.done_at is None
    update = ProgressUpdate.objects.get()
    assert update.author == users["admin_a"]
    html = client.get(pledge.get_absolute_url()).content.decode()
    assert "4 of 10 volunteers" in html
    assert 'aria-valuenow="40"' in html
    assert "Four people started this month." in html
    assert "Your progress update is published." in html


def test_owner_marks_a_commitment_done(client_for, pledge):
    client = client_for("member_a")
    client.post(progress_url(pledge), {"text": "All ten recruited.", "marks_done": "on"})
    commitment = pledge.commitments.get()
    assert commitment.done_at is not None
    assert commitment.progress_percent == 100
    html = client.get(pledge.get_absolute_url()).content.decode()
    assert 'aria-valuenow="100"' in html
    assert "marked done" in html


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("report.pdf", PDF, "application/pdf"), ("photo.png", png_bytes(), "image/png")],
)
def test_real_evidence_files_are_accepted(client_for, pledge, name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client_for("member_a").post(
        progress_url(pledge), {"text": "Here is the proof.", "evidence": upload}
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.evidence.name.startswith(f"evidence/{pledge.pk}/")
    assert update.evidence.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "File extension “exe” is not allowed"),
        ("report.pdf", b"MZ\x90\x00 not a pdf at all", "do not match its type (.pdf)"),
        ("photo.png", PDF, "do not match its type (.png)"),
        ("big.pdf", b"%PDF" + b"0" * EVIDENCE_MAX_BYTES, "larger than 5 MB"),
    ],
    ids=["wrong-type", "pdf-that-is-not", "png-that-is-a-pdf", "too-big"],
)
def test_bad_evidence_is_refused_and_the_text_is_kept(client_for, pledge, name, content, message):
    response = client_for("member_a").post(
        progress_url(pledge),
        {"text": "Proof attached.", "figure": "3", "evidence": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Please check what you entered" in html
    assert "Proof attached." in html
    assert 'value="3"' in html
    assert not ProgressUpdate.objects.exists()
    assert pledge.commitments.get().current_value == 0


def test_a_figure_that_is_not_a_number_is_refused(client_for, pledge):
    response = client_for("member_a").post(
        progress_url(pledge), {"text": "Going well.", "figure": "lots"}
    )
    assert response.status_code == 200
    assert "Enter the figure as a number" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("role", ["resident", "member_b", "staff", "commissioner"])
def test_only_owners_post_progress(client_for, pledge, role):
    client = client_for(role)
    assert client.get(progress_url(pledge)).status_code == 403
    assert client.post(progress_url(pledge), {"text": "Not mine."}).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_anonymous_is_sent_to_log_in_for_progress(client, pledge):
    response = client.get(progress_url(pledge))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_commitment_of_another_pledge_is_404(client_for, users, org_a, pledge):
    other = make_pledge(status=APPROVED, organisation=org_a, pledger=users["member_a"])
    url = progress_url(pledge, other.commitments.get())
    assert client_for("member_a").get(url).status_code == 404


def test_progress_on_a_pledge_the_user_cannot_see_is_404(client_for, users, org_b):
    hidden = make_pledge(organisation=org_b, pledger=users["member_b"])
    assert client_for("member_a").get(progress_url(hidden)).status_code == 404


def test_no_progress_on_a_draft(client_for, users, org_a):
    draft = make_pledge(organisation=org_a, pledger=users["member_a"])
    assert client_for("member_a").get(progress_url(draft)).status_code == 403


# ---------------------------------------------------------------------------
# The badge
# ---------------------------------------------------------------------------


def test_badge_is_a_cacheable_accessible_svg(client, pledge):
    response = client.get(f"/pledges/{pledge.pk}/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    svg = parse_svg(response.content)
    assert svg.get("role") == "img"
    title = svg.find("{http://www.w3.org/2000/svg}title")
    assert title.text == "Ordsall Community Café pledged to make Salford 10% Better"
    texts = "".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "We pledged to make" in texts and "Salford 10% Better" in texts
    assert "Ordsall Community Café" in texts


def test_badge_escapes_the_name(client):
    organisation = OrganisationFactory(name='Tom & Jerry\'s <script>alert("x")</script>')
    pledge = make_pledge(status=APPROVED, organisation=organisation)
    response = client.get(f"/pledges/{pledge.pk}/badge.svg")
    body = response.content.decode()
    assert "<script>" not in body
    assert "&lt;script&gt;" in body and "&amp;" in body
    svg = parse_svg(response.content)  # still well-formed XML
    title = svg.find("{http://www.w3.org/2000/svg}title").text
    assert title.startswith('Tom & Jerry\'s <script>alert("x")</script>')


def test_badge_of_a_personal_pledge_names_the_resident(client):
    pledge = make_pledge(status=APPROVED, pledger=UserFactory(display_name="Rosa <b>"))
    body = client.get(f"/pledges/{pledge.pk}/badge.svg").content.decode()
    assert "Rosa &lt;b&gt;" in body


def test_a_long_name_is_shortened_on_the_badge_but_whole_in_its_title(client):
    name = "The Very Long Named Salford Community Interest Company Limited"
    pledge = make_pledge(status=APPROVED, organisation=OrganisationFactory(name=name))
    svg = parse_svg(client.get(f"/pledges/{pledge.pk}/badge.svg").content)
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[-1].endswith("…") and len(texts[-1]) <= 38
    assert name in svg.find("{http://www.w3.org/2000/svg}title").text


@pytest.mark.parametrize(
    "status",
    [
        Pledge.Status.DRAFT,
        Pledge.Status.SUBMITTED,
        Pledge.Status.REJECTED,
        Pledge.Status.WITHDRAWN,
        Pledge.Status.LAPSED,
    ],
)
def test_no_badge_unless_approved(client_for, users, org_a, status):
    pledge = make_pledge(status=status, organisation=org_a, pledger=users["member_a"])
    # Not even for its own organisation.
    assert client_for("member_a").get(f"/pledges/{pledge.pk}/badge.svg").status_code == 404


def test_no_badge_for_a_suspended_organisation(client, pledge, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save()
    assert client.get(f"/pledges/{pledge.pk}/badge.svg").status_code == 404


@pytest.mark.parametrize("length", [90, 150])
def test_a_long_file_name_is_shortened_to_fit(client_for, pledge, length):
    """The stored path has room for 100 characters: the storage shortens a longer name
    rather than failing the upload."""
    name = "e" * length + ".pdf"
    response = client_for("member_a").post(
        progress_url(pledge), {"text": "Receipts.", "evidence": SimpleUploadedFile(name, PDF)}
    )
    assert response.status_code == 302
    stored = ProgressUpdate.objects.get().evidence
    assert len(stored.name) <= 100
    assert stored.name.endswith(".pdf")


def test_the_pledging_organisation_cannot_support_its_own_pledge(client_for, users, org_a):
    approved = make_pledge(status="approved", organisation=org_a, pledger=users["admin_a"])

    response = client_for("member_a").post(
        f"/pledges/{approved.pk}/support/", {"support": "support"}, follow=True
    )

    assert "you cannot support your own pledge" in response.content.decode()
    assert not Support.objects.exists()
    page = client_for("member_a").get(f"/pledges/{approved.pk}/").content.decode()
    assert "aria-pressed" not in page


def test_evidence_is_downloaded_as_an_attachment_never_shown_inline(client, users, org_a):
    from django.core.files.base import ContentFile

    from pledges.models import ProgressUpdate

    approved = make_pledge(status="approved", organisation=org_a, pledger=users["admin_a"])
    update = ProgressUpdate(commitment=approved.commitments.get(), text="Receipts attached.")
    update.evidence.save("receipts.pdf", ContentFile(b"%PDF-1.4 receipts"), save=True)

    response = client.get(f"/pledges/{approved.pk}/updates/{update.pk}/evidence/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 receipts"
    other = make_pledge(status="approved", organisation=org_a)
    assert client.get(f"/pledges/{other.pk}/updates/{update.pk}/evidence/").status_code == 404


def test_concerns_from_one_address_are_limited(client, pledge):
    url = f"/pledges/{pledge.pk}/concern/"
    statuses = [client.post(url, {"text": f"Concern {n}"}).status_code for n in range(7)]

    assert statuses == [302] * 5 + [429, 429]
    assert ConcernReport.objects.count() == 5
