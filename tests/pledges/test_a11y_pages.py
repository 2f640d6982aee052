"""Accessibility and mobile findings of issue 13 that the HTML itself shows: character
counts without silent truncation, focus after removing a commitment, labelled progress
figures, singular units, one reset link on login, the "did you mean" check on a wild
progress figure, the folding navigation and wall filters, and Support before the
commitments. What needs a browser (contrast, width, focus moving) is in
``tests/browser/test_focus_and_layout.py``."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest

from core.forms import CountedTextarea
from core.templatetags.numbers import measure
from pledges.forms import PledgeEditor
from pledges.forms.engagement import ProgressUpdateForm
from pledges.models import Pledge, ProgressUpdate

from .factories import CommitmentFactory, ProgressUpdateFactory, make_pledge
from .test_authoring_views import NEW, commitment, form_data

pytestmark = pytest.mark.django_db

APPROVED = Pledge.Status.APPROVED


def text(response) -> str:
    return unescape(response.content.decode())


def tag(html: str, pattern: str) -> str:
    """The first start tag matching ``pattern`` (a regular expression)."""
    match = re.search(pattern, html)
    assert match, f"no tag matching {pattern!r}"
    return match.group(0)


@pytest.fixture
def pledge(org_a, users) -> Pledge:
    pledge = make_pledge(
        status=APPROVED, organisation=org_a, pledger=users["member_a"], commitments=0
    )
    CommitmentFactory(
        pledge=pledge, text="Run community events", target_value=400, target_unit="events"
    )
    return pledge


# ---------------------------------------------------------------------------
# Character counts: no silent truncation
# ---------------------------------------------------------------------------


def test_a_limited_text_area_has_a_count_not_a_maxlength(client_for):
    """``maxlength`` cut a 600-character paste to 300 without a word: the limit is now
    in ``data-maxlength``, said under the box and linked to it."""
    html = text(client_for("resident").get(NEW))
    box = tag(html, r'<textarea[^>]*name="commitments-0-text"[^>]*>')
    assert "maxlength=" not in box.replace("data-maxlength=", "")
    assert 'data-maxlength="300"' in box
    assert 'aria-describedby="' in box and "id_commitments-0-text-count" in box
    assert 'id="id_commitments-0-text-count"' in html
    assert "You can enter up to 300 characters" in html
    # Every limited text area on the page counts, the statement's too.
    statement = tag(html, r'<textarea[^>]*name="statement"[^>]*>')
    assert 'data-maxlength="1500"' in statement and " maxlength=" not in statement


def test_too_long_a_commitment_is_refused_and_kept_whole(client_for):
    long_text = "Recruit volunteers from Ordsall and Langworthy. " * 13  # 624 characters
    response = client_for("resident").post(NEW, form_data(commitment(text=long_text)))
    assert response.status_code == 200
    assert not Pledge.objects.exists()
    html = text(response)
    length = len(long_text.strip())
    assert f"Keep the commitment to 300 characters or fewer (it has {length})" in html
    assert long_text.strip() in html  # given back whole, to be cut by the person


def test_counted_textarea_without_a_limit_is_a_plain_text_area():
    html = CountedTextarea().render("notes", "hello", attrs={"id": "id_notes"})
    assert "data-maxlength" not in html and "-count" not in html
    assert ">\nhello</textarea>" in html


# ---------------------------------------------------------------------------
# Focus after "Remove commitment N"
# ---------------------------------------------------------------------------


def _three_commitments(**extra) -> dict:
    return form_data(
        commitment(text="First thing"),
        commitment(text="Second thing"),
        commitment(text="Third thing"),
        **extra,
    )


def test_removing_a_commitment_focuses_the_one_that_moved_up(client_for):
    """Focus went to the top of the page; now the page comes back with focus on the
    commitment that took the removed one's place."""
    response = client_for("resident").post(NEW, _three_commitments(remove_commitment="1"))
    html = text(response)
    assert "Commitment 2 has been removed." in html
    focused = re.findall(r"<(?:textarea|button|input)[^>]*\bautofocus\b[^>]*>", html)
    assert len(focused) == 1
    assert 'name="commitments-1-text"' in focused[0]
    assert ">\nThird thing</textarea>" in html


def test_removing_the_last_commitment_focuses_add_another(client_for):
    response = client_for("resident").post(NEW, _three_commitments(remove_commitment="2"))
    html = text(response)
    focused = re.findall(r"<(?:textarea|button|input)[^>]*\bautofocus\b[^>]*>", html)
    assert len(focused) == 1
    assert 'name="add_commitment"' in focused[0]


def test_editor_says_where_focus_goes():
    data = _three_commitments(remove_commitment="2")
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    editor = PledgeEditor(query)
    assert editor.removed_number == 3 and editor.focus_add_button
    assert not any(f.fields["text"].widget.attrs.get("autofocus") for f in editor.formset)


# ---------------------------------------------------------------------------
# Progress figures: labelled, singular units, "did you mean"
# ---------------------------------------------------------------------------


