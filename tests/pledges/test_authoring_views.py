"""Writing pledges through HTTP: the form page, preview, submit, edit, revise, withdraw,
renew and the list of one's own pledges, for the roles that may and may not use them."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from measures.models import Outcome
from pledges.models import Campaign, Commitment, Pledge, PledgeEvent

from ..accounts.factories import OrganisationFactory, UserFactory, member_of
from .factories import ending_soon, make_pledge

pytestmark = pytest.mark.django_db

NEW = "/pledges/new/"
MINE = "/pledges/mine/"


def text(response) -> str:
    return unescape(response.content.decode())


def in_future(days: int = 200) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def outcome(number: int) -> Outcome:
    return Outcome.objects.get(number=number)


def commitment(
    text: str = "Increase the number of staff volunteering by 10%",
    outcomes: tuple[int, ...] = (1,),
    target: str = "10",
    unit: str = "%",
    due: str | None = None,
    source: str = "",
) -> dict:
    return {
        "text": text,
        "outcomes": [str(outcome(n).pk) for n in outcomes],
        "target_value": target,
        "target_unit": unit,
        "due_date": due or in_future(),
        "source": source,
    }


def form_data(
    *commitments: dict,
    pledged_by: str | None = "me",
    title: str = "Volunteering and buying local",
    statement: str = "Our neighbourhood gave us our start.",
    initial: int = 0,
    **extra,
) -> dict:
    """What the pledge page posts: the pledge, the management form, each commitment."""
    commitments = commitments or (commitment(),)
    data = {
        "title": title,
        "statement": statement,
        "commitments-TOTAL_FORMS": str(len(commitments)),
        "commitments-INITIAL_FORMS": str(initial),
        "commitments-MIN_NUM_FORMS": "1",
        "commitments-MAX_NUM_FORMS": "10",
        **extra,
    }
    if pledged_by is not None:
        data["pledged_by"] = pledged_by
    for index, values in enumerate(commitments):
        for key, value in values.items():
            data[f"commitments-{index}-{key}"] = value
    return data


def error_summary(response) -> str:
    match = re.search(
        r'<div class="alert alert-danger"[^>]*data-testid="error-summary">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    return unescape(match.group(1)) if match else ""


def input_value(response, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', response.content.decode())
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return unescape(value.group(1)) if value else ""


def checked_outcomes(response, index: int) -> set[str]:
    tags = re.findall(
        rf'<input[^>]*name="commitments-{index}-outcomes"[^>]*>', response.content.decode()
    )
    return {re.search(r'value="(\d+)"', t).group(1) for t in tags if " checked" in t}


# ---------------------------------------------------------------------------
# The new-pledge page
# ---------------------------------------------------------------------------


def test_new_pledge_page_has_guidance_examples_and_one_blank_commitment(client_for):
    response = client_for("resident").get(NEW)
    assert response.status_code == 200
    page = text(response)
    assert "<aside" in page and "Make each commitment SMART" in page
    for word in ["Specific", "Measurable", "Ambitious", "Relevant", "Timely"]:
        assert f"<dt>{word}</dt>" in page
    assert "Increase the number of staff volunteering by 10%" in page
    assert "Increase the value of purchasing from organisations based in Salford by 10%" in page
    assert input_value(response, "commitments-TOTAL_FORMS") == "1"
    # The outcomes are checkboxes under their themes.
    for theme in ["People", "Planet", "Prosperity"]:
        assert f">{theme}</legend>" in page
    assert page.count('name="commitments-0-outcomes"') == 11
    assert "Save draft" in page and "Add another commitment" in page
    assert error_summary(response) == ""


def test_resident_makes_a_personal_pledge(client_for, users):
    client = client_for("resident")
    assert 'data-testid="pledging-personally"' in text(client.get(NEW))
    data = form_data(
        commitment(outcomes=(1, 2), target="2.5", unit="hours a week", due=in_future(300))
    )
    response = client.post(NEW, data)
    pledge = Pledge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pledges/{pledge.pk}/preview/"
    assert pledge.organisation is None
    assert pledge.pledger == users["resident"]
    assert pledge.status == Pledge.Status.DRAFT
    assert pledge.title == "Volunteering and buying local"
    assert pledge.campaign.slug == "10-percent-better"
    only = pledge.commitments.get()
    assert only.target_value == Decimal("2.5")
    assert only.target_unit == "hours a week"
    assert {o.number for o in only.outcomes.all()} == {1, 2}


def test_member_pledges_for_their_organisation(client_for, users, org_a):
    client = client_for("member_a")
    page = text(client.get(NEW))
    assert "Who is making this pledge?" in page
    assert f'value="{org_a.pk}"' in page and org_a.name in page
    response = client.post(NEW, form_data(pledged_by=str(org_a.pk)))
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.organisation == org_a
    assert pledge.pledger == users["member_a"]


def test_cannot_pledge_for_an_organisation_you_are_not_in(client_for, org_a, org_b):
    client = client_for("member_a")
    page = text(client.get(NEW))
    assert org_b.name not in page
    assert f'value="{org_b.pk}"' not in page
    # A forged choice is refused, with what was typed kept.
    response = client.post(NEW, form_data(pledged_by=str(org_b.pk), title="Not ours"))
    assert response.status_code == 200
    assert "Choose yourself or one of your organisations." in error_summary(response)
    assert input_value(response, "title") == "Not ours"
    assert not Pledge.objects.exists()


def test_resident_cannot_forge_an_organisation(client_for, org_a):
    response = client_for("resident").post(NEW, form_data(pledged_by=str(org_a.pk)))
    assert response.status_code == 200
    assert "Choose yourself or one of your organisations." in error_summary(response)
    assert not Pledge.objects.exists()


def test_suspended_organisation_is_not_offered(client_for, users, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save(update_fields=["suspended_at"])
    client = client_for("admin_a")
    assert f'value="{org_a.pk}"' not in text(client.get(NEW))
    client.post(NEW, form_data(pledged_by=str(org_a.pk)))
    assert not Pledge.objects.exists()


def test_add_another_keeps_everything_typed_and_adds_a_blank_commitment(client_for, org_a):
    client = client_for("member_a")
    typed = commitment(text="Recruit ten local apprentices", outcomes=(7, 9), target="ten")
    response = client.post(
        NEW,
        form_data(typed, pledged_by=str(org_a.pk), title="Jobs for Salford", add_commitment="1"),
    )
    assert response.status_code == 200
    assert not Pledge.objects.exists()
    # Nothing judged yet: the person has not finished.
    assert error_summary(response) == ""
    assert "is-invalid" not in response.content.decode()
    assert input_value(response, "commitments-TOTAL_FORMS") == "2"
    assert input_value(response, "title") == "Jobs for Salford"
    assert re.search(rf'name="pledged_by" value="{org_a.pk}"[^>]*checked', text(response))
    assert "Recruit ten local apprentices</textarea>" in text(response)
    assert input_value(response, "commitments-0-target_value") == "ten"
    assert checked_outcomes(response, 0) == {str(outcome(7).pk), str(outcome(9).pk)}
    # The new commitment is blank, has a Remove button and takes the focus.
    assert re.search(r'<textarea[^>]*name="commitments-1-text"[^>]*autofocus', text(response))
    assert input_value(response, "commitments-1-target_value") is not None
    assert checked_outcomes(response, 1) == set()
    assert 'name="remove_commitment" value="1"' in text(response)
    assert 'name="remove_commitment" value="0"' not in text(response)
    assert "A blank commitment has been added at the end." in text(response)


def test_a_blank_added_commitment_is_ignored_on_save(client_for):
    client = client_for("resident")
    data = form_data(
        commitment(), {"text": "", "target_value": "", "target_unit": "", "due_date": ""}
    )
    response = client.post(NEW, data)
    assert response.status_code == 302
    assert Pledge.objects.get().commitments.count() == 1


def test_remove_takes_out_one_commitment_and_keeps_the_rest(client_for):
    client = client_for("resident")
    data = form_data(
        commitment(text="First"),
        commitment(text="Second", outcomes=(4,)),
        commitment(text="Third", outcomes=(5, 6), target="30"),
        remove_commitment="1",
    )
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert not Pledge.objects.exists()
    page = text(response)
    assert input_value(response, "commitments-TOTAL_FORMS") == "2"
    assert "First</textarea>" in page and "Third</textarea>" in page
    assert "Second</textarea>" not in page
    assert input_value(response, "commitments-1-target_value") == "30"
    assert checked_outcomes(response, 1) == {str(outcome(5).pk), str(outcome(6).pk)}
    assert "Commitment 2 has been removed." in page
    # Saving now saves the two that are left.
    data = form_data(commitment(text="First"), commitment(text="Third", outcomes=(5,)))
    assert client.post(NEW, data).status_code == 302
    assert list(Commitment.objects.values_list("text", flat=True)) == ["First", "Third"]


def test_the_first_commitment_cannot_be_removed(client_for):
    response = client_for("resident").post(
        NEW, form_data(commitment(text="Only one"), remove_commitment="0")
    )
    assert response.status_code == 200
    assert input_value(response, "commitments-TOTAL_FORMS") == "1"
    assert "Only one</textarea>" in text(response)


def test_no_more_than_ten_commitments(client_for):
    data = form_data(*[commitment(text=f"Commitment {i}") for i in range(10)], add_commitment="1")
    response = client_for("resident").post(NEW, data)
    assert input_value(response, "commitments-TOTAL_FORMS") == "10"
    assert "Add another commitment" not in text(response)
    assert "A pledge can have at most 10 commitments." in text(response)


@pytest.mark.parametrize(
    ("values", "message", "field_id"),
    [
        (
            {"text": "", "outcomes": [], "target_value": "", "target_unit": "", "due_date": ""},
            "Add at least one commitment: what you will do, for which outcomes, by when.",
            "commitments",
        ),
        ({"outcomes": []}, "Choose at least one outcome this commitment serves.", None),
        ({"target_value": "ten"}, "Enter the target as a number, such as 10 or 2.5.", None),
        ({"target_value": "0"}, "Ensure this value is greater than or equal to 0.01.", None),
        ({"target_unit": ""}, "Say what the target counts, such as % or people.", None),
        ({"due_date": "2020-01-31"}, "The due date must be today or later.", None),
        ({"due_date": "31 Febtember"}, "Enter a date, such as 31/12/2027.", None),
        ({"text": "x" * 301}, "Keep the commitment to 300 characters or fewer (it has 301).", None),
    ],
    ids=[
        "no-commitment",
        "no-outcome",
        "nan-target",
        "zero-target",
        "no-unit",
        "past-due",
        "bad-date",
        "text-too-long",
    ],
)
def test_bad_commitment_is_refused_with_a_message_and_nothing_lost(
    client_for, values, message, field_id
):
    typed = {
        **commitment(text="Plant trees on the estate", outcomes=(4, 5), target="120"),
        **values,
    }
    response = client_for("resident").post(
        NEW, form_data(typed, title="Greener streets", statement="For our children.")
    )
    assert response.status_code == 200
    assert not Pledge.objects.exists()
    summary = error_summary(response)
    assert message in summary
    page = text(response)
    # Next to the field as well as in the summary.
    assert page.count(message) >= 2
    if field_id:
        assert f'href="#{field_id}"' in response.content.decode()
    # Everything typed is still there.
    assert input_value(response, "title") == "Greener streets"
    assert "For our children.</textarea>" in page
    assert f"{typed['text']}</textarea>" in page
    assert input_value(response, "commitments-0-target_value") == typed["target_value"]
    assert input_value(response, "commitments-0-due_date") == typed["due_date"]
    assert checked_outcomes(response, 0) == set(typed["outcomes"])


def test_errors_in_a_later_commitment_name_it_and_link_to_the_field(client_for):
    data = form_data(commitment(), commitment(text="Second", target="lots"))
    response = client_for("resident").post(NEW, data)
    summary = error_summary(response)
    assert "Commitment 2, Target: Enter the target as a number" in summary
    assert 'href="#id_commitments-1-target_value"' in response.content.decode()


def test_missing_headline_is_refused(client_for):
    response = client_for("resident").post(NEW, form_data(title=""))
    assert "Headline: This field is required." in error_summary(response)
    assert not Pledge.objects.exists()


def test_a_refusal_from_the_service_shows_as_a_form_error(client_for):
    Campaign.objects.update(is_open=False)
    response = client_for("resident").post(NEW, form_data())
    assert response.status_code == 200
    assert "No campaign is open for pledges at the moment." in error_summary(response)
    assert input_value(response, "title") == "Volunteering and buying local"


# ---------------------------------------------------------------------------
# Draft, preview, submit
# ---------------------------------------------------------------------------


def test_save_draft_preview_submit(client_for, users, org_a, django_capture_on_commit_callbacks):
    client = client_for("admin_a")
    response = client.post(
        NEW,
        form_data(
            commitment(text="Buy from Salford firms", outcomes=(11,), target="10"),
            pledged_by=str(org_a.pk),
        ),
    )
    preview_url = response["Location"]
    pledge = Pledge.objects.get()

    preview = client.get(preview_url)
    assert preview.status_code == 200
    page = text(preview)
    assert "Check your pledge" in page
    assert "Buy from Salford firms" in page
    assert "10%" in page
    assert "Local economic benefit" in page
    assert 'data-testid="pledge-card"' in page  # as the wall shows it
    assert f'action="/pledges/{pledge.pk}/submit/"' in page
    assert f'href="/pledges/{pledge.pk}/edit/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/pledges/{pledge.pk}/submit/")
    assert response.status_code == 302
    assert response["Location"] == MINE
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED
    assert pledge.submitted_at is not None
    event = PledgeEvent.objects.get(pledge=pledge)
    assert event.action == PledgeEvent.Action.SUBMITTED
    assert event.actor == users["admin_a"]
    assert "your pledge is with the alliance’s staff" in text(client.get(MINE))
    # Submitted: no longer editable, nor submittable twice.
    assert client.get(f"/pledges/{pledge.pk}/edit/").status_code == 403
    assert client.post(f"/pledges/{pledge.pk}/submit/").status_code == 403
    assert "Submit for moderation" not in text(client.get(preview_url))


def test_submit_is_post_only(client_for, users, org_a):
    pledge = make_pledge(organisation=org_a, pledger=users["member_a"])
    assert client_for("member_a").get(f"/pledges/{pledge.pk}/submit/").status_code == 405


def test_submit_refused_by_the_service_says_why_on_the_preview(client_for, users):
    pledge = make_pledge(pledger=users["resident"])
    Commitment.objects.filter(pledge=pledge).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client_for("resident").post(f"/pledges/{pledge.pk}/submit/")
    assert response.status_code == 200
    assert "Commitment 1: the due date has passed." in text(response)
    assert 'data-testid="submit-error"' in text(response)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT


def test_preview_shows_what_staff_asked_for(client_for, users):
    pledge = make_pledge(pledger=users["resident"], moderation_note="Please add a target date.")
    client = client_for("resident")
    for url in [f"/pledges/{pledge.pk}/preview/", f"/pledges/{pledge.pk}/edit/"]:
        page = text(client.get(url))
        assert "The alliance’s staff asked for changes" in page
        assert "Please add a target date." in page


# ---------------------------------------------------------------------------
# Editing a draft, and changing an approved pledge through moderation
# ---------------------------------------------------------------------------


def test_edit_page_shows_the_draft_as_saved(client_for, users, org_a):
    pledge = make_pledge(organisation=org_a, pledger=users["admin_a"], commitments=2)
    first = pledge.commitments.first()
    response = client_for("member_a").get(f"/pledges/{pledge.pk}/edit/")
    assert response.status_code == 200
    page = text(response)
    assert "Edit your draft pledge" in page
    assert f"Pledged by {org_a.name}." in page
    assert 'name="pledged_by"' not in page  # who pledged does not change
    assert input_value(response, "title") == pledge.title
    assert input_value(response, "commitments-TOTAL_FORMS") == "2"
    assert input_value(response, "commitments-0-target_value") == "10"
    assert input_value(response, "commitments-0-due_date") == first.due_date.isoformat()
    assert f"{first.text}</textarea>" in page
    assert checked_outcomes(response, 0) == {str(outcome(1).pk)}


def test_edit_a_draft(client_for, users, org_a):
    pledge = make_pledge(organisation=org_a, pledger=users["admin_a"])
    data = form_data(
        commitment(text="Cut our waste by a tenth", outcomes=(4,), target="10"),
        commitment(text="Recycle more", outcomes=(5,), target="3", unit="tonnes"),
        pledged_by=None,
        title="Less waste",
        initial=1,
    )
    response = client_for("member_a").post(f"/pledges/{pledge.pk}/edit/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/pledges/{pledge.pk}/preview/"
    pledge.refresh_from_db()
    assert pledge.title == "Less waste"
    assert pledge.organisation == org_a
    assert list(pledge.commitments.values_list("text", "target_unit")) == [
        ("Cut our waste by a tenth", "%"),
        ("Recycle more", "tonnes"),
    ]


def test_saving_an_unchanged_draft_keeps_its_commitments(client_for, users):
    """The edit page's commitments come from ``initial``; saved unchanged, they stay."""
    pledge = make_pledge(pledger=users["resident"], commitments=2)
    client = client_for("resident")
    page = client.get(f"/pledges/{pledge.pk}/edit/")
    data = {
        "title": pledge.title,
        "statement": pledge.statement,
        "commitments-TOTAL_FORMS": input_value(page, "commitments-TOTAL_FORMS"),
        "commitments-INITIAL_FORMS": input_value(page, "commitments-INITIAL_FORMS"),
    }
    for index, c in enumerate(pledge.commitments.all()):
        data |= {
            f"commitments-{index}-text": c.text,
            f"commitments-{index}-outcomes": [str(o.pk) for o in c.outcomes.all()],
            f"commitments-{index}-target_value": input_value(
                page, f"commitments-{index}-target_value"
            ),
            f"commitments-{index}-target_unit": c.target_unit,
            f"commitments-{index}-due_date": input_value(page, f"commitments-{index}-due_date"),
        }
    assert client.post(f"/pledges/{pledge.pk}/edit/", data).status_code == 302
    assert pledge.commitments.count() == 2


