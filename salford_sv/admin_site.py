"""The Django admin, signed into like the rest of the portal.

- ``/admin/login/`` is allauth's login (``secure_admin_login``): the same rate limits,
  lock-out rules and mandatory email confirmation as ``/accounts/login/``, instead of
  Django's own form, which has none.
- Every admin page asks for the password again when it was not given in the last few
  minutes (allauth's reauthentication, ``ACCOUNT_REAUTHENTICATION_TIMEOUT``), so a
  session left open, or taken, is not enough to change what the admin can change.
  A form posted after the window closed is resumed once the password is given.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PortalAdminSite(admin.AdminSite):
    site_header = "Salford Social Value portal: administration"
    site_title = "Salford Social Value admin"

    def admin_view(self, view, cacheable=False):
        from allauth.account.decorators import reauthentication_required

        if getattr(view, "__name__", "") != "logout":  # leaving never needs a password
            view = reauthentication_required(view)
        return super().admin_view(view, cacheable)

    def login(self, request, extra_context=None):
        from allauth.account.decorators import secure_admin_login

        return secure_admin_login(super().login)(request, extra_context)


class PortalAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the site above (in INSTALLED_APPS before any app
    registers a model; allauth is imported only when a view is built, as it needs the
    app registry)."""

    default_site = "salford_sv.admin_site.PortalAdminSite"
