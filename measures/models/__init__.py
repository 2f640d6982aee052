"""The measures app's models, one module per subject; import them from here."""

from .contracts import (
    CONTRACT_SIZE_BANDS,
    CommitmentKind,
    Contract,
    ContractCategory,
    ContractCommitment,
    Delivery,
    DeliveryEvent,
)
from .figures import CityFigure
from .framework import (
    Accumulation,
    CampaignTarget,
    Direction,
    Indicator,
    Outcome,
    OutcomeQuerySet,
    Theme,
    estimate_expression,
)
from .imports import ImportJob, ImportRow
from .lm3 import LM3Survey, RespendBasis
from .returns import ReportingPlan, Return, ReturnEvent, ReturnValue

__all__ = [
    "CONTRACT_SIZE_BANDS",
    "Accumulation",
    "CampaignTarget",
    "CityFigure",
    "CommitmentKind",
    "Contract",
    "ContractCategory",
    "ContractCommitment",
    "Delivery",
    "DeliveryEvent",
    "Direction",
    "ImportJob",
    "ImportRow",
    "Indicator",
    "LM3Survey",
    "Outcome",
    "OutcomeQuerySet",
    "ReportingPlan",
    "RespendBasis",
    "Return",
    "ReturnEvent",
    "ReturnValue",
    "Theme",
    "estimate_expression",
]
