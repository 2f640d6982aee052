"""``{{ signature|review_overdue }}``: whether a listed signature shows "review overdue"."""

from django import template

register = template.Library()


@register.filter
def review_overdue(signature) -> bool:
    # A review waiting for staff holds the clock (selectors annotate ``review_waiting``).
    return signature.is_review_overdue() and not getattr(signature, "review_waiting", False)
