"""Matrix rows for the site as a whole: home, health checks, allauth and Django's admin."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str

from accounts.models import User

from .accounts.factories import UserFactory
from .permission_matrix import FORBIDDEN, FOUND, OK, Objects, Row, everyone, only, signed_in


def newcomer(objects: Objects) -> User:
    """Someone who signed up and has not confirmed their address yet."""
    user = UserFactory(email="newcomer@example.org", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


def email_confirm_key(objects: Objects) -> str:
    address = EmailAddress.objects.get(user=objects["newcomer"])
    return EmailConfirmationHMAC(address).key


def password_reset_key(objects: Objects) -> str:
    user = objects["newcomer"]
    return f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"


BUILDERS = {
    "newcomer": newcomer,
    "email_confirm_key": email_confirm_key,
    "password_reset_key": password_reset_key,
}

ROWS = [
    Row("home", "/", everyone(OK)),
    Row("healthz", "/healthz", everyone(OK), page=False),
    Row("readyz", "/readyz", everyone(OK), page=False),
    Row("status", "/status/", everyone(OK)),
    # --- allauth ----------------------------------------------------------------
    Row("account_signup", "/accounts/signup/", signed_in(FOUND, anonymous=OK)),
    Row("account_login", "/accounts/login/", signed_in(FOUND, anonymous=OK)),
    Row("account_logout", "/accounts/logout/", signed_in(OK), anonymous_to=None),
    Row("account_inactive", "/accounts/inactive/", everyone(OK)),
    Row("account_reauthenticate", "/accounts/reauthenticate/", signed_in(OK)),
    # Reauthentication by a mailed code is switched off (ACCOUNT_REAUTHENTICATION_METHODS
    # asks for the password instead): allauth refuses both steps to everyone signed in.
    Row(
        "account_request_reauthentication_code",
        "/accounts/reauthenticate/code/",
        signed_in(FORBIDDEN),
        page=False,
    ),
    Row(
        "account_confirm_reauthentication_code",
        "/accounts/reauthenticate/code/confirm/",
        signed_in(FORBIDDEN),
        page=False,
    ),
    Row("account_email", "/accounts/email/", signed_in(OK)),
    Row("account_email_verification_sent", "/accounts/confirm-email/", everyone(OK)),
    Row("account_confirm_email", "/accounts/confirm-email/{email_confirm_key}/", everyone(OK)),
    Row("account_change_password", "/accounts/password/change/", signed_in(OK)),
    Row("account_set_password", "/accounts/password/set/", signed_in(FOUND)),
    Row("account_reset_password", "/accounts/password/reset/", everyone(OK)),
    Row("account_reset_password_done", "/accounts/password/reset/done/", everyone(OK)),
    # A valid key is swapped for one kept in the session, as Django's own reset does,
    # so the link is not leaked through the Referer header: the form is one redirect on.
    Row(
        "account_reset_password_from_key",
        "/accounts/password/reset/key/{password_reset_key}/",
        everyone(FOUND),
        anonymous_to=None,
    ),
    Row(
        "account_reset_password_from_key_done",
        "/accounts/password/reset/key/done/",
        everyone(OK),
    ),
    # Login by code is switched off: the page sends everyone back to log in.
    Row(
        "account_confirm_login_code",
        "/accounts/login/code/confirm/",
        everyone(FOUND),
        page=False,
        anonymous_to=None,
    ),
    # --- Django admin (representative rows for the ADMIN_PREFIX rule) -----------
    # The roles' clients have just given their password (tests/conftest.py): that the
    # admin asks for it again is tested in tests/accounts/test_security_admin.py.
    Row("admin:index", "/admin/", only({"staff": OK}, others=FOUND), page=False),
    Row(
        "admin:accounts_organisation_changelist",
        "/admin/accounts/organisation/",
        only({"staff": OK}, others=FOUND),
        page=False,
    ),
    Row(
        "admin:accounts_user_changelist",
        "/admin/accounts/user/",
        only({"staff": FORBIDDEN}, others=FOUND),
        page=False,
    ),
]
