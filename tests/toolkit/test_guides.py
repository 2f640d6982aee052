"""Guides: the starter set the portal ships, the toolkit's front page and a guide's page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.roles import STAFF_GROUP
from measures.models import Outcome
from toolkit.models import Audience, Guide, Kind, Stage
from toolkit.reference.guide_loader import STAFF_PERMISSIONS, load_guides, starter_guides

from .guide_factories import GuideFactory

pytestmark = pytest.mark.django_db

INTERNAL_GUIDE_LINK = re.compile(r'href="/toolkit/guides/([a-z0-9-]+)/"')


def listed(response) -> list[Guide]:
    """Every guide the front page found, across all its pages."""
    return list(response.context["page"].paginator.object_list)


def slugs(response) -> set[str]:
    return {g.slug for g in listed(response)}


# ---------------------------------------------------------------------------
# The starter set
# ---------------------------------------------------------------------------


def test_reference_data_ships_at_least_twelve_published_guides():
    shipped = {g.slug for g in starter_guides()}
    assert len(shipped) >= 12
    assert set(Guide.objects.published().values_list("slug", flat=True)) >= shipped


def test_loading_again_creates_nothing():
    before = Guide.objects.count()
    assert load_guides() == 0
    assert Guide.objects.count() == before


def test_loading_creates_what_is_missing_with_outcomes():
    Guide.objects.filter(slug="lm3-local-multiplier-3").delete()
    assert load_guides() == 1
    guide = Guide.objects.get(slug="lm3-local-multiplier-3")
    assert [o.slug for o in guide.outcomes.all()] == ["local-economic-benefit"]
    assert "<table>" in guide.body_html


def test_loading_keeps_what_staff_have_edited():
    guide = Guide.objects.get(slug="what-is-social-value")
    guide.title = "Social value, explained by our staff"
    guide.body = "## Rewritten\n\nOur own words."
    guide.published = False
    guide.save()
    guide.outcomes.set([Outcome.objects.get(slug="living-wage")])

    assert load_guides() == 0
    guide.refresh_from_db()
    assert guide.title == "Social value, explained by our staff"
    assert guide.body_html == "<h2>Rewritten</h2>\n<p>Our own words.</p>"
    assert guide.published is False
    assert [o.slug for o in guide.outcomes.all()] == ["living-wage"]


def test_alliance_staff_may_view_add_and_change_guides():
    group = Group.objects.get(name=STAFF_GROUP)
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert set(STAFF_PERMISSIONS) <= granted
    assert "toolkit.delete_guide" not in granted


@pytest.mark.parametrize("source", starter_guides(), ids=lambda g: g.slug)
def test_every_starter_guide_is_substantial_structured_and_linked(source):
    guide = Guide.objects.get(slug=source.slug)
    assert guide.title == source.title and guide.summary == source.summary
    assert len(source.summary) <= 300 and len(source.title) <= 150
    words = len(source.body.split())
    assert 250 <= words <= 700, f"{source.slug} has {words} words"
    assert re.search(r"<h[23]>", guide.body_html), "at least one heading"
    assert "<h1" not in guide.body_html
    assert "<ul>" in guide.body_html or "<ol>" in guide.body_html
    # The outcomes it names all exist, and every one was linked.
    assert source.outcomes
    known = set(Outcome.objects.filter(slug__in=source.outcomes).values_list("slug", flat=True))
    assert known == set(source.outcomes)
    assert {o.slug for o in guide.outcomes.all()} == set(source.outcomes)
    # Links to other guides point at guides that ship.
    shipped = {g.slug for g in starter_guides()}
    for linked in INTERNAL_GUIDE_LINK.findall(guide.body_html):
        assert linked in shipped, f"{source.slug} links to a missing guide {linked}"


def test_the_starter_set_varies_and_has_tables():
    sources = starter_guides()
    assert sum("<table>" in Guide.objects.get(slug=g.slug).body_html for g in sources) >= 2
    assert {g.audience for g in sources} == set(Audience.values)
    assert len({g.kind for g in sources}) == len(Kind.values)
    assert len({g.stage for g in sources}) >= 5
    lm3 = Guide.objects.get(slug="lm3-local-multiplier-3").body_html
    assert "Round 1" in lm3 and "round 1 + round 2 + round 3" in lm3


# ---------------------------------------------------------------------------
# The front page: filters, search and pages
# ---------------------------------------------------------------------------


def test_front_page_introduces_the_toolkit(client):
    response = client.get("/toolkit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/toolkit/case-studies/"' in html
    assert 'href="/toolkit/checklist/"' in html
    assert '<a class="nav-link" href="/toolkit/" aria-current="page">' in html
    assert slugs(response) == set(Guide.objects.published().values_list("slug", flat=True))


def test_unpublished_guides_are_not_listed(client):
    hidden = GuideFactory(published=False, title="Draft about composting")
    response = client.get("/toolkit/")
    assert hidden.slug not in slugs(response)
    assert client.get("/toolkit/?q=composting").context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("audience", "allowed"),
    [
        (Audience.COMMISSIONERS, {Audience.COMMISSIONERS, Audience.BOTH}),
        (Audience.PROVIDERS, {Audience.PROVIDERS, Audience.BOTH}),
        (Audience.BOTH, {Audience.BOTH}),
    ],
)
def test_audience_filter_includes_guides_for_both(client, audience, allowed):
    found = listed(client.get(f"/toolkit/?audience={audience}"))
    expected = Guide.objects.published().filter(audience__in=allowed)
    assert {g.pk for g in found} == set(expected.values_list("pk", flat=True))
    assert 0 < len(found) < Guide.objects.published().count()


@pytest.mark.parametrize("stage", [Stage.REVIEW, Stage.PROCUREMENT, Stage.ALL])
def test_stage_filter_narrows(client, stage):
    found = listed(client.get(f"/toolkit/?stage={stage}"))
    assert found and all(g.stage == stage for g in found)
    assert len(found) == Guide.objects.published().filter(stage=stage).count()
    assert len(found) < Guide.objects.published().count()


@pytest.mark.parametrize("kind", [Kind.METHOD, Kind.LEGAL, Kind.STEP_BY_STEP])
def test_kind_filter_narrows(client, kind):
    found = listed(client.get(f"/toolkit/?kind={kind}"))
    assert found and all(g.kind == kind for g in found)
    assert len(found) == Guide.objects.published().filter(kind=kind).count()


def test_outcome_filter_narrows_without_duplicates(client):
    found = listed(client.get("/toolkit/?outcome=living-wage"))
    assert found
    assert len(found) == len({g.pk for g in found})
    for guide in found:
        assert "living-wage" in {o.slug for o in guide.outcomes.all()}
    assert len(found) == Guide.objects.published().filter(outcomes__slug="living-wage").count()


def test_filters_combine(client):
    found = listed(client.get("/toolkit/?audience=providers&kind=method&outcome=better-wellbeing"))
    assert [g.slug for g in found] == ["measuring-social-value"]


def test_unknown_filter_values_are_ignored(client):
    response = client.get("/toolkit/?audience=aliens&stage=x&kind=<b>&outcome=nope")
    assert response.status_code == 200
    assert not response.context["filters"].active
    assert response.context["page"].paginator.count == Guide.objects.published().count()


@pytest.mark.parametrize(
    ("field", "text"),
    [("title", "Quokka handbook"), ("summary", "all about quokkas"), ("body", "A quokka.")],
)
def test_search_looks_in_title_summary_and_body(client, field, text):
    match = GuideFactory(**{field: text})
    GuideFactory(title="Something else entirely")
    response = client.get("/toolkit/?q=QUOKKA")
    assert [g.pk for g in listed(response)] == [match.pk]
    assert 'value="QUOKKA"' in response.content.decode()


def test_search_finds_starter_guides_by_their_words(client):
    found = slugs(client.get("/toolkit/?q=blacklisting"))
    assert "setting-the-standard" in found
    assert "lm3-local-multiplier-3" not in found


def test_no_match_says_so(client):
    response = client.get("/toolkit/?q=zzzzzz-nothing")
    assert response.context["page"].paginator.count == 0
    assert "No guide matches those filters" in response.content.decode()


def test_guides_come_twelve_to_a_page_and_pages_keep_the_filters(client):
    GuideFactory.create_batch(30, audience=Audience.PROVIDERS)
    total = Guide.objects.published().filter(audience__in=["providers", "both"]).count()
    pages = -(-total // 12)
    first = client.get("/toolkit/?audience=providers")
    assert len(first.context["page"].object_list) == 12
    assert first.context["page"].paginator.num_pages == pages
    assert 'href="?audience=providers&amp;page=2"' in first.content.decode()
    seen = []
    for number in range(1, pages + 1):
        page = client.get(f"/toolkit/?audience=providers&page={number}").context["page"]
        seen += [g.pk for g in page.object_list]
    assert len(seen) == len(set(seen)) == total
    assert len(page.object_list) == total - 12 * (pages - 1)
    # A page past the end shows the last page rather than failing.
    assert client.get("/toolkit/?page=999").context["page"].number > 1


def test_cards_show_title_summary_and_badges(client):
    html = client.get("/toolkit/?q=LM3").content.decode()
    guide = Guide.objects.get(slug="lm3-local-multiplier-3")
    assert f'href="{guide.get_absolute_url()}"' in html
    assert guide.summary in html
    assert "For commissioners and providers" in html
    assert "Method" in html and "Stage: Review" in html
    assert "Local economic benefit" in html


# ---------------------------------------------------------------------------
# A guide's page
# ---------------------------------------------------------------------------


def test_guide_page_shows_the_sanitised_body_badges_and_outcomes(client):
    guide = Guide.objects.get(slug="setting-the-standard")
    response = client.get("/toolkit/guides/setting-the-standard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{guide.title}</h1>" in html
    assert guide.body_html in html
    assert "For commissioners and providers" in html and "Every stage" in html
    assert "More people paid the Living Wage" in html
    assert 'href="/toolkit/?outcome=living-wage#guides-title"' in html
    # The Toolkit link in the main navigation marks the section, not the page.
    assert '<a class="nav-link" href="/toolkit/" aria-current="true">' in html


def test_guide_page_renders_only_the_stored_html(client):
    guide = GuideFactory(body="Plain body text")
    Guide.objects.filter(pk=guide.pk).update(
        body="<script>alert('raw body')</script>", body_html="<p>From body_html</p>"
    )
    html = client.get(guide.get_absolute_url()).content.decode()
    assert "<p>From body_html</p>" in html
    assert "alert('raw body')" not in html


def test_user_text_outside_the_body_is_escaped(client):
    guide = GuideFactory(title="<em>Title</em>", summary="<b>Summary</b>")
    html = client.get(guide.get_absolute_url()).content.decode()
    assert "<em>Title</em>" not in html and "&lt;em&gt;Title&lt;/em&gt;" in html
    assert "<b>Summary</b>" not in html


def test_related_guides_share_outcomes_first(client):
    # Of the starter guides, only the 10% Better one names these two outcomes.
    guide = GuideFactory(outcomes=["less-fuel-poverty", "more-active-people"])
    close = GuideFactory(title="Close", outcomes=["less-fuel-poverty", "more-active-people"])
    near = GuideFactory(title="Near", outcomes=["less-fuel-poverty", "more-recycling"])
    GuideFactory(title="Hidden", outcomes=["less-fuel-poverty"], published=False)
    response = client.get(guide.get_absolute_url())
    related = response.context["related"]
    assert len(related) == 4
    assert related[:2] == [close, near]
    assert guide not in related
    assert all(g.published for g in related)
    html = response.content.decode()
    assert "Related guides" in html and f'href="{close.get_absolute_url()}"' in html


def test_related_guides_fall_back_to_the_same_stage_or_audience(client):
    Guide.objects.all().delete()
    guide = GuideFactory(stage=Stage.PLANNING, audience=Audience.PROVIDERS)
    same_stage = GuideFactory(stage=Stage.PLANNING, audience=Audience.COMMISSIONERS)
    same_audience = GuideFactory(stage=Stage.REVIEW, audience=Audience.PROVIDERS)
    GuideFactory(stage=Stage.REVIEW, audience=Audience.COMMISSIONERS)  # nothing in common
    assert client.get(guide.get_absolute_url()).context["related"] == [same_stage, same_audience]


def test_a_guide_alone_has_no_related_section(client):
    Guide.objects.all().delete()
    guide = GuideFactory()
    response = client.get(guide.get_absolute_url())
    assert response.context["related"] == []
    assert 'data-testid="related-guides"' not in response.content.decode()


def test_unknown_guide_is_not_found(client):
    assert client.get("/toolkit/guides/no-such-guide/").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "resident", "member_a", "admin_a", "commissioner"])
def test_unpublished_guide_is_not_found_for_the_public(client_for, role):
    guide = GuideFactory(published=False)
    assert client_for(role).get(guide.get_absolute_url()).status_code == 404


def test_unpublished_guide_is_shown_to_staff_with_a_notice(client_for):
    guide = GuideFactory(published=False)
    response = client_for("staff").get(guide.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="unpublished"' in html
    assert f'href="/admin/toolkit/guide/{guide.pk}/change/"' in html


def test_published_guide_has_no_edit_link_for_the_public(client):
    html = client.get("/toolkit/guides/what-is-social-value/").content.decode()
    assert "/admin/" not in html


# ---------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------


def test_staff_edit_guides_in_the_admin_with_a_sanitised_preview(client_for):
    staff = client_for("staff")
    guide = GuideFactory(body="## Preview me\n\n<script>alert(1)</script>")
    assert staff.get("/admin/toolkit/guide/?q=Preview").status_code == 200
    response = staff.get(f"/admin/toolkit/guide/{guide.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Preview me</h2>" in html
    assert "<script>alert(1)</script>" not in html
    assert staff.get("/admin/toolkit/guide/add/").status_code == 200


def test_anonymous_admin_is_sent_to_log_in():
    assert Client().get("/admin/toolkit/guide/").status_code == 302
