"""The permission matrix: every URL pattern of the project, and what each role gets.

``MATRIX`` has one row per URL name. ``tests/test_permission_matrix.py`` fails when a
pattern has no row, so a new page cannot ship without saying who may use it. The
browser sweep (``tests/browser/test_axe_sweep.py``) visits every row marked ``page``
as every role that gets a 200.

Django's admin is one unit: ``is_staff`` plus model permissions decide it. Its patterns
are covered by ``ADMIN_PREFIX`` and checked on the representative rows below.

Paths are format strings filled from ``matrix_context`` (see ``build_context``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ["anonymous", "resident", "member_a", "admin_a", "member_b", "staff", "commissioner"]
SIGNED_IN = [r for r in ROLES if r != "anonymous"]

OK, FOUND, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405

ADMIN_PREFIX = "admin/"


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, anonymous: int = FOUND) -> dict[str, int]:
    """``status`` for every signed-in role; anonymous is sent to log in."""
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, status)}


def only(allowed: dict[str, int], others: int = FORBIDDEN, anonymous: int = FOUND):
    """``allowed`` roles get their status; other signed-in roles ``others``."""
    expect = signed_in(others, anonymous)
    expect.update(allowed)
    return expect


@dataclass(frozen=True)
class Row:
    name: str
    path: str
    expect: dict[str, int]
    method: str = "GET"
    data: dict = field(default_factory=dict)
    # An HTML page a person reads: the browser sweep checks it with axe-core.
    page: bool = True
    # Where a 302 for an anonymous visitor must lead (None: anywhere).
    anonymous_to: str | None = "login"

    def url(self, context: dict) -> str:
        return self.path.format(**context)


MATRIX: list[Row] = [
    # --- Site -----------------------------------------------------------------
    Row("home", "/", everyone(OK)),
    Row("healthz", "/healthz", everyone(OK), page=False),
    Row("readyz", "/readyz", everyone(OK), page=False),
    # --- The signed-in person's account --------------------------------------
    Row("accounts:dashboard", "/accounts/", signed_in(OK)),
    Row("accounts:profile", "/accounts/profile/", signed_in(OK)),
    Row("accounts:data_export", "/accounts/my-data.json", signed_in(OK), page=False),
    Row("accounts:delete", "/accounts/delete/", signed_in(OK)),
    # --- Organisations --------------------------------------------------------
    Row("accounts:organisation_list", "/organisations/", everyone(OK)),
    Row("accounts:organisation_detail", "/organisations/{org_a}/", everyone(OK)),
    Row(
        "accounts:organisation_edit",
        "/organisations/{org_a}/edit/",
        only({"admin_a": OK}),
    ),
    Row(
        "accounts:organisation_members",
        "/organisations/{org_a}/members/",
        only({"member_a": OK, "admin_a": OK, "staff": OK}),
    ),
    Row(
        "accounts:member_invite",
        "/organisations/{org_a}/members/invite/",
        only({"admin_a": OK}),
    ),
    Row(
        "accounts:member_remove",
        "/organisations/{org_a}/members/{member_a_membership}/remove/",
        only({"admin_a": FOUND}),
        method="POST",
        page=False,
    ),
    Row(
        "accounts:member_role",
        "/organisations/{org_a}/members/{member_a_membership}/role/",
        only({"admin_a": FOUND}),
        method="POST",
        data={"role": "admin"},
        page=False,
    ),
    Row(
        "accounts:member_hand_over",
        "/organisations/{org_a}/members/hand-over/",
        only({"admin_a": FOUND}),
        method="POST",
        data={"membership": "{member_a_membership}"},
        page=False,
    ),
    Row(
        "accounts:invitation_revoke",
        "/organisations/{org_a}/invitations/{invitation_id}/revoke/",
        only({"admin_a": FOUND}),
        method="POST",
        page=False,
    ),
    Row(
        "accounts:join_request_decide",
        "/organisations/{org_a}/join-requests/{join_request_id}/",
        only({"admin_a": FOUND}),
        method="POST",
        data={"decision": "approve"},
        page=False,
    ),
    Row(
        "accounts:organisation_leave",
        "/organisations/{org_a}/leave/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    Row(
        "accounts:organisation_join",
        "/organisations/{org_a}/join/",
        only({"resident": OK, "member_b": OK, "staff": OK, "commissioner": OK}),
    ),
    Row(
        "accounts:organisation_status",
        "/organisations/{org_a}/status/",
        only({"staff": FOUND}),
        method="POST",
        data={"action": "verified"},
        page=False,
    ),
    Row("accounts:invitation_accept", "/invitations/{invitation_token}/", everyone(OK)),
    # --- Outcome framework -------------------------------------------------------
    Row("measures:progress", "/measures/progress/", everyone(OK)),
    # --- Pledges: public ----------------------------------------------------------
    Row("pledges:wall", "/pledges/", everyone(OK)),
    Row("pledges:detail", "/pledges/{approved_pledge}/", everyone(OK)),
    Row("pledges:badge", "/pledges/{approved_pledge}/badge.svg", everyone(OK), page=False),
    Row("pledges:concern", "/pledges/{approved_pledge}/concern/", everyone(OK)),
    # Support comes from others; the pledging organisation's own members are told no
    # (a message on the pledge page, so a redirect too).
    Row(
        "pledges:support",
        "/pledges/{approved_pledge}/support/",
        signed_in(FOUND),
        method="POST",
        page=False,
    ),
    Row(
        "pledges:evidence",
        "/pledges/{approved_pledge}/updates/{evidence_update}/evidence/",
        everyone(OK),
        page=False,
    ),
    # --- Pledges: writing them ------------------------------------------------------
    Row("pledges:new", "/pledges/new/", signed_in(OK)),
    Row("pledges:mine", "/pledges/mine/", signed_in(OK)),
    # A draft is seen only by its organisation's members and by staff (404 for others);
    # staff may look but not write (403).
    Row(
        "pledges:edit",
        "/pledges/{draft_pledge}/edit/",
        only({"member_a": OK, "admin_a": OK, "staff": FORBIDDEN}, others=NOT_FOUND),
    ),
    Row(
        "pledges:preview",
        "/pledges/{draft_pledge}/preview/",
        only({"member_a": OK, "admin_a": OK, "staff": OK}, others=NOT_FOUND),
    ),
    Row(
        "pledges:submit",
        "/pledges/{draft_pledge}/submit/",
        only({"member_a": FOUND, "admin_a": FOUND, "staff": FORBIDDEN}, others=NOT_FOUND),
        method="POST",
        page=False,
    ),
    Row(
        "pledges:revise",
        "/pledges/{approved_pledge}/revise/",
        only({"member_a": FOUND, "admin_a": FOUND}),
        method="POST",
        page=False,
    ),
    Row(
        "pledges:withdraw",
        "/pledges/{approved_pledge}/withdraw/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    Row(
        "pledges:renew",
        "/pledges/{renewable_pledge}/renew/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    Row(
        "pledges:progress",
        "/pledges/{approved_pledge}/commitments/{approved_commitment}/progress/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    # --- Moderation (alliance staff) --------------------------------------------------
    Row("pledges:moderation_queue", "/moderation/", only({"staff": OK})),
    Row(
        "pledges:moderation_review",
        "/moderation/pledges/{submitted_pledge}/",
        only({"staff": OK}),
    ),
    Row(
        "pledges:moderation_concern",
        "/moderation/concerns/{concern_id}/",
        only({"staff": FOUND}),
        method="POST",
        data={"resolution": "Spoke to the organisation; the pledge stands."},
        page=False,
    ),
    # --- Toolkit: guides and case studies ---------------------------------------
    Row("toolkit:index", "/toolkit/", everyone(OK)),
    Row("toolkit:guide", "/toolkit/guides/{guide_slug}/", everyone(OK)),
    Row("toolkit:case_studies", "/toolkit/case-studies/", everyone(OK)),
    Row("toolkit:case_study", "/toolkit/case-studies/{published_case_study}/", everyone(OK)),
    # Images are served through a view that applies the case study's own visibility.
    Row(
        "toolkit:case_study_image",
        "/toolkit/case-studies/{published_case_study}/image/",
        everyone(OK),
        page=False,
    ),
    # Organisation members write case studies; people in no organisation are told how.
    Row(
        "toolkit:case_study_new",
        "/toolkit/case-studies/new/",
        only({"member_a": OK, "admin_a": OK, "member_b": OK}),
    ),
    Row(
        "toolkit:case_study_edit",
        "/toolkit/case-studies/{draft_case_study}/edit/",
        only({"member_a": OK, "admin_a": OK, "staff": FORBIDDEN}, others=NOT_FOUND),
    ),
    Row(
        "toolkit:case_study_submit",
        "/toolkit/case-studies/{draft_case_study}/submit/",
        only({"member_a": FOUND, "admin_a": FOUND, "staff": FORBIDDEN}, others=NOT_FOUND),
        method="POST",
        page=False,
    ),
    Row(
        "toolkit:case_study_review",
        "/moderation/case-studies/{submitted_case_study}/",
        only({"staff": OK}),
    ),
    # --- Toolkit: the self-assessment checklist ------------------------------------
    Row("toolkit:checklist", "/toolkit/checklist/", everyone(OK)),
    Row(
        "toolkit:checklist_take",
        "/toolkit/checklist/{org_a}/take/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    # An organisation's results are its own (and staff's): others are not told they exist.
    Row(
        "toolkit:checklist_results",
        "/toolkit/checklist/assessments/{assessment_id}/",
        only({"member_a": OK, "admin_a": OK, "staff": OK}, others=NOT_FOUND),
    ),
    # --- allauth ----------------------------------------------------------------
    Row("account_signup", "/accounts/signup/", signed_in(FOUND, anonymous=OK)),
    Row("account_login", "/accounts/login/", signed_in(FOUND, anonymous=OK)),
    Row("account_logout", "/accounts/logout/", signed_in(OK), anonymous_to=None),
    Row("account_inactive", "/accounts/inactive/", everyone(OK)),
    Row("account_reauthenticate", "/accounts/reauthenticate/", signed_in(OK)),
    Row("account_email", "/accounts/email/", signed_in(OK)),
    Row("account_email_verification_sent", "/accounts/confirm-email/", everyone(OK)),
    Row(
        "account_confirm_email",
        "/accounts/confirm-email/{confirm_key}/",
        everyone(OK),
    ),
    Row("account_change_password", "/accounts/password/change/", signed_in(OK)),
    Row("account_set_password", "/accounts/password/set/", signed_in(FOUND)),
    Row("account_reset_password", "/accounts/password/reset/", everyone(OK)),
    Row("account_reset_password_done", "/accounts/password/reset/done/", everyone(OK)),
    # A valid key is swapped for one kept in the session, as Django's own reset does,
    # so the link is not leaked through the Referer header: the form is one redirect on.
    Row(
        "account_reset_password_from_key",
        "/accounts/password/reset/key/{reset_key}/",
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


def build_context(users: dict, org_a, org_b) -> dict:
    """Objects the matrix paths refer to, made fresh for each test."""
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str

    from accounts.models import JoinRequest, Membership
    from accounts.services import invitation_create

    from .accounts.factories import UserFactory

    invitation = invitation_create(
        organisation=org_a, invited_by=users["admin_a"], email="invited@example.org"
    )
    # The raw token is only in the invitation mail; matrix tests need a known one.
    from accounts.models import hash_token

    token = "matrix-invitation-token"
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])

    newcomer = UserFactory(email="newcomer@example.org", verified=False)
    address = EmailAddress.objects.create(
        user=newcomer, email=newcomer.email, verified=False, primary=True
    )
    join_request = JoinRequest.objects.create(user=users["resident"], organisation=org_a)
    pledges = _pledge_context(users, org_a)
    toolkit = _toolkit_context(users, org_a)
    return {
        **pledges,
        **toolkit,
        "org_a": org_a.slug,
        "org_b": org_b.slug,
        "member_a_membership": Membership.objects.get(
            user=users["member_a"], organisation=org_a
        ).pk,
        "invitation_id": invitation.pk,
        "invitation_token": token,
        "join_request_id": join_request.pk,
        "confirm_key": EmailConfirmationHMAC(address).key,
        "reset_key": "-".join(
            [user_pk_to_url_str(newcomer), default_token_generator.make_token(newcomer)]
        ),
    }


def _pledge_context(users: dict, org_a) -> dict:
    """Organisation A's pledges in each state the matrix needs, and a concern."""
    from django.core.files.base import ContentFile

    from pledges.models import ConcernReport, Pledge, ProgressUpdate

    from .pledges.factories import make_pledge

    author = users["member_a"]
    draft = make_pledge(organisation=org_a, pledger=author)
    submitted = make_pledge(status=Pledge.Status.SUBMITTED, organisation=org_a, pledger=author)
    approved = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, pledger=author)
    renewable = make_pledge(status=Pledge.Status.LAPSED, organisation=org_a, pledger=author)
    concern = ConcernReport.objects.create(pledge=approved, text="This looks like an advert.")
    update = ProgressUpdate(commitment=approved.commitments.first(), author=author, text="Done.")
    update.evidence.save("receipt.pdf", ContentFile(b"%PDF-1.4 receipt"), save=True)
    return {
        "evidence_update": update.pk,
        "draft_pledge": draft.pk,
        "submitted_pledge": submitted.pk,
        "approved_pledge": approved.pk,
        "renewable_pledge": renewable.pk,
        "approved_commitment": approved.commitments.first().pk,
        "concern_id": concern.pk,
    }


