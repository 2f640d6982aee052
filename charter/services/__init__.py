"""Writes for the charter, by use case: signing and verification, the yearly review and
its clock, new versions, concerns."""

from ._common import StatementInput
from .concerns import signature_concern_report, signature_concern_resolve
from .reviews import (
    REVIEW_ACCEPTANCE,
    signature_review_accept,
    signature_review_request_changes,
    signature_review_save,
    signature_review_submit,
    signatures_lapse_unreviewed,
    signatures_remind_reviews,
)
from .signing import (
    SIGNATURE_VERIFICATION,
    charter_sign,
    signature_request_changes,
    signature_verify,
    signature_withdraw,
)
from .versions import charter_version_copy_as_draft, charter_version_publish

__all__ = [
    "REVIEW_ACCEPTANCE",
    "SIGNATURE_VERIFICATION",
    "StatementInput",
    "charter_sign",
    "charter_version_copy_as_draft",
    "charter_version_publish",
    "signature_concern_report",
    "signature_concern_resolve",
    "signature_request_changes",
    "signature_review_accept",
    "signature_review_request_changes",
    "signature_review_save",
    "signature_review_submit",
    "signature_verify",
    "signature_withdraw",
    "signatures_lapse_unreviewed",
    "signatures_remind_reviews",
]
