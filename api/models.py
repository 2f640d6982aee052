"""The one thing the open data API keeps itself: the licence its data is published under."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

OGL_NAME = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OGL_ID = "OGL-UK-3.0"


class OpenDataLicence(models.Model):
    """The licence of the published data: one row, edited by staff in the admin. The
    Open Government Licence v3.0 until staff choose another."""

    name = models.CharField(max_length=120, default=OGL_NAME)
    identifier = models.CharField(
        max_length=40,
        default=OGL_ID,
        help_text=_("Its SPDX identifier, written into the bulk files' datapackage.json."),
    )
    url = models.URLField(default=OGL_URL)
    attribution = models.CharField(
        max_length=300,
        default="Contains data from the Salford Social Value Alliance, published under the "
        "Open Government Licence v3.0.",
        help_text=_("How people reusing the data should credit it."),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("open data licence")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # one row: the licence of everything the API publishes
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)
