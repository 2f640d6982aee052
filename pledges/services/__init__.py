"""Writes for pledges. Import from here, not the submodules."""

from ._common import public_pledges_changed
from .authoring import (
    MAX_COMMITMENTS,
    CommitmentInput,
    current_campaign,
    pledge_create,
    pledge_renew,
    pledge_start_revision,
    pledge_submit,
    pledge_update,
    pledge_withdraw,
)
from .engagement import progress_update_add, support_add, support_withdraw
from .lifecycle import pledges_lapse_expired, pledges_remind_expiring
from .moderation import (
    concern_report,
    concern_resolve,
    pledge_approve,
    pledge_reject,
    pledge_request_changes,
)

__all__ = [
    "MAX_COMMITMENTS",
    "CommitmentInput",
    "concern_report",
    "concern_resolve",
    "current_campaign",
    "pledge_approve",
    "pledge_create",
    "pledge_reject",
    "pledge_renew",
    "pledge_request_changes",
    "pledge_start_revision",
    "pledge_submit",
    "pledge_update",
    "pledge_withdraw",
    "pledges_lapse_expired",
    "pledges_remind_expiring",
    "progress_update_add",
    "public_pledges_changed",
    "support_add",
    "support_withdraw",
]
