"""Browser test fixtures: Debian's Chromium driven by Playwright, axe-core, quick sign-in.

One browser for the whole session; a fresh context (cookies, storage) per test or role.
Every page a test opens is watched: a response of 500 or more, a console error (a CSP
violation, a missing static file), an uncaught exception or a request that failed is a
problem, and ``Auditor.axe`` adds every WCAG 2.x A/AA violation axe-core finds;
``Auditor.check_focus_and_borders`` and ``Auditor.check_width`` add what axe-core cannot
see (``a11y_checks``): focus indicators and control borders under 3:1, and sideways
scrolling on a phone.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from . import a11y_checks

# Sync Playwright runs an event loop in the test thread; Django would then refuse the
# ORM calls fixtures make. Only the browser tests need this, so it is set here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
# Playwright waits this long (ms) for an element or a navigation before failing.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE_PATH.is_file():
        pytest.fail(f"{AXE_SOURCE_PATH} is missing: run `make static`")
    return AXE_SOURCE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Auditor:
    """Watches every page of one browser context and runs axe-core on request."""

    def __init__(self, context, axe_source: str, role: str):
        self.context = context
        self.axe_source = axe_source
        self.role = role
        self.problems: list[str] = []
        # Nothing may leave this machine: anything not local is refused and reported.
        context.route("**/*", self._only_local)

    def _only_local(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.problems.append(f"[{self.role}] request off this machine refused: {url}")
            route.abort()

    def watch(self, page) -> None:
        page.set_default_timeout(TIMEOUT_MS)
        page.on("console", lambda msg: self._console(page, msg))
        page.on(
            "pageerror",
            lambda error: self.problems.append(
                f"[{self.role}] uncaught JavaScript error on {page.url}: {error}"
            ),
        )
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _console(self, page, message) -> None:
        if message.type == "error":
            self.problems.append(f"[{self.role}] console error on {page.url}: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.problems.append(f"[{self.role}] HTTP {response.status} from {response.url}")

    def _request_failed(self, request) -> None:
        failure = request.failure or ""
        # Leaving a page cancels what it was still loading (the favicon, say): not a
        # fault. Missing files and CSP blocks are reported through the console.
        if "ERR_ABORTED" in failure:
            return
        self.problems.append(f"[{self.role}] request failed: {request.url} ({failure})")

    def new_page(self):
        page = self.context.new_page()
        self.watch(page)
        return page

    def axe(self, page, label: str = "") -> list[dict]:
        """Run axe-core on the page as it is now; record and return its violations."""
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, so the page's CSP (script-src
            # 'self', no inline script) stays on and keeps reporting its own violations.
            page.evaluate(self.axe_source)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        where = f"{label} {page.url}".strip()
        for violation in results["violations"]:
            targets = "; ".join(
                " ".join(str(part) for part in node["target"]) for node in violation["nodes"]
            )
            self.problems.append(
                f"[{self.role}] axe {violation['id']} ({violation['impact']}) on {where}: "
                f"{violation['help']} -> {targets} ({violation['helpUrl']})"
            )
        return results["violations"]

    def check_focus_and_borders(self, page, label: str = "") -> list[str]:
        """Focus indicators and control borders at 3:1 (``a11y_checks``); recorded."""
        where = f"{label} {page.url}".strip()
        found = a11y_checks.focus_problems(page) + a11y_checks.border_problems(page)
        self.problems += [f"[{self.role}] {problem} on {where}" for problem in found]
        return found

    def check_width(self, page, label: str = "") -> list[str]:
        """Nothing scrolls sideways at the page's width (390 px for a phone); recorded."""
        where = f"{label} {page.url}".strip()
        found = a11y_checks.width_problems(page)
        self.problems += [f"[{self.role}] too wide: {problem} on {where}" for problem in found]
        return found

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} problem(s):\n" + "\n".join(self.problems)


@pytest.fixture
def auditor(browser, axe_source, live_server):
    """``auditor(role, user=None)``: a fresh context, signed in as ``user`` if given."""
    contexts = []

    def make(role: str = "anonymous", user=None) -> Auditor:
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        audit = Auditor(context, axe_source, role)
        if user is not None:
            sign_in(context, user, live_server.url)
        return audit

    yield make
    for context in contexts:
        context.close()


def sign_in(context, user, base_url: str) -> None:
    """Give the context a session for ``user``, skipping the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def wait_for_mail(to: str, pattern: str, timeout: float = 5.0) -> re.Match:
    """The first match of ``pattern`` in a mail sent to ``to``, waiting for the sender.

    Mail is sent by an eager Celery task after the request's transaction commits, in the
    live server's thread; ``mail.outbox`` is shared with this one.
    """
    deadline = time.monotonic() + timeout
    while True:
        for message in mail.outbox:
            if to in message.to:
                found = re.search(pattern, message.body)
                if found:
                    return found
        if time.monotonic() > deadline:
            sent = [(m.to, m.subject) for m in mail.outbox]
            pytest.fail(f"No mail to {to} matching {pattern!r}; sent: {sent}")
        time.sleep(0.05)
