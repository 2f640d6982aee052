"""allauth hooks: mail goes through the outbox, and sign-up saves the display name."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.shortcuts import resolve_url

from core.http import client_ip, client_key
from core.outbox import email_queue_message

from . import permissions

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

    # --- Who is asking, and how often they may fail to log in ----------------------
    #
    # allauth's "login_failed" limit counts per its key, which was the account alone:
    # five wrong passwords from anywhere locked the owner out. Its key is now the
    # account *and* the client's address, so a stranger's failures lock out only the
    # stranger. A wider limit per account alone ("login_failed_account") still stops a
    # guesser spread over many addresses; a password reset clears both, so the owner
    # can always get back in.

    def get_client_ip(self, request) -> str:
        return client_ip(request)

    def _account_key(self, request, **credentials) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        return f"{self._account_key(request, **credentials)}:{client_key(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        self._account_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed_account",
            key=self._account_key(request, **credentials),
        )
        if not self._account_rl_usage:
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request,
            app="allauth.account",
            action="login_failed_account",
            key=self._account_key(request, **credentials),
        )

    def get_login_redirect_url(self, request) -> str:
        """Each role's home; commissioners (who are not staff) their dashboard."""
        user = request.user
        if permissions.is_commissioner(user) and not permissions.is_alliance_staff(user):
            return resolve_url(settings.COMMISSIONER_LOGIN_REDIRECT_URL)
        return resolve_url(settings.LOGIN_REDIRECT_URL)