def test_progress_percentage_says_what_it_is_of(client, pledge):
    """A bare "40%" beside each bar: now "40% of target", read out as the bar's value."""
    commitment = pledge.commitments.get()
    commitment.current_value = Decimal("160")
    commitment.save()
    html = text(client.get(pledge.get_absolute_url()))
    assert 'aria-valuetext="40% of target"' in html
    assert ">40% of target</span>" in html
    assert 'aria-valuetext="40% of its targets"' in html  # the whole pledge
    wall = text(client.get("/pledges/"))
    assert "% of its targets</span>" in wall
    assert not re.search(r">\d+%</span>", html + wall)


@pytest.mark.parametrize(
    ("figure", "unit", "expected"),
    [
        (1, "events", "1 event"),
        (2, "events", "2 events"),
        (Decimal("1.00"), "people", "1 person"),
        (1, "hours of volunteering", "1 hour of volunteering"),
        (1, "volunteer hours", "1 volunteer hour"),
        (1, "activities", "1 activity"),
        (1, "businesses", "1 business"),
        (1, "kg", "1 kg"),
        (1, "%", "1%"),
        (1, "£", "£1"),
        (Decimal("1.5"), "tonnes", "1.5 tonnes"),
    ],
)
def test_measure_is_singular_after_one(figure, unit, expected):
    assert measure(figure, unit) == expected


def test_an_update_reaching_one_event_says_event(client, pledge):
    ProgressUpdateFactory(commitment=pledge.commitments.get(), figure=Decimal("1"))
    html = text(client.get(pledge.get_absolute_url()))
    assert "reached 1 event" in html and "reached 1 events" not in html


def progress_url(pledge: Pledge) -> str:
    return f"/pledges/{pledge.pk}/commitments/{pledge.commitments.get().pk}/progress/"


def test_a_figure_ten_times_the_target_asks_did_you_mean(client_for, pledge):
    """999,999 events against a target of 400 was published without a second look."""
    client = client_for("admin_a")
    response = client.post(progress_url(pledge), {"text": "A busy year.", "figure": "999999"})
    assert response.status_code == 200
    assert not ProgressUpdate.objects.exists()
    html = text(response)
    assert "999,999 events is more than 10 times the target of 400 events" in html
    assert "Did you mean that?" in html
    box = tag(html, r'<input[^>]*name="confirm_figure"[^>]*>')
    assert 'type="checkbox"' in box
    assert "Yes, 999,999 events is right" in html
    assert 'value="999999"' in tag(html, r'<input[^>]*name="figure"[^>]*>')

    confirmed = client.post(
        progress_url(pledge),
        {"text": "A busy year.", "figure": "999999", "confirm_figure": "on"},
    )
    assert confirmed.status_code == 302
    assert ProgressUpdate.objects.get().figure == Decimal("999999")


def test_a_plausible_figure_needs_no_confirmation(pledge):
    form = ProgressUpdateForm(
        {"text": "Going well.", "figure": "4000"}, commitment=pledge.commitments.get()
    )
    assert form.is_valid(), form.errors  # exactly ten times the target is believable
    html = str(form["confirm_figure"])
    assert 'type="hidden"' in html


# ---------------------------------------------------------------------------
# Login, navigation, wall filters, Support first
# ---------------------------------------------------------------------------


def test_login_offers_one_forgotten_password_link(client):
    html = text(client.get("/accounts/login/"))
    assert html.count('href="/accounts/password/reset/"') == 1
    assert "Forgotten your password?" in html
    assert "Forgot your password?" not in html


def test_navigation_has_a_menu_button_for_small_screens(client):
    html = text(client.get("/"))
    button = tag(html, r"<button[^>]*data-nav-toggler[^>]*>")
    assert 'aria-controls="site-nav-links"' in button
    assert 'aria-expanded="false"' in button
    # Shown by JavaScript, which also folds the links: without it every link shows.
    assert " hidden" in button
    links = tag(html, r'<div[^>]*id="site-nav-links"[^>]*>')
    assert "collapse" not in re.search(r'class="([^"]*)"', links).group(1).split()


def test_wall_filters_fold_and_count_what_is_on(client):
    html = text(client.get("/pledges/?theme=people&ward=ordsall&q=scones"))
    details = tag(html, r"<details[^>]*data-testid=\"wall-filters-fold\"[^>]*>")
    assert " open" in details and "data-fold-on-small-screens" in details
    summary = re.search(r'data-testid="wall-filters-summary">(.*?)</summary>', html, re.S)
    assert "Filter pledges" in summary.group(1) and "3 filters on" in summary.group(1)
    plain = text(client.get("/pledges/"))
    summary = re.search(r'data-testid="wall-filters-summary">(.*?)</summary>', plain, re.S)
    assert "filters on" not in summary.group(1) and "filter on" not in summary.group(1)


def test_support_comes_before_the_commitments(client_for, pledge):
    html = text(client_for("resident").get(pledge.get_absolute_url()))
    assert html.index('data-testid="support-toggle"') < html.index('data-testid="commitments"')
    assert html.index('data-testid="commitments"') < html.index('data-testid="badge"') or (
        'data-testid="badge"' not in html
    )
