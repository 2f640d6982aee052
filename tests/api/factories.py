"""Open data test data: for each round, something public of every kind beside things
that must never be published (drafts, submitted, rejected, withdrawn...), whose texts
all carry ``HIDDEN`` so that a test can look for it in every response."""

from __future__ import annotations

from measures.models import CommitmentKind, ContractCategory, Delivery, Outcome, Return
from pledges.models import Pledge
from toolkit.models import CaseStudy

from ..accounts.factories import OrganisationFactory, UserFactory
from ..charter.factories import make_signature
from ..measures import factories as m
from ..pledges.factories import ProgressUpdateFactory, SupportFactory, make_pledge
from ..toolkit.case_study_factories import make_case_study
from ..toolkit.guide_factories import GuideFactory

HIDDEN = "HIDDEN"
NEVER_PUBLIC_PLEDGES = [
    Pledge.Status.DRAFT,
    Pledge.Status.SUBMITTED,
    Pledge.Status.REJECTED,
    Pledge.Status.WITHDRAWN,
]
NEVER_PUBLIC_SIGNATURES = ["draft", "submitted", "withdrawn", "lapsed"]


def populate(rounds: int = 1) -> dict:
    """``rounds`` organisations, each with public and never-public things of every kind
    the API lists, plus contracts and returns from three providers (so their aggregates
    are published) and a private one of its own."""
    outcomes = list(Outcome.objects.all()[:3])
    made: dict[str, list] = {"pledges": [], "organisations": []}
    commissioner = m.commissioner_organisation(name="Salford City Council", slug="scc")
    for n in range(rounds):
        organisation = OrganisationFactory(ward=m.salford_ward())
        made["organisations"].append(organisation)
        resident = UserFactory(display_name=f"Resident {n}", email=f"resident{n}@example.org")
        pledge = make_pledge(
            status=Pledge.Status.APPROVED,
            organisation=organisation,
            commitments=2,
            outcomes=outcomes,
            title='=HYPERLINK("http://evil.example")' if n == 0 else f"Public pledge {n}",
        )
        ProgressUpdateFactory(commitment=pledge.commitments.first())
        SupportFactory(pledge=pledge, user=resident)
        made["pledges"].append(pledge)
        made["pledges"].append(
            make_pledge(
                status=Pledge.Status.APPROVED, pledger=resident, title=f"Resident pledge {n}"
            )
        )
        for status in NEVER_PUBLIC_PLEDGES:
            make_pledge(status=status, organisation=organisation, title=f"{HIDDEN} {status} {n}")
        for status in NEVER_PUBLIC_SIGNATURES:
            make_signature(
                OrganisationFactory(name=f"{HIDDEN} signatory {status} {n}"), status=status
            )
        make_signature(organisation, status="verified")
        make_case_study(organisation=organisation, status=CaseStudy.Status.APPROVED)
        for status in ("draft", "submitted", "rejected"):
            make_case_study(
                organisation=organisation, status=status, title=f"{HIDDEN} case study {n}"
            )
        GuideFactory(outcomes=outcomes[:1])
        GuideFactory(published=False, title=f"{HIDDEN} guide {n}")
        m.make_city_figure(
            value=str(1000 + n), start=m.quarters_ago(n + 1).start, end=m.quarters_ago(n + 1).end
        )
        _reports(organisation, commissioner, n)
    return made


def _reports(organisation, commissioner, n: int) -> None:
    """Three providers' contracts and approved returns in the same cells (published), and
    a lone provider's private contract and unapproved returns (withheld or never shown)."""
    quarter = m.quarters_ago(1)
    for k in range(3):
        provider = OrganisationFactory(ward=m.salford_ward() if k else None)
        contract = m.make_contract(
            commissioner,
            provider,
            value=str(100_000 + k),
            commitments=[(CommitmentKind.CORE, "people-volunteering", "100")],
        )
        m.make_delivery(
            contract.commitments.get(), quarter, quantity="7", status=Delivery.Status.CONFIRMED
        )
        m.make_return(
            provider, quarter, status=Return.Status.APPROVED, values={"people-volunteering": "5"}
        )
    lone = m.make_contract(
        commissioner,
        organisation,
        value="777777",
        category=ContractCategory.WORKS,
        commitments=[(CommitmentKind.CORE, "people-volunteering", "100")],
    )
    m.make_delivery(lone.commitments.get(), quarter, quantity="9", status=Delivery.Status.CONFIRMED)
    m.make_delivery(
        lone.commitments.get(), m.quarters_ago(2), quantity="8", status=Delivery.Status.REPORTED
    )
    for status in (Return.Status.DRAFT, Return.Status.SUBMITTED, Return.Status.RETURNED):
        m.make_return(
            OrganisationFactory(),
            m.quarters_ago(2 + n),
            status=status,
            values={"waste-recycled": "999"},
        )
