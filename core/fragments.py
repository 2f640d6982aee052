"""Rendered parts of signed-in pages, kept in the cache and shared between people.

A part is rendered once, without a request, and kept (``core.cache.cached_part``); each
request then fills in what is its own. The only thing of the person's in such a part is
the CSRF token of its forms: ``render`` gives ``{% csrf_token %}`` a placeholder, and
``with_csrf`` puts the request's own token in its place, so a kept form posts as one
rendered for the request would.
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# Letters and digits only: escaping leaves it as it is.
CSRF_PLACEHOLDER = "csrftokenplaceholder0d9f3c1b"


def render(template_name: str, context: dict) -> SafeString:
    """The template rendered for keeping: no request, a placeholder for the CSRF token."""
    return render_to_string(template_name, {**context, "csrf_token": CSRF_PLACEHOLDER})


def with_csrf(html: str, request) -> SafeString:
    """A kept part with the request's own CSRF token in its forms."""
    if CSRF_PLACEHOLDER not in html:
        return mark_safe(html)  # rendered by our templates, escaped there
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))
