"""Matrix rows for measures: returns, city figures and uploads, contracts, LM3.

Organisation A reports returns and provides a contract to Salford City Council, whose
admin is the matrix's commissioner. Returns, uploads and LM3 are organisation A's own
(and staff's to read): anyone else is not told they exist (404). Organisation slugs
are public, so an organisation's pages answer 403 instead. A contract is seen by its
two parties' members and staff; the council's commissioner changes it and confirms what
is delivered; organisation A's members report deliveries.
"""

from __future__ import annotations

from measures.models import CityFigure, CommitmentKind, Contract, ImportJob, Return

from ..permission_matrix import (
    FORBIDDEN,
    FOUND,
    NOT_FOUND,
    OK,
    Objects,
    Row,
    everyone,
    only,
    signed_in,
)
from . import factories as f

ORG_A = {"member_a": OK, "admin_a": OK}
ORG_A_AND_STAFF = {**ORG_A, "staff": OK}
# The contract's commissioner decides; its provider and staff may look, not change.
COMMISSIONER_ONLY = only(
    {"commissioner": OK, "member_a": FORBIDDEN, "admin_a": FORBIDDEN, "staff": FORBIDDEN},
    others=NOT_FOUND,
)
PROVIDER_ONLY = only({**ORG_A, "commissioner": FORBIDDEN, "staff": FORBIDDEN}, others=NOT_FOUND)


def return_draft(objects: Objects) -> Return:
    f.make_plan(objects["org_a"])
    return f.make_return(objects["org_a"], f.quarters_ago(0))


def return_submitted(objects: Objects) -> Return:
    return f.make_return(
        objects["org_a"],
        f.quarters_ago(1),
        status=Return.Status.SUBMITTED,
        values={"people-volunteering": "12"},
    )


def city_figure(objects: Objects) -> CityFigure:
    return f.make_city_figure()


def returns_import(objects: Objects) -> ImportJob:
    return ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS,
        organisation=objects["org_a"],
        created_by=objects.users["member_a"],
        filename="returns.csv",
        status=ImportJob.Status.DONE,
    )


def council(objects: Objects):
    return f.commissioner_organisation(objects.users["commissioner"], name="Salford City Council")


def contract(objects: Objects) -> Contract:
    return f.make_contract(
        objects["council"],
        objects["org_a"],
        commitments=[
            (CommitmentKind.CORE, "people-volunteering", "40"),
            (CommitmentKind.ADDED, "waste-recycled", "12"),
        ],
    )


def spare_commitment(objects: Objects):
    return objects["contract"].commitments.get(kind=CommitmentKind.ADDED)


def delivery_reported(objects: Objects):
    return f.make_delivery(objects["contract"].commitments.get(kind=CommitmentKind.CORE))


def lm3_survey(objects: Objects):
    return f.make_lm3(objects["org_a"])


BUILDERS = {
    "return_draft": return_draft,
    "return_submitted": return_submitted,
    "city_figure": city_figure,
    "returns_import": returns_import,
    "council": council,
    "contract": contract,
    "spare_commitment": spare_commitment,
    "delivery_reported": delivery_reported,
    "lm3_survey": lm3_survey,
}

ROWS = [
    # --- Returns --------------------------------------------------------------------
    Row("measures:returns", "/measures/returns/", signed_in(OK)),
    Row("measures:returns_outstanding", "/measures/returns/outstanding/", only({"staff": OK})),
    Row(
        "measures:return",
        "/measures/returns/{return_draft.pk}/",
        only(ORG_A_AND_STAFF, others=NOT_FOUND),
    ),
    Row(
        "measures:organisation_returns",
        "/measures/organisations/{org_a.slug}/returns/",
        only(ORG_A_AND_STAFF),
    ),
    Row(
        "measures:reporting_plan",
        "/measures/organisations/{org_a.slug}/returns/indicators/",
        only(ORG_A),
    ),
    Row(
        "measures:returns_download",
        "/measures/organisations/{org_a.slug}/returns.csv",
        only(ORG_A_AND_STAFF),
        page=False,
    ),
    Row(
        "measures:returns_upload",
        "/measures/organisations/{org_a.slug}/returns/upload/",
        only(ORG_A),
    ),
    Row(
        "measures:return_review",
        "/moderation/returns/{return_submitted.pk}/",
        only({"staff": OK}),
    ),
    # --- City figures and uploads (staff) ------------------------------------------
    Row("measures:figures", "/measures/figures/", only({"staff": OK})),
    Row("measures:figure_edit", "/measures/figures/{city_figure.pk}/edit/", only({"staff": OK})),
    Row("measures:figures_upload", "/measures/figures/upload/", only({"staff": OK})),
    Row("measures:figures_download", "/measures/figures.csv", only({"staff": OK}), page=False),
    Row(
        "measures:import_job",
        "/measures/imports/{returns_import.pk}/",
        only(ORG_A_AND_STAFF, others=NOT_FOUND),
    ),
    Row(
        "measures:import_job_status",
        "/measures/imports/{returns_import.pk}/status.json",
        only(ORG_A_AND_STAFF, others=NOT_FOUND),
        page=False,
    ),
    # --- Contracts --------------------------------------------------------------------
    # The register is for people in an organisation (and staff); a resident is told how
    # to take part. Naming the council in the query builds the commissioner's membership.
    Row(
        "measures:contracts",
        "/measures/contracts/?organisation={council.slug}",
        only({**ORG_A_AND_STAFF, "member_b": OK, "commissioner": OK}),
    ),
    Row(
        "measures:contract_new",
        "/measures/contracts/new/?commissioner={council.slug}",
        only({"commissioner": OK}),
    ),
    Row(
        "measures:contract",
        "/measures/contracts/{contract.pk}/",
        only({**ORG_A_AND_STAFF, "commissioner": OK}, others=NOT_FOUND),
    ),
    Row("measures:contract_edit", "/measures/contracts/{contract.pk}/edit/", COMMISSIONER_ONLY),
    Row(
        "measures:commitment_new",
        "/measures/contracts/{contract.pk}/commitments/new/",
        COMMISSIONER_ONLY,
    ),
    Row(
        "measures:commitment_remove",
        "/measures/contracts/{contract.pk}/commitments/{spare_commitment.pk}/remove/",
        COMMISSIONER_ONLY | {"commissioner": FOUND},
        method="POST",
        page=False,
    ),
    Row(
        "measures:delivery_report",
        "/measures/contracts/{contract.pk}/deliveries/",
        PROVIDER_ONLY,
    ),
    Row(
        "measures:unpredicted_new",
        "/measures/contracts/{contract.pk}/unpredicted/",
        PROVIDER_ONLY,
    ),
    Row(
        "measures:delivery_review",
        "/measures/deliveries/{delivery_reported.pk}/",
        COMMISSIONER_ONLY,
    ),
    # --- LM3 ------------------------------------------------------------------------------
    Row("measures:lm3", "/measures/lm3/", everyone(OK)),
    Row(
        "measures:lm3_organisation",
        "/measures/organisations/{org_a.slug}/lm3/",
        only(ORG_A_AND_STAFF),
    ),
    Row(
        "measures:lm3_result",
        "/measures/lm3/{lm3_survey.pk}/",
        only(ORG_A_AND_STAFF, others=NOT_FOUND),
    ),
]
