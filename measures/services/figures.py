"""City figures: staff enter the city's figure for an indicator and a period."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError

from .. import permissions
from ..models import CityFigure, Indicator


@transaction.atomic
def city_figure_save(
    *,
    actor: User,
    indicator: Indicator,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal,
    source: str,
    note: str = "",
    figure: CityFigure | None = None,
) -> CityFigure:
    """Add a figure, or correct ``figure``. One figure per indicator and period."""
    if not permissions.can_manage_city_figures(actor):
        raise DomainError(_("Only the alliance’s staff enter city figures."), code="forbidden")
    if not indicator.is_active:
        raise DomainError(_("This indicator is no longer in use."), code="inactive")
    figure = figure or CityFigure()
    figure.indicator = indicator
    figure.period_start = period_start
    figure.period_end = period_end
    figure.value = value
    figure.source = " ".join(source.split())
    figure.note = note.strip()
    figure.entered_by = actor
    figure.entered_at = timezone.now()
    figure.full_clean(validate_unique=False, validate_constraints=False)
    clash = (
        CityFigure.objects.filter(
            indicator=indicator, period_start=period_start, period_end=period_end
        )
        .exclude(pk=figure.pk)
        .exists()
    )
    if clash:
        raise DomainError(
            _("There is already a figure for %(name)s for this period: correct that one.")
            % {"name": indicator.name},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            figure.save()
    except IntegrityError:
        raise DomainError(
            _("There is already a figure for %(name)s for this period: correct that one.")
            % {"name": indicator.name},
            code="duplicate",
        ) from None
    return figure
