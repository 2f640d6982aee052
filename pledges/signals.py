"""Keep pledges right when an account goes: a resident's own pledges go with it."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .models import Pledge


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="pledges_delete_personal")
def delete_personal_pledges(sender, instance, **kwargs) -> None:
    Pledge.objects.filter(pledger=instance, organisation__isnull=True).delete()
