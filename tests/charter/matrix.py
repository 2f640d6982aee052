"""Matrix rows for the Social Value Charter.

Organisation A's admin signed version 1 a year ago (so its yearly review is open), and
version 2 has been published since (so A's admin can sign again: the sign page is a
form). Organisation B's signature waits for verification; a third organisation's yearly
review waits for staff.
"""

from __future__ import annotations

from charter.models import CharterVersion, Signature, SignatureConcern, SignatureReview
from charter.services import charter_version_copy_as_draft, charter_version_publish

from ..accounts.factories import OrganisationFactory
from ..permission_matrix import FORBIDDEN, FOUND, NOT_FOUND, OK, Objects, Row, everyone, only
from .factories import make_signature


def signature_verified(objects: Objects) -> Signature:
    signature = make_signature(objects["org_a"], signed_by=objects.users["admin_a"], months_ago=12)
    if not CharterVersion.objects.filter(number=2).exists():
        charter_version_publish(
            version=charter_version_copy_as_draft(version=CharterVersion.objects.get(number=1))
        )
    return signature


def signature_submitted(objects: Objects) -> Signature:
    return make_signature(
        objects["org_b"], status=Signature.Status.SUBMITTED, signed_by=objects.users["member_b"]
    )


def charter_review_submitted(objects: Objects) -> SignatureReview:
    reviewed = make_signature(OrganisationFactory(name="Irlam Men’s Shed"), months_ago=12)
    return SignatureReview.objects.create(signature=reviewed, status="submitted")


def charter_concern(objects: Objects) -> SignatureConcern:
    return SignatureConcern.objects.create(
        signature=objects["signature_verified"], text="They never did this."
    )


BUILDERS = {
    "signature_verified": signature_verified,
    "signature_submitted": signature_submitted,
    "charter_review_submitted": charter_review_submitted,
    "charter_concern": charter_concern,
}

# A signature's own pages: its organisation's members and staff; others are not told it
# exists. Writing (the review, withdrawal) is for the organisation's admins.
MEMBERS_AND_STAFF = only(
    {"member_a": OK, "admin_a": OK, "staff": OK}, others=NOT_FOUND, anonymous=NOT_FOUND
)
ADMINS_WRITE = only({"admin_a": OK, "member_a": FORBIDDEN, "staff": FORBIDDEN}, others=NOT_FOUND)

ROWS = [
    Row("charter:index", "/charter/", everyone(OK)),
    Row("charter:version", "/charter/versions/1/", everyone(OK)),
    Row("charter:directory", "/charter/signatories/", everyone(OK)),
    Row("charter:directory_csv", "/charter/signatories.csv", everyone(OK), page=False),
    Row(
        "charter:verify",
        "/charter/certificates/{signature_verified.certificate_token}/",
        everyone(OK),
    ),
    Row(
        "charter:concern",
        "/charter/signatures/{signature_verified.pk}/concern/",
        everyone(OK),
    ),
    # Only an organisation's admins sign; anyone else signed in is told who can (403).
    Row("charter:sign", "/charter/sign/", only({"admin_a": OK})),
    Row("charter:signature", "/charter/signatures/{signature_verified.pk}/", MEMBERS_AND_STAFF),
    Row(
        "charter:certificate",
        "/charter/signatures/{signature_verified.pk}/certificate/",
        MEMBERS_AND_STAFF,
    ),
    Row("charter:review", "/charter/signatures/{signature_verified.pk}/review/", ADMINS_WRITE),
    Row("charter:withdraw", "/charter/signatures/{signature_verified.pk}/withdraw/", ADMINS_WRITE),
    # --- Staff ------------------------------------------------------------------
    Row(
        "charter:signature_review",
        "/moderation/charter/{signature_submitted.pk}/",
        only({"staff": OK}),
    ),
    Row(
        "charter:review_decide",
        "/moderation/charter/reviews/{charter_review_submitted.pk}/",
        only({"staff": OK}),
    ),
    Row(
        "charter:concern_resolve",
        "/moderation/charter/concerns/{charter_concern.pk}/",
        only({"staff": FOUND}),
        method="POST",
        data={"resolution": "Spoke to the organisation; its listing stands."},
        page=False,
    ),
]