def _toolkit_context(users: dict, org_a) -> dict:
    """A guide, organisation A's case studies in three states, and a completed assessment."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from toolkit.models import Assessment, CaseStudy, Checklist, Guide

    from .toolkit.case_study_factories import png_bytes

    guide = Guide.objects.create(
        slug="matrix-guide",
        title="What social value is",
        summary="The basics.",
        body="Social value looks **beyond price**.",
        audience="both",
        stage="all",
        kind="guidance",
    )

    def case_study(status: str) -> CaseStudy:
        return CaseStudy.objects.create(
            organisation=org_a,
            author=users["member_a"],
            title=f"Our café ({status})",
            summary="How a café became a hub.",
            story="We started small.",
            sector=org_a.sector,
            shows_values=True,
            status=status,
            published_at=timezone.now() if status == CaseStudy.Status.APPROVED else None,
        )

    published = case_study(CaseStudy.Status.APPROVED)
    published.image.save("cafe.png", ContentFile(png_bytes()), save=False)
    published.image_alt = "The café's counter with cakes under glass."
    published.save()

    checklist = Checklist.objects.current() or Checklist.objects.create(
        version=1, published_at=timezone.now()
    )
    assessment = Assessment.objects.create(
        organisation=org_a,
        checklist=checklist,
        started_by=users["admin_a"],
        completed_at=timezone.now(),
        overall_score=40,
    )
    return {
        "guide_slug": guide.slug,
        "published_case_study": published.pk,
        "draft_case_study": case_study(CaseStudy.Status.DRAFT).pk,
        "submitted_case_study": case_study(CaseStudy.Status.SUBMITTED).pk,
        "assessment_id": assessment.pk,
    }
