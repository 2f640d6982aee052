"""``{% load reporting %}``: a dashboard figure's cell shown by its column's format."""

from __future__ import annotations

from decimal import Decimal

from django import template

from core.templatetags.numbers import figure
from measures.templatetags.measures_tags import percent, pounds

register = template.Library()


@register.filter
def cell(value, format_name: str) -> str:
    if value is None or value == "":
        return "\N{EN DASH}"
    if format_name == "text":
        return str(value)
    if format_name == "pounds":
        return pounds(value)
    if format_name == "percent":
        return percent(value)
    if format_name == "lm3":
        return f"{Decimal(str(value)):.2f}"
    return figure(value)
