"""Figures as people write them: ``{% load numbers %}`` then ``|figure``, ``|measure:unit``,
``|figure_only:unit`` and ``|pct``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()

PERCENT_UNITS = {"%", "percent", "per cent"}


@register.filter
def pct(value) -> int:
    """A whole percentage from 0 to 100, for the ``w-pct-N`` width classes."""
    try:
        return max(0, min(100, round(float(value))))
    except (TypeError, ValueError):
        return 0


@register.filter
def figure(value) -> str:
    """A number as people write it: ``46,900``, ``2.5``; no trailing ``.00``."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,}".rstrip("0")


# Units are typed by people, in the plural ("events", "people", "hours"): for a figure of
# exactly 1 they are made singular, so the page says "reached 1 event", not "1 events".
_IRREGULAR_SINGULARS = {"people": "person", "children": "child", "men": "man", "women": "woman"}
_UNCHANGED = ("ss", "us", "is", "kg", "km", "m2", "co2", "co2e")


def _singular_word(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR_SINGULARS:
        singular = _IRREGULAR_SINGULARS[lower]
        return singular.capitalize() if word[:1].isupper() else singular
    if len(lower) < 3 or not lower.isalpha() or lower.endswith(_UNCHANGED):
        return word
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if lower.endswith("s"):
        return word[:-1]
    return word


def unit_for(value, unit: str) -> str:
    """``unit`` as it reads after ``value``: singular after exactly 1 ("1 tonne",
    "1 volunteer hour", "1 hour of volunteering"), as typed otherwise."""
    try:
        one = Decimal(value) == 1
    except (InvalidOperation, TypeError, ValueError):
        one = False
    if not one or not unit:
        return unit
    head, of, tail = unit.partition(" of ")
    words = head.split(" ")
    words[-1] = _singular_word(words[-1])
    return " ".join(words) + of + tail


@register.filter
def measure(value, unit: str) -> str:
    """A figure with its unit: ``10%``, ``£1,200``, ``25 people``, ``1 person``."""
    number = figure(value)
    unit = (unit or "").strip()
    if unit in PERCENT_UNITS:
        return f"{number}%"
    if unit == "£":
        return f"£{number}"
    return f"{number} {unit_for(value, unit)}".strip()


@register.filter
def figure_only(value, unit: str) -> str:
    """The figure reached, as in "8 of 12 people": with the unit only where it is a sign
    (``8%``, ``£120``) that reads naturally before "of"."""
    unit = (unit or "").strip()
    return measure(value, unit) if unit in PERCENT_UNITS or unit == "£" else figure(value)
