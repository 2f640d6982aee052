"""Writes for measures, one module per subject. Import from here, not the submodules."""

from .contracts import (
    CommitmentInput,
    ContractInput,
    commitment_add,
    commitment_remove,
    contract_create,
    contract_update,
)
from .deliveries import (
    DELIVERY_REVIEW,
    DeliveryInput,
    deliveries_report,
    delivery_confirm,
    delivery_query,
    unpredicted_report,
)
from .figures import city_figure_save
from .imports import import_job_create, import_job_run, import_job_start, imports_resume
from .linking import link_deliveries
from .lm3 import LM3Input, lm3_record
from .reminders import returns_remind
from .returns import (
    RETURN_REVIEW,
    ValueInput,
    reporting_plan_set,
    return_approve,
    return_problems,
    return_request_changes,
    return_save,
    return_submit,
    returns_open_due,
)

__all__ = [
    "DELIVERY_REVIEW",
    "RETURN_REVIEW",
    "CommitmentInput",
    "ContractInput",
    "DeliveryInput",
    "LM3Input",
    "ValueInput",
    "city_figure_save",
    "commitment_add",
    "commitment_remove",
    "contract_create",
    "contract_update",
    "deliveries_report",
    "delivery_confirm",
    "delivery_query",
    "import_job_create",
    "import_job_run",
    "import_job_start",
    "imports_resume",
    "link_deliveries",
    "lm3_record",
    "reporting_plan_set",
    "return_approve",
    "return_problems",
    "return_request_changes",
    "return_save",
    "return_submit",
    "returns_open_due",
    "returns_remind",
    "unpredicted_report",
]
