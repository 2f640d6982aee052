"""Charter test data: signatures in any state, made straight in the database."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from charter.models import ActionStatement, Area, CharterVersion, Signature
from charter.services import StatementInput

Status = Signature.Status


def current_version() -> CharterVersion:
    return CharterVersion.objects.current()


def statements(days: int = 180, **evidence: tuple[str, ...]) -> dict[str, StatementInput]:
    """A complete set of statements, as the signing form sends them."""
    when = timezone.localdate() + datetime.timedelta(days=days)
    return {
        area.value: StatementInput(
            text=f"{area.label}: what we will do first.",
            target_date=when,
            evidence=evidence.get(area.value, ()),
            done=f"{area.label}: what we did this year.",
        )
        for area in Area
    }


def sign_kwargs(**overrides) -> dict:
    kwargs = {
        "role": "provider",
        "signatory_name": "Ada Lovelace",
        "signatory_position": "Chief Executive",
        "authority_confirmed": True,
        "basis": "voluntary",
        "contract_reference": "",
        "statements": statements(),
    }
    kwargs.update(overrides)
    return kwargs


def make_signature(
    organisation,
    *,
    status: str = Status.VERIFIED,
    version: CharterVersion | None = None,
    signed_by=None,
    role: str = "provider",
    months_ago: int = 0,
    with_statements: bool = True,
) -> Signature:
    """A signature in ``status``; a verified one was verified ``months_ago``."""
    now = timezone.now()
    verified_at = now - relativedelta(months=months_ago)
    verified = status in (Status.VERIFIED, Status.WITHDRAWN, Status.LAPSED, Status.SUPERSEDED)
    signature = Signature.objects.create(
        organisation=organisation,
        version=version or current_version(),
        signed_by=signed_by,
        role=role,
        signatory_name="Ada Lovelace",
        signatory_position="Chief Executive",
        authority_confirmed=True,
        status=status,
        submitted_at=verified_at if status != Status.DRAFT else None,
        verified_at=verified_at if verified else None,
        signatory_since=verified_at if verified else None,
        cycle_started_at=verified_at if verified else None,
        ended_at=now if status in (Status.WITHDRAWN, Status.LAPSED, Status.SUPERSEDED) else None,
    )
    if verified:
        signature.certificate_number = f"SVC-T-{signature.pk:06d}"
        signature.save(update_fields=["certificate_number"])
    if with_statements:
        ActionStatement.objects.bulk_create(
            ActionStatement(
                signature=signature,
                area=area,
                commitment=f"{area.label}: we will do this.",
                target_date=timezone.localdate() + datetime.timedelta(days=200),
            )
            for area in Area
        )
    return signature
