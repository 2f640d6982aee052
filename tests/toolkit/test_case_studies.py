"""Case studies through HTTP: writing one, submitting it, staff deciding on it in the
moderation queue, the published list and its filters, images and what stays private."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Membership
from measures.models import Outcome
from moderation.services import moderation_digest_send
from toolkit.models import CaseStudy, CaseStudyEvent

from ..accounts.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    reauthenticate,
)
from ..pledges.factories import make_pledge
from .case_study_factories import JPEG_HEAD, WEBP_HEAD, make_case_study, png_bytes, upload

pytestmark = pytest.mark.django_db

Status = CaseStudy.Status
LIST = "/toolkit/case-studies/"
NEW = "/toolkit/case-studies/new/"
QUEUE = "/moderation/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def text(response) -> str:
    return unescape(response.content.decode())


def detail_url(case_study: CaseStudy) -> str:
    return f"/toolkit/case-studies/{case_study.pk}/"


def review_url(case_study: CaseStudy) -> str:
    return f"/moderation/case-studies/{case_study.pk}/"


def image_url(case_study: CaseStudy) -> str:
    return f"/toolkit/case-studies/{case_study.pk}/image/"


def form_data(**overrides) -> dict:
    data = {
        "title": "How our café became a hub",
        "summary": "A small café on the estate became the place where neighbours meet.",
        "story": "We started with **one table**.\n\n- Volunteers\n- A lunch club",
        "sector": "community_group",
        "shows_values": "on",
        "shows_partnerships": "on",
        "outcomes": [str(Outcome.objects.get(number=1).pk)],
        "image_alt": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def published(org, **kwargs) -> CaseStudy:
    return make_case_study(organisation=org, status=Status.APPROVED, **kwargs)


# ---------------------------------------------------------------------------
# Writing one
# ---------------------------------------------------------------------------


def test_the_form_explains_the_qualities_the_outcomes_and_the_formatting(client_for, org_a):
    response = client_for("member_a").get(NEW)

    assert response.status_code == 200
    body = text(response)
    for quality in ("Values and ethos", "Delivery", "Partnerships", "Internal operations"):
        assert quality in body
    assert "not “clients”" in body  # each quality has its line from the CLES findings
    assert "Research by CLES" in body
    for theme in ("People", "Planet", "Prosperity"):
        assert f">{theme}</legend>" in body
    assert "**bold**" in body and "## Heading" in body
    assert 'enctype="multipart/form-data"' in body
    # One organisation: no choice to make, and its sector is the default.
    assert "For Ordsall Community Café." in body
    assert '<option value="" selected>The organisation’s own (Community group)</option>' in body


def test_a_member_of_two_organisations_chooses_which(client_for, users, org_a, org_b):
    MembershipFactory(organisation=org_b, user=users["member_a"])
    org_b.sector = "charity"
    org_b.save(update_fields=["sector"])
    client = client_for("member_a")

    body = text(client.get(NEW))
    assert "Which organisation is this case study about?" in body
    assert 'type="radio"' in body

    assert '<option value="" selected>The organisation’s own</option>' in body

    response = client.post(NEW, form_data(organisation=str(org_b.pk), sector=""))
    assert response.status_code == 302
    assert CaseStudy.objects.get().organisation == org_b
    # Left as it was, the sector is the chosen organisation's.
    assert CaseStudy.objects.get().sector == "charity"


def test_someone_cannot_write_for_an_organisation_they_are_not_in(client_for, users, org_b):
    MembershipFactory(organisation=org_b, user=users["member_a"])
    elsewhere = OrganisationFactory()

    response = client_for("member_a").post(NEW, form_data(organisation=str(elsewhere.pk)))

    assert response.status_code == 200
    assert "Choose one of your organisations." in text(response)
    assert not CaseStudy.objects.exists()


def test_with_one_organisation_there_is_nothing_to_choose(client_for, org_a, org_b):
    response = client_for("member_a").post(NEW, form_data(organisation=str(org_b.pk)))

    assert response.status_code == 302
    assert CaseStudy.objects.get().organisation == org_a


@pytest.mark.parametrize("role", ["resident", "staff", "commissioner"])
def test_someone_in_no_organisation_is_told_how_to_join_one(client_for, role):
    response = client_for(role).get(NEW)

    assert response.status_code == 403
    body = text(response)
    assert "Case studies are written by organisations" in body
    assert "list of organisations" in body
    assert "ask to join" in body


def test_a_suspended_organisations_member_cannot_write(client_for, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save(update_fields=["suspended_at"])

    assert client_for("member_a").get(NEW).status_code == 403


def test_save_draft_then_preview_then_submit(client_for, org_a, users):
    client = client_for("member_a")

    response = client.post(NEW, form_data())

    case_study = CaseStudy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(case_study)
    assert (case_study.status, case_study.organisation, case_study.author) == (
        Status.DRAFT,
        org_a,
        users["member_a"],
    )
    preview = text(client.get(detail_url(case_study)))
    assert "This is a preview of your draft" in preview
    assert "Draft" in preview
    assert "<strong>one table</strong>" in preview
    assert "Submit for moderation" in preview
    assert f'action="/toolkit/case-studies/{case_study.pk}/submit/"' in preview

    response = client.post(f"/toolkit/case-studies/{case_study.pk}/submit/")

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED
    page = text(client.get(detail_url(case_study)))
    assert "Awaiting moderation" in page
    assert "with the alliance’s staff" in page
    assert "Submit for moderation" not in page
    assert "Submitted for moderation" in page  # the history


def test_submitting_what_is_not_ready_says_why(client_for, org_a, users):
    case_study = make_case_study(organisation=org_a, author=users["member_a"], shows_values=False)

    response = client_for("member_a").post(f"/toolkit/case-studies/{case_study.pk}/submit/")

    assert response.status_code == 200
    assert "Your case study was not submitted" in text(response)
    assert "at least one of the four qualities" in text(response)
    case_study.refresh_from_db()
    assert case_study.status == Status.DRAFT


def test_missing_fields_are_listed_and_typed_text_kept(client_for):
    response = client_for("member_a").post(
        NEW, form_data(title="", shows_values=None, shows_partnerships=None)
    )

    assert response.status_code == 200
    body = text(response)
    assert "data-focus-on-load" in body and 'data-testid="error-summary"' in body
    assert "Give the case study a title." in body
    assert '<a href="#qualities">Choose at least one of the four qualities' in body
    assert "A small café on the estate" in body
    assert "We started with **one table**." in body
    assert not CaseStudy.objects.exists()


def test_edit_keeps_the_organisation_and_shows_the_staffs_note(client_for, org_a, users):
    case_study = make_case_study(
        organisation=org_a,
        author=users["member_a"],
        moderation_note="Say what changed for people.",
        title="Before",
    )
    client = client_for("admin_a")

    body = text(client.get(f"/toolkit/case-studies/{case_study.pk}/edit/"))
    assert 'value="Before"' in body
    assert "Say what changed for people." in body
    assert 'name="organisation"' not in body

    response = client.post(f"/toolkit/case-studies/{case_study.pk}/edit/", form_data(title="After"))

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.title == "After"


def test_what_is_submitted_cannot_be_edited(client_for, org_a, users):
    case_study = make_case_study(
        organisation=org_a, author=users["member_a"], status=Status.SUBMITTED
    )

    client = client_for("member_a")
    assert client.get(f"/toolkit/case-studies/{case_study.pk}/edit/").status_code == 403
    assert client.post(f"/toolkit/case-studies/{case_study.pk}/submit/").status_code == 403


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------


def test_a_real_png_is_accepted_and_shown_with_its_description(client_for, org_a):
    client = client_for("member_a")

    response = client.post(
        NEW,
        form_data(image=upload("My Café Photo.PNG"), image_alt="Volunteers serving lunch"),
    )

    assert response.status_code == 302
    case_study = CaseStudy.objects.get()
    # Stored under a name of our own, not the one the person's computer gave it.
    assert re.fullmatch(rf"case-studies/{org_a.pk}/[0-9a-f]{{32}}\.png", case_study.image.name)
    body = text(client.get(detail_url(case_study)))
    assert f'src="{image_url(case_study)}" alt="Volunteers serving lunch"' in body

    image = client.get(image_url(case_study))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in image["Cache-Control"]
    assert b"".join(image.streaming_content) == png_bytes()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("picture.gif", b"GIF89a" + b"\x00" * 20, "Choose a PNG, JPEG or WebP image"),
        ("notes.txt", b"hello", "Choose a PNG, JPEG or WebP image"),
        ("no-extension", png_bytes(), "Choose a PNG, JPEG or WebP image"),
        ("photo.png", b"MZ\x90\x00 pretend executable", "contents are not a PNG image"),
        ("photo.jpg", png_bytes(), "contents are not a JPEG image"),
        ("photo.webp", JPEG_HEAD, "contents are not a WebP image"),
        ("big.png", png_bytes() + b"\x00" * (3 * 1024 * 1024), "larger than 3 MB"),
    ],
)
def test_wrong_or_oversized_images_are_refused(client_for, name, content, message):
    response = client_for("member_a").post(
        NEW, form_data(image=upload(name, content), image_alt="A picture")
    )

    assert response.status_code == 200
    body = text(response)
    assert message in body
    assert "choose it again" in body
    assert not CaseStudy.objects.exists()


@pytest.mark.parametrize("name, content", [("a.jpeg", JPEG_HEAD), ("a.webp", WEBP_HEAD)])
def test_jpeg_and_webp_are_accepted(client_for, name, content):
    response = client_for("member_a").post(
        NEW, form_data(image=upload(name, content + b"\x00" * 64), image_alt="A picture")
    )

    assert response.status_code == 302
    extension = name.rsplit(".", 1)[-1].replace("jpeg", "jpg")
    assert CaseStudy.objects.get().image.name.endswith(f".{extension}")


def test_an_image_without_a_description_is_refused_next_to_the_field(client_for):
    response = client_for("member_a").post(NEW, form_data(image=upload(), image_alt="  "))

    assert response.status_code == 200
    body = text(response)
    assert '<a href="#id_image_alt">Image description: Describe the image for people' in body
    # The message is beside the field as well as in the summary.
    field = body[body.index('id="id_image_alt"') :]
    assert "Describe the image for people who cannot see it." in field[:1500]
    # What was typed is still there.
    assert 'value="How our café became a hub"' in body
    assert "We started with **one table**." in body
    assert re.search(r'name="shows_partnerships"[^>]*checked', body)
    assert re.search(rf'value="{Outcome.objects.get(number=1).pk}"[^>]*checked', body)
    assert not CaseStudy.objects.exists()


def test_removing_an_image_on_edit(client_for, org_a, users, django_capture_on_commit_callbacks):
    client = client_for("member_a")
    client.post(NEW, form_data(image=upload(), image_alt="A picture"))
    case_study = CaseStudy.objects.get()

    edit = text(client.get(f"/toolkit/case-studies/{case_study.pk}/edit/"))
    assert "Remove the current image" in edit
    assert 'alt="A picture"' in edit

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/toolkit/case-studies/{case_study.pk}/edit/",
            form_data(remove_image="on", image_alt="A picture"),
        )

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert not case_study.image
    assert client.get(image_url(case_study)).status_code == 404


# ---------------------------------------------------------------------------
# What is public and what is not
# ---------------------------------------------------------------------------


def test_markdown_in_the_story_is_sanitised(client_for, org_a):
    story = (
        "Hello <script>alert('x')</script> world\n\n"
        '<img src=x onerror="alert(1)">\n\n'
        "[click](javascript:alert(1)) and [our site](https://example.org)"
    )
    case_study = published(org_a, story=story)

    body = client_for("anonymous").get(detail_url(case_study)).content.decode()

    assert "<script>alert" not in body
    assert "onerror" not in body
    assert "javascript:" not in body
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">our site</a>' in body


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED])
@pytest.mark.parametrize("role", ["anonymous", "resident", "member_b", "commissioner"])
def test_unpublished_case_studies_are_never_public(client_for, org_a, users, status, role):
    case_study = make_case_study(
        organisation=org_a,
        author=users["member_a"],
        status=status,
        title="Secret draft",
        image=upload(),
        image_alt="A picture",
    )
    client = client_for(role)

    assert client.get(detail_url(case_study)).status_code == 404
    assert client.get(image_url(case_study)).status_code == 404
    assert "Secret draft" not in text(client.get(LIST))
    assert "Secret draft" not in text(client.get(LIST, {"q": "Secret"}))


@pytest.mark.parametrize("role", ["member_a", "admin_a", "staff"])
def test_members_and_staff_see_unpublished_ones_with_status_note_and_history(
    client_for, org_a, users, role
):
    case_study = make_case_study(
        organisation=org_a,
        author=users["member_a"],
        status=Status.REJECTED,
        moderation_note="This reads as an advert.",
    )
    CaseStudyEvent.objects.create(
        case_study=case_study,
        action=CaseStudyEvent.Action.REJECTED,
        actor=users["staff"],
        note="This reads as an advert.",
    )

    response = client_for(role).get(detail_url(case_study))

    assert response.status_code == 200
    body = text(response)
    assert 'data-testid="status">Rejected<' in body
    assert 'data-testid="moderation-note"' in body
    assert "This reads as an advert." in body
    assert 'data-testid="history"' in body
    assert "by Sam on" in body


def test_the_public_page_has_no_status_badge_and_no_history(client_for, org_a):
    case_study = published(org_a, title="Our café")

    body = text(client_for("resident").get(detail_url(case_study)))

    assert "Our café" in body
    assert 'data-testid="status"' not in body
    assert 'data-testid="history"' not in body
    assert "Submit for moderation" not in body


def test_a_suspended_organisations_case_studies_are_hidden(client_for, org_a):
    case_study = published(org_a, title="From a suspended organisation")
    org_a.suspended_at = timezone.now()
    org_a.save(update_fields=["suspended_at"])

    assert "From a suspended organisation" not in text(client_for("anonymous").get(LIST))
    assert client_for("anonymous").get(detail_url(case_study)).status_code == 404
    member_view = client_for("member_a").get(detail_url(case_study))
    assert member_view.status_code == 200
    assert "hidden from the public" in text(member_view)


# ---------------------------------------------------------------------------
# The published list
# ---------------------------------------------------------------------------


@pytest.fixture
def library(org_a, org_b) -> dict[str, CaseStudy]:
    outcome_1, outcome_4 = Outcome.objects.get(number=1), Outcome.objects.get(number=4)
    charity = OrganisationFactory(name="Broughton Trust", sector="charity")
    return {
        "cafe": published(
            org_a,
            title="The café",
            summary="Lunch for all.",
            shows_values=True,
            outcomes=[outcome_1],
        ),
        "tools": published(
            org_b,
            title="The tool library",
            summary="Borrow, don’t buy.",
            shows_values=False,
            shows_partnerships=True,
            outcomes=[outcome_4],
        ),
        "trust": published(
            charity,
            title="Youth work",
            summary="Young people lead.",
            story="Our **apprentices** run the sessions.",
            sector="charity",
            shows_values=False,
            shows_delivery=True,
            shows_operations=True,
            outcomes=[outcome_1, outcome_4],
        ),
    }


def titles(response) -> list[str]:
    return [c.title for c in response.context["page"].object_list]


def test_the_list_shows_cards_newest_first(client_for, library, org_a):
    library["cafe"].published_at = timezone.now()
    library["cafe"].image = upload()
    library["cafe"].image_alt = "Lunch at the café"
    library["cafe"].save()

    response = client_for("anonymous").get(LIST)

    assert response.status_code == 200
    assert titles(response)[0] == "The café"
    body = text(response)
    assert "3 case studies found" in body
    card = body[body.index('data-testid="case-study-card"') :]
    card = card[: card.index("</article>")]
    assert f'src="{image_url(library["cafe"])}" alt="Lunch at the café"' in card
    assert "The café" in card and "Ordsall Community Café" in card and "Lunch for all." in card
    assert "Values and ethos" in card
    image = client_for("anonymous").get(image_url(library["cafe"]))
    assert image.status_code == 200
    assert image["Cache-Control"].startswith("public")


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"sector": "charity"}, ["Youth work"]),
        ({"sector": "community_group"}, ["The café", "The tool library"]),
        ({"quality": "partnerships"}, ["The tool library"]),
        ({"quality": "values"}, ["The café"]),
        ({"quality": "operations"}, ["Youth work"]),
        ({"outcome": "__1__"}, ["The café", "Youth work"]),
        ({"outcome": "__4__", "quality": "delivery"}, ["Youth work"]),
        ({"q": "apprentices"}, ["Youth work"]),
        ({"q": "borrow"}, ["The tool library"]),
        ({"q": "eccles tool"}, ["The tool library"]),
        ({"q": "nothing like it"}, []),
        # Values that are not choices are ignored, not errors.
        ({"sector": "pirates", "quality": "x", "outcome": "nope"}, None),
    ],
)
def test_filters(client_for, library, params, expected):
    outcomes = {f"__{o.number}__": o.slug for o in Outcome.objects.all()}
    params = {key: outcomes.get(value, value) for key, value in params.items()}

    response = client_for("anonymous").get(LIST, params)

    assert response.status_code == 200
    if expected is None:
        assert len(titles(response)) == 3
    else:
        assert sorted(titles(response)) == sorted(expected)


def test_the_filter_form_keeps_its_choices_and_works_without_javascript(client_for, library):
    body = text(client_for("anonymous").get(LIST, {"quality": "delivery", "q": "youth"}))

    assert '<form method="get" action="/toolkit/case-studies/"' in body
    assert re.search(r'<option value="delivery"[^>]*selected', body)
    assert 'value="youth"' in body
    assert "Clear filters" in body
    assert "1 case study found" in body


def test_the_list_is_paginated_by_twelve(client_for, org_a):
    for i in range(14):
        published(org_a, title=f"Story {i}")

    first = client_for("anonymous").get(LIST, {"quality": "values"})
    second = client_for("anonymous").get(LIST, {"quality": "values", "page": 2})

    assert len(titles(first)) == 12
    assert len(titles(second)) == 2
    assert "quality=values&amp;page=2" in first.content.decode()


def test_the_write_button_is_for_members_only(client_for):
    assert "Write a case study" in text(client_for("member_a").get(LIST))
    assert "Write a case study" not in text(client_for("resident").get(LIST))


# ---------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------


@pytest.fixture
def submitted(org_a, users) -> CaseStudy:
    return make_case_study(
        organisation=org_a,
        author=users["member_a"],
        status=Status.SUBMITTED,
        title="Our café",
        story="## What we did\n\nWe opened the doors.",
        shows_delivery=True,
        image=upload(),
        image_alt="The café's doors",
    )


def test_the_queue_lists_submitted_case_studies_oldest_first_beside_pledges(
    client_for, org_a, org_b, users, submitted
):
    older = make_case_study(
        organisation=org_b,
        status=Status.SUBMITTED,
        title="The older one",
        submitted_at=timezone.now() - timezone.timedelta(days=9),
    )
    make_case_study(organisation=org_a, status=Status.DRAFT, title="Still a draft")
    make_pledge(status="submitted", title="A pledge waiting")

    response = client_for("staff").get(QUEUE)

    body = text(response)
    assert "A pledge waiting" in body
    assert "Case studies waiting, oldest first (2)" in body
    assert body.index("The older one") < body.index("Our café")
    assert "Still a draft" not in body
    assert f'href="{review_url(older)}"' in body
    assert "Eccles Tool Library" in body
    assert "Mo" in body


def test_an_empty_case_study_queue_says_so(client_for):
    body = text(client_for("staff").get(QUEUE))

    assert "Case studies waiting, oldest first (0)" in body
    assert "No case studies are waiting." in body


def test_the_review_shows_the_case_study_in_full(client_for, submitted):
    response = client_for("staff").get(review_url(submitted))

    assert response.status_code == 200
    body = text(response)
    assert "Our café" in body
    assert "<h2>What we did</h2>" in body
    assert "Delivery" in body
    assert f'src="{image_url(submitted)}" alt="The café\'s doors"' in body
    assert "Mo (member.a@example.org)" in body
    assert 'name="decision"' in body
    assert client_for("staff").get(image_url(submitted)).status_code == 200


def test_staff_review_only_what_is_submitted(client_for, org_a):
    draft = make_case_study(organisation=org_a)
    approved = published(org_a)

    assert client_for("staff").get(review_url(draft)).status_code == 404
    assert client_for("staff").get(review_url(approved)).status_code == 404
    assert client_for("staff").get("/moderation/case-studies/999999/").status_code == 404


@pytest.mark.parametrize("role", ["member_a", "admin_a", "commissioner"])
def test_only_staff_review(client_for, submitted, role):
    assert client_for(role).get(review_url(submitted)).status_code == 403
    assert client_for(role).post(review_url(submitted), {"decision": "approve"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_approve_publishes_it_and_tells_the_organisation(
    client_for, submitted, users, django_capture_on_commit_callbacks
):
    client = client_for("staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(submitted), {"decision": "approve", "note": ""})

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert "“Our café” is published" in text(client.get(QUEUE))
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert (submitted.events.get().action, submitted.events.get().actor) == (
        CaseStudyEvent.Action.APPROVED,
        users["staff"],
    )
    assert {tuple(m.to) for m in mail.outbox} == {("admin.a@example.org", "member.a@example.org")}
    assert "Our café" in text(client_for("anonymous").get(LIST))
    history = text(client_for("member_a").get(detail_url(submitted)))
    assert "Published" in history and "by Sam on" in history


@pytest.mark.parametrize("decision", ["reject", "changes"])
def test_reject_and_changes_need_a_note_and_keep_what_was_typed(client_for, submitted, decision):
    response = client_for("staff").post(
        review_url(submitted), {"decision": decision, "note": "   "}
    )

    assert response.status_code == 200
    body = text(response)
    assert "Say why, or what needs to change" in body
    assert "data-focus-on-load" in body
    assert re.search(rf'value="{decision}"[^>]*checked', body)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not mail.outbox


def test_reject_records_the_reason_and_tells_it(
    client_for, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(
            review_url(submitted), {"decision": "reject", "note": "It is an advert."}
        )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.moderation_note) == (Status.REJECTED, "It is an advert.")
    assert "It is an advert." in mail.outbox[0].body
    member_view = text(client_for("member_a").get(detail_url(submitted)))
    assert "did not publish this case study" in member_view
    assert "Submit for moderation" in member_view  # answered, it may go again


def test_asking_for_changes_sends_it_back_to_the_organisations_drafts(
    client_for, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("staff").post(
            review_url(submitted), {"decision": "changes", "note": "Say what changed."}
        )

    submitted.refresh_from_db()
    assert (submitted.status, submitted.moderation_note) == (Status.DRAFT, "Say what changed.")
    assert "Say what changed." in mail.outbox[0].body
    member_view = text(client_for("member_a").get(detail_url(submitted)))
    assert "asked for changes" in member_view
    assert "Say what changed." in member_view
    assert "Changes requested" in member_view  # history


def test_the_staff_digest_counts_case_studies_waiting(
    submitted, users, django_capture_on_commit_callbacks
):
    """With no pledge or concern waiting, a case study alone is reason for the digest."""
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation_digest_send() is True

    message = mail.outbox[0]
    assert message.to == ["staff@example.org"]
    assert "and 1 more item" in message.subject
    assert "case studies to moderate: 1" in message.body


def test_the_staff_digest_is_unchanged_without_case_studies(
    users, django_capture_on_commit_callbacks
):
    make_pledge(status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        moderation_digest_send()

    assert mail.outbox[0].subject.endswith("1 pledge and 0 concerns waiting")
    assert "case studies" not in mail.outbox[0].body


def test_an_admin_not_author_is_told_too(
    client_for, org_a, submitted, django_capture_on_commit_callbacks
):
    second_admin = MembershipFactory(organisation=org_a, role=Membership.Role.ADMIN).user
    with django_capture_on_commit_callbacks(execute=True):
        client_for("staff").post(review_url(submitted), {"decision": "approve"})

    assert second_admin.email in mail.outbox[0].to


# ---------------------------------------------------------------------------
# Django's admin
# ---------------------------------------------------------------------------


def test_the_admin_lists_and_shows_case_studies_with_their_history(client, org_a, users):
    case_study = published(org_a, title="In the admin")
    CaseStudyEvent.objects.create(
        case_study=case_study, action=CaseStudyEvent.Action.APPROVED, actor=users["staff"]
    )
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    reauthenticate(client, superuser)  # the admin asks for the password again

    listing = client.get("/admin/toolkit/casestudy/")
    change = client.get(f"/admin/toolkit/casestudy/{case_study.pk}/change/")

    assert listing.status_code == 200
    assert "In the admin" in text(listing)
    assert change.status_code == 200
    # Decisions are made in the moderation queue, not here.
    assert 'name="status"' not in text(change)
    assert "Published" in text(change)
