"""Every page of the permission matrix, as every role that may see it, through axe-core,
with its focus indicators and control borders measured (3:1, ``a11y_checks``) and loaded
again at a 390 px phone's width, where nothing may scroll sideways.

The page list comes from the permission matrix (``tests/permission_matrix.py`` collects
each app's ``tests/<app>/matrix.py``): each row marked ``page`` that is a GET is visited
as each role the matrix gives a 200. A page added to the matrix is swept without
touching this file. One test per role keeps the setup (users, organisations, reference
data) to one per role rather than one per page, and every matrix object is built first,
so lists and queues are swept with something in them.
"""

from __future__ import annotations

import re
import time

import pytest

from ..permission_matrix import FOUND, OK, ROLES, Objects, rows
from .a11y_checks import PHONE
from .conftest import Auditor, sign_in

pytestmark = pytest.mark.browser

MATRIX = rows()

# Pages the matrix answers with a redirect but that lead to a page people read: the
# reset-password link swaps its key into the session and redirects to the form.
FOLLOWED_REDIRECTS = {("account_reset_password_from_key", "anonymous")}
NEW_PASSWORD = re.compile("new password", re.IGNORECASE)


def pages_for(role: str) -> list[tuple[str, bool]]:
    """(row name, follow redirect) for every page ``role`` gets to see."""
    pages = []
    for row in MATRIX:
        if not row.page or row.method != "GET":
            continue
        if row.expect[role] == OK:
            pages.append((row.name, False))
        elif row.expect[role] == FOUND and (row.name, role) in FOLLOWED_REDIRECTS:
            pages.append((row.name, True))
    return pages


def test_followed_redirects_are_in_the_matrix():
    """A renamed row must not silently drop a page from the sweep."""
    rows = {row.name: row for row in MATRIX}
    for name, role in FOLLOWED_REDIRECTS:
        assert name in rows, f"{name} is no longer in the permission matrix"
        assert rows[name].expect[role] == FOUND
        assert rows[name].page


def test_every_role_has_pages_to_sweep():
    assert all(pages_for(role) for role in ROLES)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
def test_pages_pass_axe(role, users, org_a, org_b, auditor, live_server):
    objects = Objects(users, org_a, org_b).build_all()
    by_name = {row.name: row for row in MATRIX}
    audit: Auditor = auditor(role)
    page = audit.new_page()
    phone = audit.new_page()
    phone.set_viewport_size(PHONE)
    visited = 0
    for name, follow in pages_for(role):
        url = by_name[name].url(objects)
        if users[role] is not None:
            # A fresh session for each page: some GETs end the one they find (opening
            # another account's confirmation link logs out, as allauth intends).
            sign_in(audit.context, users[role], live_server.url)
        response = page.goto(url)
        if response is None:
            audit.problems.append(f"[{role}] no response for {url}")
            continue
        redirected = response.request.redirected_from is not None
        if response.status != OK or redirected != follow:
            how = "after a redirect" if redirected else "directly"
            audit.problems.append(
                f"[{role}] {url} ({name}) answered {response.status} {how} at {page.url}; "
                f"the matrix expects {'a redirect to ' if follow else ''}a 200 page"
            )
            continue
        if follow and not page.get_by_role("textbox", name=NEW_PASSWORD).count():
            audit.problems.append(f"[{role}] {url} ({name}) led to {page.url}, not a form")
            continue
        audit.axe(page, label=name)
        audit.check_focus_and_borders(page, label=name)
        # The same page again on a phone: nothing may scroll sideways.
        if users[role] is not None:
            sign_in(audit.context, users[role], live_server.url)
        phone.goto(url)
        audit.check_width(phone, label=f"{name} at {PHONE['width']} px")
        visited += 1
    assert visited, f"{role} saw no page"
    audit.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_the_sweep_catches_what_it_looks_for(auditor):
    """The harness itself: a clean sweep must mean clean pages, not a blind check."""
    audit: Auditor = auditor("anonymous")
    page = audit.new_page()
    page.goto("/")
    # An image with no text alternative, an inline script the CSP refuses, a missing file.
    page.evaluate(
        """() => {
          const img = document.createElement('img');
          img.src = '/static/img/favicon.svg';
          document.querySelector('main').append(img);
          const script = document.createElement('script');
          script.textContent = 'window.inlineRan = true';
          document.body.append(script);
          const missing = document.createElement('img');
          missing.alt = '';
          missing.src = '/static/no-such-file.png';
          document.body.append(missing);
        }"""
    )
    violations = audit.axe(page)
    assert "image-alt" in {v["id"] for v in violations}
    assert not page.evaluate("() => window.inlineRan === true")
    expected = ["axe image-alt", "Content Security Policy", "404"]
    deadline = time.monotonic() + 5
    # Console messages reach the test asynchronously.
    while not all(text in "\n".join(audit.problems) for text in expected):
        assert time.monotonic() < deadline, f"Not reported: {expected} in {audit.problems}"
        page.wait_for_timeout(50)
