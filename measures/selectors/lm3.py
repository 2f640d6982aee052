"""Reads for LM3: an organisation's history and one period's result."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Organisation

from ..models import LM3Survey


def organisation_lm3_history(*, organisation: Organisation) -> QuerySet[LM3Survey]:
    return LM3Survey.objects.filter(organisation=organisation).order_by("-period_end", "-pk")


def lm3_for_page(*, pk: int) -> LM3Survey:
    return LM3Survey.objects.select_related("organisation", "recorded_by").get(pk=pk)
