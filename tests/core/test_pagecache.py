"""Whole pages cached for anonymous visitors (core/pagecache.py): what is shared, what is
never shared, and, for each cache family, that a public change invalidates the pages
built from it."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.services import organisation_update
from charter.models import Signature
from pledges.models import Pledge
from pledges.services import pledge_approve

from ..accounts.factories import OrganisationFactory, admin_of
from ..charter.factories import make_signature
from ..measures.factories import make_city_figure
from ..pledges.factories import make_pledge
from ..toolkit.guide_factories import GuideFactory

pytestmark = pytest.mark.django_db

HIT = "X-Page-Cache"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """On, as in production (the test settings turn it off for every other test)."""
    from salford_sv.settings import base

    settings.ANONYMOUS_PAGE_CACHE = base.ANONYMOUS_PAGE_CACHE


def get(client: Client, path: str):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def test_an_anonymous_page_is_rendered_once_then_served_from_the_cache():
    client = Client()
    first = get(client, "/pledges/")
    second = get(client, "/pledges/")

    assert HIT not in first
    assert second[HIT] == "hit"
    assert second.content == first.content
    # The headers every page carries are added to a cached page too.
    assert "Content-Security-Policy" in second
    assert second["X-Frame-Options"] == "DENY"


def test_each_query_string_is_its_own_page():
    client = Client()
    get(client, "/pledges/")
    assert HIT not in get(client, "/pledges/?theme=people")


def test_signed_in_people_get_their_own_page(users, client_for):
    get(Client(), "/pledges/")
    response = get(client_for("resident"), "/pledges/")

    assert HIT not in response
    assert b"Rosa" in response.content or b"Log out" in response.content


def test_a_visitor_with_a_message_waiting_is_not_served_the_shared_page():
    get(Client(), "/pledges/")
    client = Client()
    client.cookies["messages"] = "anything"

    assert HIT not in get(client, "/pledges/")


def test_a_page_with_a_csrf_token_is_never_shared(settings):
    settings.ANONYMOUS_PAGE_CACHE = {"account_login": ("organisations",)}
    client = Client()
    get(client, "/accounts/login/")

    assert HIT not in get(Client(), "/accounts/login/")


def test_nothing_is_cached_while_the_cache_is_unreachable(monkeypatch):
    monkeypatch.setattr("core.pagecache.versioned_key", lambda *args: None)
    get(Client(), "/pledges/")

    assert HIT not in get(Client(), "/pledges/")


# ---------------------------------------------------------------------------
# One test per family: a public change invalidates every page built from it.
# ---------------------------------------------------------------------------


def test_pledges_approving_a_pledge_puts_it_on_the_cached_wall(
    users, org_a, django_capture_on_commit_callbacks
):
    pledge = make_pledge(
        status=Pledge.Status.SUBMITTED, organisation=org_a, title="Plant a hundred trees"
    )
    client = Client()
    assert b"Plant a hundred trees" not in get(client, "/pledges/").content
    assert get(client, "/pledges/")[HIT] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        pledge_approve(pledge=pledge, actor=users["staff"])

    response = get(client, "/pledges/")
    assert HIT not in response
    assert b"Plant a hundred trees" in response.content
    assert b"Plant a hundred trees" in get(client, f"/pledges/{pledge.pk}/").content


def test_organisations_renaming_changes_the_cached_list_and_page(
    users, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Weaste Allotments")
    admin_of(organisation)
    client = Client()
    assert b"Weaste Allotments" in get(client, "/organisations/").content
    get(client, f"/organisations/{organisation.slug}/")

    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(organisation=organisation, name="Weaste Growers")

    assert b"Weaste Growers" in get(client, "/organisations/").content
    assert b"Weaste Growers" in get(client, f"/organisations/{organisation.slug}/").content


def test_toolkit_editing_a_guide_changes_its_cached_page(django_capture_on_commit_callbacks):
    guide = GuideFactory(title="Buying from local firms")
    client = Client()
    assert b"Buying from local firms" in get(client, f"/toolkit/guides/{guide.slug}/").content
    get(client, "/toolkit/")

    with django_capture_on_commit_callbacks(execute=True):  # as the admin saves it
        guide.title = "Buying from Salford firms"
        guide.save()

    assert b"Buying from Salford firms" in get(client, f"/toolkit/guides/{guide.slug}/").content
    assert HIT not in get(client, "/toolkit/")  # rendered afresh


def test_charter_a_verified_signature_joins_the_cached_directory(
    org_a, django_capture_on_commit_callbacks
):
    client = Client()
    assert b"Ordsall Community" not in get(client, "/charter/signatories/").content

    with django_capture_on_commit_callbacks(execute=True):
        make_signature(org_a, status=Signature.Status.VERIFIED)

    assert b"Ordsall Community" in get(client, "/charter/signatories/").content


def test_every_cached_page_names_families_something_bumps():
    """A family no write bumps would keep its pages until they time out."""
    bumped = set(django_settings.CACHE_FAMILY_MODELS)
    from salford_sv.settings import base

    for families in base.ANONYMOUS_PAGE_CACHE.values():
        assert set(families) <= bumped


def test_measures_a_new_city_figure_renders_the_cached_progress_page_afresh(
    django_capture_on_commit_callbacks,
):
    client = Client()
    get(client, "/measures/progress/")
    assert get(client, "/measures/progress/")[HIT] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        make_city_figure(value="51234")

    response = get(client, "/measures/progress/")
    assert HIT not in response
    assert b"51,234" in response.content or b"51234" in response.content
