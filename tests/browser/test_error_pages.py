"""The error pages and the service status page, in Chromium, through axe-core."""

from __future__ import annotations

import pytest

from .conftest import Auditor

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.error_urls")]


@pytest.mark.django_db(transaction=True)
def test_error_and_status_pages_pass_axe(users, auditor, live_server):
    visits = [
        ("anonymous", None, "/status/", 200, "Service status"),
        ("anonymous", None, "/no-such-page/", 404, "We can’t find that page"),
        ("resident", users["resident"], "/moderation/", 403, "You can’t use this page"),
        ("anonymous", None, "/broken/", 500, "Sorry, something went wrong on our side"),
    ]
    problems = []
    for role, user, path, status, heading in visits:
        audit: Auditor = auditor(role, user)
        page = audit.new_page()
        response = page.goto(path)
        assert response.status == status, path
        assert page.get_by_role("heading", level=1).inner_text() == heading
        # The layout's navigation and a way on are there.
        assert page.get_by_role("navigation", name="Main").is_visible()
        assert page.get_by_role("link", name="Service status").is_visible()
        audit.axe(page, path)
        # The browser reports the status of the page itself: expected here, not a fault.
        url = page.url
        expected = {
            f"[{role}] HTTP {status} from {url}",
            f"[{role}] console error on {url}: Failed to load resource: "
            f"the server responded with a status of {status} ({response.status_text})",
        }
        problems += [problem for problem in audit.problems if problem not in expected]
    assert not problems, "\n".join(problems)
