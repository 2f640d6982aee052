"""An organisation's members: invitations, roles, hand-over, joining and leaving."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import submissions
from core.errors import DomainError

from .. import permissions, selectors, services
from ..forms import (
    HandOverForm,
    InvitationForm,
    JoinRequestForm,
)
from ..models import Invitation, JoinRequest, Membership, Organisation
from ._common import organisation_for


@login_required
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for(request, slug, permissions.can_view_members)
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
    organisation = organisation_for(request, slug, permissions.can_manage_members)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = submissions.once(
                request,
                lambda: services.invitation_create(
                    organisation=organisation,
                    invited_by=request.user,
                    email=form.cleaned_data["email"],
                ),
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
    organisation = organisation_for(request, slug, permissions.can_manage_members)
    membership = _member(organisation, membership_id)

    def action():
        services.membership_remove(membership=membership, actor=request.user)
        return _("%(name)s is no longer a member.") % {"name": membership.user.display_name}

    return _after_members_action(request, organisation, action)


@require_POST
@login_required
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = organisation_for(request, slug, permissions.can_manage_members)
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
    organisation = organisation_for(request, slug, permissions.can_manage_members)
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
    organisation = organisation_for(request, slug, permissions.can_manage_members)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)

    def action():
        services.invitation_revoke(invitation=invitation)
        return _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}

    return _after_members_action(request, organisation, action)


@require_POST
@login_required
def join_request_decide(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    organisation = organisation_for(request, slug, permissions.can_manage_members)
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
    organisation = organisation_for(request, slug, permissions.can_leave)
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
    organisation = organisation_for(request, slug, permissions.can_request_to_join)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.once(
                request,
                lambda: services.join_request_create(
                    user=request.user,
                    organisation=organisation,
                    message=form.cleaned_data["message"],
                ),
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
            and invitation.email.lower() not in selectors.user_verified_emails(user=request.user),
        },
        status=200 if invitation else 404,
    )
