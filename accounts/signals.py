"""What happens when allauth confirms an email address: the organisation its owner
signed up with is registered now (security review, finding 5); and when someone's
groups change, the cached roles move on."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from core.cache import bump

from .models import User
from .roles import ROLES_CACHE_FAMILY


@receiver(email_confirmed, dispatch_uid="accounts.register_pending_organisation")
def register_pending_organisation(sender, request, email_address, **kwargs) -> None:
    from .services import organisation_register_on_confirmation

    user = email_address.user
    if email_address.email.lower() != user.email.lower():
        return  # a second address: the account's own was confirmed at sign-up
    if not hasattr(user, "pending_organisation"):
        return
    organisation = organisation_register_on_confirmation(user=user)
    if request is None:
        return
    if organisation is not None:
        messages.success(
            request,
            _("%(name)s is registered, with you as its admin.") % {"name": organisation.name},
        )
    else:
        messages.warning(
            request,
            _(
                "Someone registered an organisation of that name before you confirmed. "
                "We have emailed you how to ask to join it."
            ),
        )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts.roles_changed")
def roles_changed(sender, action, **kwargs) -> None:
    """Someone's groups changed (the admin, ``grant_role``): the roles kept in the cache
    for everyone are read again once it commits (accounts.permissions)."""
    if action in ("post_add", "post_remove", "post_clear"):
        bump(ROLES_CACHE_FAMILY)
