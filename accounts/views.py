"""Pages for people and organisations. Each view: check permission, validate, call one
service or selector, render or redirect."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salford_sv.errors import DomainError

from . import permissions, selectors, services
from .forms import (
    DeleteAccountForm,
    HandOverForm,
    InvitationForm,
    JoinRequestForm,
    OrganisationForm,
    ProfileForm,
    StatusChangeForm,
)
from .models import Invitation, JoinRequest, Membership, Organisation, Sector, Ward

PAGE_SIZE = 24


def _organisation(request: HttpRequest, slug: str, allowed=None) -> Organisation:
    """The organisation at ``slug``, or 404 if this user may not see it, or 403 if
    ``allowed(user, organisation)`` says no."""
    try:
        organisation = selectors.organisation_get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_organisation(request.user, organisation):
        raise Http404
    if allowed is not None and not allowed(request.user, organisation):
        raise PermissionDenied
    return organisation


# ---------------------------------------------------------------------------
# The signed-in person's own account
# ---------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": selectors.user_memberships(user=request.user),
            "invitations": selectors.user_pending_invitations(user=request.user),
        },
    )


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"display_name": user.display_name, "ward": user.ward},
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your details are saved."))
        return redirect("accounts:dashboard")
    return render(request, "accounts/profile_form.html", {"form": form})


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = selectors.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="salford-social-value-my-data.json"'
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    blocking = services.organisations_blocking_deletion(request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            logout(request)
            messages.success(request, _("Your account and your data have been deleted."))
            return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form, "blocking": blocking})


# ---------------------------------------------------------------------------
# Organisations: public pages
# ---------------------------------------------------------------------------


def organisation_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "search": request.GET.get("q", "").strip()[:100],
        "sector": request.GET.get("sector", "")
        if request.GET.get("sector") in Sector.values
        else "",
        "ward": request.GET.get("ward", "")[:80],
    }
    page = Paginator(selectors.organisation_list(**filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "page": page,
            "filters": filters,
            "sectors": Sector.choices,
            "wards": Ward.objects.all(),
            "query_string": _without_page(request),
        },
    )


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    user = request.user
    context = {
        "organisation": organisation,
        "member_count": selectors.organisation_member_count(organisation=organisation),
        "can_edit": permissions.can_edit_organisation(user, organisation),
        "can_view_members": permissions.can_view_members(user, organisation),
        "can_request_to_join": permissions.can_request_to_join(user, organisation),
        "can_moderate": permissions.can_moderate_organisations(user),
        "is_member": permissions.is_member(user, organisation),
    }
    if permissions.can_view_history(user, organisation):
        context["history"] = selectors.organisation_history(organisation=organisation)
    if context["can_moderate"]:
        context["status_form"] = StatusChangeForm()
    return render(request, "accounts/organisation_detail.html", context)


# ---------------------------------------------------------------------------
# Organisations: admins
# ---------------------------------------------------------------------------


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_edit_organisation)
    form = OrganisationForm.for_organisation(organisation, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.organisation_data())
        except services.DuplicateOrganisation as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("The organisation’s profile is saved."))
            return redirect(organisation)
    return render(
        request, "accounts/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_view_members)
    can_manage = permissions.can_manage_members(request.user, organisation)
    page = Paginator(selectors.organisation_members(organisation=organisation), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "organisation": organisation,
        "page": page,
        "can_manage": can_manage,
        "is_member": permissions.is_member(request.user, organisation),
        "is_admin": permissions.is_admin(request.user, organisation),
    }
    if can_manage:
        context.update(
            invite_form=InvitationForm(),
            invitations=selectors.organisation_pending_invitations(organisation=organisation),
            join_requests=selectors.organisation_pending_join_requests(organisation=organisation),
        )
    return render(request, "accounts/organisation_members.html", context)


@login_required
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_manage_members)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation, invited_by=request.user, email=form.cleaned_data["email"]
            )
        except DomainError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("accounts:organisation_members", slug=organisation.slug)
    return render(
        request, "accounts/member_invite.html", {"form": form, "organisation": organisation}
    )


def _member(organisation: Organisation, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=membership_id,
        organisation=organisation,
    )


def _after_members_action(request, organisation, action) -> HttpResponse:
    try:
        message = action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("accounts:organisation_members", slug=organisation.slug)


@require_POST
@login_required
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_manage_members)
    membership = _member(organisation, membership_id)

    def action():
        services.membership_remove(membership=membership, actor=request.user)
        return _("%(name)s is no longer a member.") % {"name": membership.user.display_name}

    return _after_members_action(request, organisation, action)


@require_POST
@login_required
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_manage_members)
    membership = _member(organisation, membership_id)
    role = request.POST.get("role", "")

    def action():
        services.membership_set_role(membership=membership, role=role, actor=request.user)
        return _("%(name)s is now %(role)s.") % {
            "name": membership.user.display_name,
            "role": membership.get_role_display().lower(),
        }

    response = _after_members_action(request, organisation, action)
    if not permissions.is_admin(request.user, organisation):
        return redirect(organisation)
    return response


@require_POST
@login_required
def member_hand_over(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_manage_members)
    form = HandOverForm(request.POST, organisation=organisation, actor=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose the member who will become the admin."))
        return redirect("accounts:organisation_members", slug=organisation.slug)
    to = form.cleaned_data["membership"]
    try:
        services.membership_hand_over(organisation=organisation, actor=request.user, to=to)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:organisation_members", slug=organisation.slug)
    messages.success(
        request,
        _("%(name)s is now an admin of %(org)s, and you are a member.")
        % {"name": to.user.display_name, "org": organisation.name},
    )
    return redirect(organisation)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_manage_members)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)

    def action():
        services.invitation_revoke(invitation=invitation)
        return _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}

    return _after_members_action(request, organisation, action)


@require_POST
@login_required
def join_request_decide(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_manage_members)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user"), pk=request_id, organisation=organisation
    )
    approve = request.POST.get("decision") == "approve"

    def action():
        services.join_request_decide(join_request=join_request, actor=request.user, approve=approve)
        template = _("%(name)s has joined.") if approve else _("You declined %(name)s’s request.")
        return template % {"name": join_request.user.display_name}

    return _after_members_action(request, organisation, action)


# ---------------------------------------------------------------------------
# Organisations: members and would-be members
# ---------------------------------------------------------------------------


@login_required
def organisation_leave(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_leave)
    if request.method == "POST":
        try:
            services.membership_leave(user=request.user, organisation=organisation)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
            return redirect("accounts:dashboard")
    return render(request, "accounts/organisation_leave.html", {"organisation": organisation})


@login_required
def organisation_join(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, permissions.can_request_to_join)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(
                user=request.user, organisation=organisation, message=form.cleaned_data["message"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your request is with %(name)s’s admins. We will email you their answer.")
                % {"name": organisation.name},
            )
            return redirect(organisation)
    return render(
        request, "accounts/organisation_join.html", {"form": form, "organisation": organisation}
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if not request.user.is_authenticated:
        return render(
            request,
            "accounts/invitation_accept.html",
            {"invitation": invitation, "token": token},
            status=200 if invitation else 404,
        )
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Welcome to %(name)s.") % {"name": membership.organisation.name},
            )
            return redirect(membership.organisation)
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "token": token,
            "for_someone_else": invitation is not None
            and invitation.email.lower() != request.user.email.lower(),
        },
        status=200 if invitation else 404,
    )


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


@require_POST
@login_required
def organisation_status(request: HttpRequest, slug: str) -> HttpResponse:
    if not permissions.can_moderate_organisations(request.user):
        raise PermissionDenied
    organisation = _organisation(request, slug)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the organisation."))
        return redirect(organisation)
    try:
        change = services.organisation_change_status(
            organisation=organisation, actor=request.user, **form.cleaned_data
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s: %(action)s.")
            % {"name": organisation.name, "action": change.get_action_display().lower()},
        )
    return redirect(organisation)
