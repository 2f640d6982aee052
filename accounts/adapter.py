"""allauth hooks: mail goes through the outbox, and sign-up saves the display name."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from core.outbox import email_queue_message

# What allauth's mail context carries that would let a reader act as the recipient:
# the confirmation and password reset links, their keys and any one-time code.
SECRET_CONTEXT_KEYS = ("activate_url", "password_reset_url", "key", "code")


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        secrets = [ctx.get(name) for name in SECRET_CONTEXT_KEYS]
        email_queue_message(
            self.render_mail(template_prefix, email, ctx),
            secrets=[str(secret) for secret in secrets if secret],
        )

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.lower()
        user.display_name = form.cleaned_data["display_name"]
        user.ward = form.cleaned_data.get("ward")
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request) -> str:
        return reverse("accounts:dashboard")
