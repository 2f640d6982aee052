"""allauth hooks: mail goes through the outbox, and sign-up saves the display name."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url

from core.outbox import email_queue_message

from . import permissions


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        email_queue_message(self.render_mail(template_prefix, email, ctx))

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.lower()
        user.display_name = form.cleaned_data["display_name"]
        user.ward = form.cleaned_data.get("ward")
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request) -> str:
        """Each role's home; commissioners (who are not staff) their dashboard."""
        user = request.user
        if permissions.is_commissioner(user) and not permissions.is_alliance_staff(user):
            return resolve_url(settings.COMMISSIONER_LOGIN_REDIRECT_URL)
        return resolve_url(settings.LOGIN_REDIRECT_URL)
