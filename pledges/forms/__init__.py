"""Pledge forms, by the pages that use them. Import from here, not the submodules."""

from .authoring import (
    PERSONAL,
    BaseCommitmentFormSet,
    CommitmentForm,
    CommitmentFormSet,
    OutcomeChoiceField,
    PledgeEditor,
    PledgeForm,
    WithdrawForm,
    commitment_initial,
)
from .engagement import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    EVIDENCE_SIGNATURES,
    ConcernForm,
    ProgressUpdateForm,
)
from .moderation import ConcernResolutionForm

__all__ = [
    "EVIDENCE_EXTENSIONS",
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_SIGNATURES",
    "PERSONAL",
    "BaseCommitmentFormSet",
    "CommitmentForm",
    "CommitmentFormSet",
    "ConcernForm",
    "ConcernResolutionForm",
    "OutcomeChoiceField",
    "PledgeEditor",
    "PledgeForm",
    "ProgressUpdateForm",
    "WithdrawForm",
    "commitment_initial",
]
