"""Cheap polling: cached responses, ETag and Last-Modified (304), invalidation when the
data changes, and the per-address throttle (429 with Retry-After)."""

from __future__ import annotations

import pytest

from ..toolkit.guide_factories import GuideFactory

pytestmark = pytest.mark.django_db

GUIDES = "/api/v1/guides/"


def test_an_unchanged_list_answers_304_to_its_etag_or_date(client):
    first = client.get(GUIDES)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(GUIDES, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(GUIDES, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # The CSV is another representation, with its own ETag.
    assert client.get(GUIDES + "?format=csv", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_cached_list_costs_no_database_query(client, django_assert_num_queries):
    first = client.get(GUIDES)
    with django_assert_num_queries(0):
        second = client.get(GUIDES)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_change_invalidates_the_cached_list(client, django_capture_on_commit_callbacks):
    first = client.get(GUIDES)
    with django_capture_on_commit_callbacks(execute=True):
        GuideFactory(title="A guide published just now")
    second = client.get(GUIDES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert "A guide published just now" in second.content.decode()
    assert second["ETag"] != first["ETag"]


def test_a_pledge_approval_invalidates_the_pledge_lists(client, django_capture_on_commit_callbacks):
    from pledges.models import Pledge

    from ..pledges.factories import make_pledge

    pledge = make_pledge(status=Pledge.Status.SUBMITTED, title="Waiting for staff")
    assert client.get("/api/v1/pledges/").json()["count"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        pledge.status = Pledge.Status.APPROVED
        pledge.save()
    assert client.get("/api/v1/pledges/").json()["count"] == 1


def test_anonymous_requests_are_throttled_per_address(client, settings):
    settings.OPEN_DATA_ANON_RATE = "3/minute"
    for _ in range(3):
        assert client.get(GUIDES).status_code == 200
    refused = client.get(GUIDES)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()
    # Another address has its own allowance; a forged X-Forwarded-For does not help.
    assert client.get(GUIDES, REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get(GUIDES, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
