"""The review workflow: staff decide on something submitted to them, written once.

Pledges, case studies, charter signatures and returns are all submitted, then reviewed:
staff approve, ask for changes or reject. What is the same every time lives here:

1. check the actor may decide (the app's own permission rule);
2. lock the submitted row and check it is still waiting;
3. apply the decision (the part that differs: each app's ``ReviewWorkflow`` subclass);
4. record it, with who, when and why, as the app's ``RecordedEvent``;
5. mail the people the decision is about, active accounts only, after commit.

An app describes its review with a subclass and calls ``workflow.decide(...)`` from its
services; its review page uses ``review_page`` and the ``core/includes/`` templates.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import DomainError
from .outbox import email_users


class Decision(models.TextChoices):
    APPROVE = "approve", gettext_lazy("Approve")
    CHANGES = "changes", gettext_lazy("Ask for changes")
    REJECT = "reject", gettext_lazy("Reject")


# What the history records for each decision, unless the workflow says otherwise.
DEFAULT_ACTIONS = {
    Decision.APPROVE: "approved",
    Decision.CHANGES: "changes_requested",
    Decision.REJECT: "rejected",
}


@dataclass
class Decided:
    """What a decision did: the item the history and the mail are about (an approved
    revision of a pledge becomes the pledge, say), the event recorded, and extra context
    for the mail."""

    item: models.Model
    action: str = ""
    context: dict[str, Any] = field(default_factory=dict)


class ReviewWorkflow(ABC):
    """Describe one kind of reviewed thing; ``decide`` does the rest.

    Subclasses set the class attributes and implement ``may_decide``, ``recipients``,
    ``mail_context`` and one ``on_<decision>`` method per decision they offer.
    """

    model: ClassVar[type[models.Model]]
    # The RecordedEvent subclass and its foreign key to ``model``.
    event_model: ClassVar[type[models.Model]]
    event_field: ClassVar[str]
    waiting_status: ClassVar[str] = "submitted"
    decisions: ClassVar[tuple[str, ...]] = (Decision.APPROVE, Decision.CHANGES, Decision.REJECT)
    # Relations loaded with the locked row (only the row itself is locked).
    lock_related: ClassVar[tuple[str, ...]] = ()
    # Mail templates: ``emails/<mail_prefix>_approved_subject.txt`` and so on (see tell).
    mail_prefix: ClassVar[str]
    # Wording: who hears of a decision ("the pledger"), and the refusals.
    audience: ClassVar[str] = gettext_lazy("the organisation")
    labels: ClassVar[dict[str, str]] = {}
    forbidden_message: ClassVar[str] = gettext_lazy("Only the alliance’s staff can decide this.")
    not_waiting_message: ClassVar[str] = gettext_lazy("This is not waiting for a decision.")

    # --- What each app says --------------------------------------------------------

    @abstractmethod
    def may_decide(self, actor: Any, item: models.Model) -> bool:
        """Whether ``actor`` may decide on ``item`` (staff, or a contract's commissioner)."""

    @abstractmethod
    def recipients(self, item: models.Model) -> Iterable[Any]:
        """The users told of a decision; inactive ones are left out here."""

    def mail_context(self, item: models.Model) -> dict[str, Any]:
        return {}

    # --- The shared steps ------------------------------------------------------------

    def label(self, decision: str) -> str:
        return self.labels.get(decision) or Decision(decision).label

    def note_required_message(self, decision: str) -> str:
        if decision == Decision.REJECT:
            return _("Give a reason: %(who)s will see it.") % {"who": self.audience}
        return _("Say what needs to change: %(who)s will see it.") % {"who": self.audience}

    def lock(self, item: models.Model) -> models.Model:
        """The item's row, locked for this transaction, if it still waits for a decision."""
        queryset = self.model._default_manager.select_for_update(of=("self",))
        if self.lock_related:
            queryset = queryset.select_related(*self.lock_related)
        locked = queryset.get(pk=item.pk)
        if locked.status != self.waiting_status:
            raise DomainError(str(self.not_waiting_message), code="not_submitted")
        return locked

    def record(self, item: models.Model, action: str, actor: Any = None, note: str = ""):
        return self.event_model._default_manager.create(
            **{self.event_field: item}, action=action, actor=actor, note=note
        )

    def history(self, item: models.Model) -> models.QuerySet:
        return (
            self.event_model._default_manager.filter(**{self.event_field: item})
            .select_related("actor")
            .order_by("-at", "-pk")
        )

    def tell(self, item: models.Model, decision: str, **context: Any) -> None:
        """Mail the decision to its active recipients, after commit: the templates are
        ``emails/<mail_prefix>_<approved|changes_requested|rejected>_subject.txt`` and
        ``_body.txt``, with the staff's ``note``."""
        email_users(
            users=self.recipients(item),
            template=f"{self.mail_prefix}_{DEFAULT_ACTIONS[decision]}",
            context={**self.mail_context(item), **context},
        )

    @transaction.atomic
    def decide(self, item: models.Model, *, actor: Any, decision: str, note: str = ""):
        """Decide on a submitted item: the one way every review is recorded."""
        if decision not in self.decisions:
            raise DomainError(_("Choose one of the decisions offered."), code="bad_decision")
        if not self.may_decide(actor, item):
            raise DomainError(str(self.forbidden_message), code="forbidden")
        note = (note or "").strip()
        if decision != Decision.APPROVE and not note:
            code = "reason_required" if decision == Decision.REJECT else "comment_required"
            raise DomainError(self.note_required_message(decision), code=code)
        locked = self.lock(item)
        decided: Decided = getattr(self, f"on_{decision}")(locked, actor=actor, note=note)
        action = decided.action or DEFAULT_ACTIONS[decision]
        self.record(decided.item, action, actor, note)
        self.tell(decided.item, decision, note=note, **decided.context)
        return decided.item
