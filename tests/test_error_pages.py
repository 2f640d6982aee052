"""Branded 400/403/404/500 pages, the service status page, and how refusals are logged."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

MAIN_NAV = 'aria-label="Main"'
WHERE_NEXT = 'data-testid="where-next"'


def _page(response) -> str:
    html = response.content.decode()
    # The site's layout, with its navigation and a way on.
    assert MAIN_NAV in html and WHERE_NEXT in html
    assert 'href="/status/"' in html
    return html


@pytest.mark.django_db
def test_404_is_the_sites_page_with_where_to_go_next(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can’t find that page" in _page(response)


@pytest.mark.django_db
def test_403_tells_a_signed_in_person_why_and_where_to_go(client_for):
    response = client_for("resident").get("/moderation/")
    assert response.status_code == 403
    html = _page(response)
    assert "Your account does not have permission" in html
    assert 'href="/accounts/"' in html


@pytest.mark.django_db
def test_403_for_a_failed_form_check_says_to_reload_and_send_again(client):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@b.org"})
    assert response.status_code == 403
    assert "Your form was not sent" in _page(response)


def test_404_renders_for_a_request_no_middleware_has_seen(rf):
    """A missing static file under the test server's static handler, which runs before
    (and without) the authentication middleware: still the site's 404, not a 500."""
    from django.http import Http404
    from django.views.defaults import page_not_found

    response = page_not_found(rf.get("/static/no-such-file.png"), Http404())
    assert response.status_code == 404
    assert "We can’t find that page" in _page(response)


@pytest.mark.django_db
def test_400_is_the_sites_page(client):
    response = client.get("/", HTTP_HOST="not a host name")
    assert response.status_code == 400
    assert "We couldn’t understand that request" in _page(response)


@pytest.mark.urls("tests.error_urls")
def test_500_renders_without_the_database(client):
    """No database access is allowed in this test: the 500 page must not need one,
    even for someone whose session (kept in the database) would have to be read."""
    broken = Client(raise_request_exception=False)
    broken.cookies["sessionid"] = "a-session-that-cannot-be-read"
    response = broken.get("/broken/")
    assert response.status_code == 500
    html = _page(response)
    assert "Sorry, something went wrong on our side" in html
    assert "Log in" in html


# ---------------------------------------------------------------------------
# Logging: expected refusals are one line; real errors keep their traceback
# ---------------------------------------------------------------------------


def _request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "django.request"]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "path", "status"), [("resident", "/moderation/", 403)])
def test_an_expected_403_is_logged_as_one_line(client_for, caplog, role, path, status):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client_for(role).get(path).status_code == status
    [record] = _request_records(caplog)
    assert record.getMessage() == f"Forbidden (Permission denied): {path}"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
def test_a_404_is_logged_as_one_line(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/pledges/999999/").status_code == 404
    [record] = _request_records(caplog)
    assert record.getMessage() == "Not Found: /pledges/999999/"
    assert record.exc_info is None


@pytest.mark.urls("tests.error_urls")
def test_a_500_keeps_its_traceback(caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        assert Client(raise_request_exception=False).get("/broken/").status_code == 500
    [record] = _request_records(caplog)
    assert record.exc_info is not None
    assert "A deliberate failure" in caplog.text


def test_djangos_records_are_printed_once():
    """Django's own console handler printed each record beside the root's handler."""
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django").propagate


# ---------------------------------------------------------------------------
# The service status page
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_status_page_says_in_words_that_all_is_well(client, django_assert_max_num_queries):
    """One query (the database check), however much data there is."""
    with django_assert_max_num_queries(1):
        response = client.get("/status/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Everything is working normally." in html
    assert MAIN_NAV in html
    assert response["Content-Type"].startswith("text/html")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_status_page_says_mail_is_delayed_when_the_broker_is_down(client_for, monkeypatch):
    from salford_sv import views

    monkeypatch.setattr(views, "_broker_ok", lambda: False)
    response = client_for("resident").get("/status/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Part of the service is not working" in html
    assert "Delayed. What you do on the site is still saved" in html
    assert "Your account (Rosa)" in html


@pytest.mark.django_db
def test_status_page_says_logging_in_is_paused_when_the_cache_is_down(client, redis_down):
    response = client.get("/status/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Paused for a moment: we cannot check them safely" in html
    assert "Everything else works." in html


def test_status_page_works_when_the_database_is_down(monkeypatch):
    """No database access is allowed here, as when the database does not answer."""
    from salford_sv import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    monkeypatch.setattr(views, "_broker_ok", lambda: True)
    client = Client()
    client.cookies["sessionid"] = "a-session-that-cannot-be-read"
    response = client.get("/status/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Not answering." in html
    assert MAIN_NAV in html


@pytest.mark.django_db
def test_the_footer_links_to_the_status_page_not_to_json(client):
    html = client.get("/").content.decode()
    assert 'href="/status/">Service status</a>' in html
    assert 'href="/healthz"' not in html
