"""``{{ value|xml_text }}``: text safe in XML and SVG (see ``core.text``). Still
escaped as usual by the template."""

from django import template

from core.text import xml_text as _xml_text

register = template.Library()


@register.filter
def xml_text(value) -> str:
    return _xml_text(value)
