"""``{% form_token %}``: the one-time token a create form carries (see core.submissions)."""

from django import template
from django.utils.html import format_html

from core.submissions import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
