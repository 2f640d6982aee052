"""django-filter FilterSets over the pages' own filters.

The pages read their filters into a selector's dataclass (``WallFilters``,
``CaseStudyFilters``, ...) and the selector does the filtering. A FilterSet here
declares the same parameters, so that a bad value is a clear 400 and the OpenAPI
description lists them, then hands the cleaned values to the page's selector: the API
and the page filter in exactly the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import SEARCH_MAX


class SelectorFilterSet(django_filters.FilterSet):
    """Subclasses set ``selector`` (a function of the page's filters) and
    ``filters_class`` (that dataclass); each declared filter's cleaned value fills the
    field named by its ``field_name`` (a model chosen by slug gives its slug)."""

    selector: Callable[[Any], Any]
    filters_class: type

    def filter_queryset(self, queryset):
        values = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            declared = self.filters[name]
            if isinstance(value, Model):
                value = getattr(value, declared.extra.get("to_field_name") or "pk")
            values[declared.field_name] = str(value)
        return type(self).selector(self.filters_class(**values))


def search_filter(help_text: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        field_name="search", max_length=SEARCH_MAX, help_text=help_text
    )


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """One object by its slug (or number): an unknown one is a 400."""


def slug_filter(queryset, help_text: str, field_name: str) -> SlugFilter:
    return SlugFilter(
        queryset=queryset, to_field_name="slug", field_name=field_name, help_text=help_text
    )