def test_editing_an_approved_pledge_goes_through_a_revision(client_for, users, org_a):
    approved = make_pledge(
        status=Pledge.Status.APPROVED, organisation=org_a, pledger=users["admin_a"]
    )
    original_text = approved.commitments.get().text
    client = client_for("member_a")

    page = client.get(f"/pledges/{approved.pk}/edit/")
    assert page.status_code == 200
    assert "Changes to an approved pledge go through moderation" in text(page)
    assert f'action="/pledges/{approved.pk}/revise/"' in text(page)

    response = client.post(f"/pledges/{approved.pk}/revise/")
    revision = Pledge.objects.get(revision_of=approved)
    assert response.status_code == 302
    assert response["Location"] == f"/pledges/{revision.pk}/edit/"
    assert revision.status == Pledge.Status.DRAFT
    assert "You are changing your approved pledge" in text(client.get(response["Location"]))

    data = form_data(
        commitment(text="A changed commitment", source=str(approved.commitments.get().pk)),
        pledged_by=None,
        title="A changed headline",
        initial=1,
    )
    assert client.post(f"/pledges/{revision.pk}/edit/", data).status_code == 302
    assert client.post(f"/pledges/{revision.pk}/submit/").status_code == 302

    approved.refresh_from_db()
    assert approved.status == Pledge.Status.APPROVED
    assert approved.title != "A changed headline"
    assert approved.commitments.get().text == original_text
    assert approved in Pledge.objects.public()
    assert revision not in Pledge.objects.public()
    revision.refresh_from_db()
    assert revision.status == Pledge.Status.SUBMITTED
    assert revision.commitments.get().source_id == approved.commitments.get().pk

    # Asking again leads to the changes already waiting, not a second copy.
    again = client.post(f"/pledges/{approved.pk}/revise/")
    assert again["Location"] == f"/pledges/{revision.pk}/preview/"
    assert Pledge.objects.filter(revision_of=approved).count() == 1
    assert "Your changes are waiting" in text(client.get(f"/pledges/{approved.pk}/edit/"))


