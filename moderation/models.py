"""What the staff's daily digest remembers, so that running it twice sends one."""

from django.db import models
from django.utils import timezone


class ModerationDigest(models.Model):
    """One row per day a digest went to staff, so running the task twice sends one."""

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    pledges_waiting = models.PositiveIntegerField(default=0)
    concerns_open = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Moderation digest {self.day}"