def test_revise_needs_post_and_an_owner(client_for, users, org_a):
    approved = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a)
    assert client_for("member_a").get(f"/pledges/{approved.pk}/revise/").status_code == 405
    assert client_for("member_b").post(f"/pledges/{approved.pk}/revise/").status_code == 403
    assert not Pledge.objects.filter(revision_of=approved).exists()


# ---------------------------------------------------------------------------
# Withdraw and renew
# ---------------------------------------------------------------------------


def test_withdraw_an_approved_pledge(client_for, users, org_a):
    approved = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a)
    client = client_for("admin_a")
    page = client.get(f"/pledges/{approved.pk}/withdraw/")
    assert page.status_code == 200
    assert "come off the pledge wall" in text(page)
    response = client.post(f"/pledges/{approved.pk}/withdraw/", {"reason": "We closed."})
    assert response.status_code == 302
    assert response["Location"] == MINE
    approved.refresh_from_db()
    assert approved.status == Pledge.Status.WITHDRAWN
    event = approved.events.get()
    assert (event.action, event.note, event.actor) == ("withdrawn", "We closed.", users["admin_a"])
    assert client.get(f"/pledges/{approved.pk}/withdraw/").status_code == 403


def test_withdraw_reason_over_the_limit_is_refused(client_for, users):
    pledge = make_pledge(pledger=users["resident"])
    response = client_for("resident").post(
        f"/pledges/{pledge.pk}/withdraw/", {"reason": "x" * 1001}
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 1000 characters" in text(response)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT


def test_renew_copies_the_commitments_and_needs_a_new_one(client_for, users, org_a):
    approved = make_pledge(
        status=Pledge.Status.APPROVED,
        organisation=org_a,
        pledger=users["admin_a"],
        commitments=2,
        expires_at=ending_soon(),
    )
    client = client_for("member_a")
    page = client.get(f"/pledges/{approved.pk}/renew/")
    assert page.status_code == 200
    assert "at least one new commitment" in text(page)

    response = client.post(f"/pledges/{approved.pk}/renew/")
    renewal = Pledge.objects.get(renewed_from=approved)
    assert response["Location"] == f"/pledges/{renewal.pk}/edit/"
    assert renewal.status == Pledge.Status.DRAFT
    assert renewal.organisation == org_a
    assert sorted(renewal.commitments.values_list("text", flat=True)) == sorted(
        approved.commitments.values_list("text", flat=True)
    )
    edit = client.get(response["Location"])
    assert "A renewed pledge needs at least one new commitment." in text(edit)
    assert text(edit).count("Carried over") == 2

    refused = client.post(f"/pledges/{renewal.pk}/submit/")
    assert refused.status_code == 200
    assert "A renewed pledge needs at least one new commitment." in text(refused)
    renewal.refresh_from_db()
    assert renewal.status == Pledge.Status.DRAFT

    carried = [
        commitment(text=c.text, source=str(c.source_id), due=c.due_date.isoformat())
        for c in renewal.commitments.all()
    ]
    data = form_data(
        *carried,
        commitment(text="Something new this year", outcomes=(8,)),
        pledged_by=None,
        title=renewal.title,
        initial=2,
    )
    assert client.post(f"/pledges/{renewal.pk}/edit/", data).status_code == 302
    assert client.post(f"/pledges/{renewal.pk}/submit/").status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == Pledge.Status.SUBMITTED
    # Renewing again leads to the renewal already made.
    again = client.post(f"/pledges/{approved.pk}/renew/")
    assert again["Location"] == f"/pledges/{renewal.pk}/preview/"


def test_a_draft_cannot_be_renewed(client_for, users):
    pledge = make_pledge(pledger=users["resident"])
    assert client_for("resident").get(f"/pledges/{pledge.pk}/renew/").status_code == 403


# ---------------------------------------------------------------------------
# The person's own pledges
# ---------------------------------------------------------------------------


def test_my_pledges_lists_mine_and_my_organisations(client_for, users, org_a, org_b):
    own_draft = make_pledge(pledger=users["member_a"], title="My own draft")
    org_submitted = make_pledge(
        status=Pledge.Status.SUBMITTED,
        organisation=org_a,
        pledger=users["admin_a"],
        title="Café submitted",
    )
    org_approved = make_pledge(
        status=Pledge.Status.APPROVED,
        organisation=org_a,
        title="Café approved",
        expires_at=ending_soon(),
    )
    make_pledge(organisation=org_b, title="Tool library draft")
    make_pledge(pledger=users["resident"], title="Rosa’s draft")

    response = client_for("member_a").get(MINE)
    assert response.status_code == 200
    page = text(response)
    assert [row["pledge"] for row in response.context["rows"]] == [
        org_approved,
        org_submitted,
        own_draft,
    ]
    assert "My own draft" in page and "Café submitted" in page and "Café approved" in page
    assert "Tool library draft" not in page and "Rosa’s draft" not in page
    assert "written by Ada" in page
    assert f'href="/pledges/{own_draft.pk}/edit/"' in page
    assert f'href="/pledges/{org_approved.pk}/renew/"' in page
    assert f'href="/pledges/{org_submitted.pk}/edit/"' not in page

    other = text(client_for("member_b").get(MINE))
    assert "Tool library draft" in other and "Café approved" not in other


def test_my_pledges_when_there_are_none(client_for):
    response = client_for("commissioner").get(MINE)
    assert response.status_code == 200
    assert 'data-testid="no-pledges"' in text(response)


def test_my_pledges_paginates(client_for, users):
    for i in range(25):
        make_pledge(pledger=users["resident"], title=f"Draft {i}")
    client = client_for("resident")
    assert len(client.get(MINE).context["rows"]) == 20
    assert len(client.get(MINE + "?page=2").context["rows"]) == 5


# ---------------------------------------------------------------------------
# Who may do what (the matrix covers organisation pledges; these, a personal one)
# ---------------------------------------------------------------------------

PERSONAL_DRAFT_EXPECT = {
    # role: (preview, edit, submit)
    "anonymous": (302, 302, 302),
    "resident": (200, 200, 302),
    "member_a": (404, 404, 404),
    "admin_a": (404, 404, 404),
    "member_b": (404, 404, 404),
    "staff": (200, 403, 403),
    "commissioner": (404, 404, 404),
}


@pytest.mark.parametrize("role", list(PERSONAL_DRAFT_EXPECT))
def test_personal_draft_by_role(role, client_for, users):
    pledge = make_pledge(pledger=users["resident"])
    client = client_for(role)
    preview, edit, submit = PERSONAL_DRAFT_EXPECT[role]
    assert client.get(f"/pledges/{pledge.pk}/preview/").status_code == preview
    assert client.get(f"/pledges/{pledge.pk}/edit/").status_code == edit
    assert client.post(f"/pledges/{pledge.pk}/submit/").status_code == submit


@pytest.mark.parametrize(
    "url", ["edit/", "preview/", "withdraw/", "renew/"], ids=lambda u: u.strip("/")
)
def test_missing_pledge_is_404(url, client_for):
    assert client_for("staff").get(f"/pledges/999999/{url}").status_code == 404


@pytest.mark.parametrize("url", [NEW, MINE, "/pledges/1/edit/", "/pledges/1/preview/"])
def test_anonymous_is_sent_to_log_in(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_who_left_loses_access(client_for, users, org_a):
    pledge = make_pledge(organisation=org_a, pledger=users["member_a"])
    users["member_a"].memberships.all().delete()
    assert client_for("member_a").get(f"/pledges/{pledge.pk}/edit/").status_code == 404


def test_another_member_of_a_second_organisation_sees_only_that_one(users):
    org_c = OrganisationFactory(name="Walkden Wheels")
    person = member_of(org_c, display_name="Cy")
    UserFactory()  # someone unrelated
    client = Client()
    client.force_login(person)
    page = text(client.get(NEW))
    assert "Walkden Wheels" in page and "Ordsall Community Café" not in page
