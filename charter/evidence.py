"""Evidence for action statements: the organisation's own public pledges and case studies,
without importing the apps that own them.

The charter sits beside pledges and toolkit, never above them (see DESIGN.md, "Layout"),
so it cannot import their models. Instead:

- ``settings.CHARTER_EVIDENCE_MODELS`` lists the models that can be evidence as
  ``"app_label.Model"`` strings (``["pledges.Pledge", "toolkit.CaseStudy"]``), resolved
  with ``apps.get_model``;
- each such model's default manager offers ``evidence_for(organisation)``: that
  organisation's items the public can see, and each item has a ``title`` and a
  ``get_absolute_url()``;
- an ``EvidenceLink`` points at an item through contenttypes (a ``GenericForeignKey``).

A choice travels through forms as ``"<app_label>.<model>:<pk>"``. ``resolve`` accepts
only items that ``evidence_for`` returns for the signing organisation, so a statement can
never cite another organisation's work, or a draft.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core.errors import DomainError

# How many of each kind an organisation is offered; the newest come first.
OFFERED_PER_MODEL = 50


@dataclass(frozen=True)
class EvidenceItem:
    key: str  # "pledges.pledge:12"
    kind: str  # "Pledge"
    title: str
    url: str


def evidence_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in settings.CHARTER_EVIDENCE_MODELS]


def _key(model: type[models.Model], pk: int) -> str:
    return f"{model._meta.label_lower}:{pk}"


def _item(obj: models.Model) -> EvidenceItem:
    return EvidenceItem(
        key=_key(type(obj), obj.pk),
        kind=str(obj._meta.verbose_name).capitalize(),
        title=str(obj.title),
        url=obj.get_absolute_url(),
    )


def offered(organisation: Organisation) -> list[EvidenceItem]:
    """What the organisation may cite: one query per evidence model."""
    items: list[EvidenceItem] = []
    for model in evidence_models():
        found = model._default_manager.evidence_for(organisation)[:OFFERED_PER_MODEL]
        items += [_item(obj) for obj in found]
    return items


def resolve(organisation: Organisation, keys: Iterable[str]) -> list[models.Model]:
    """The items ``keys`` name, each checked to be the organisation's and public.
    Raises DomainError for anything else."""
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    allowed = {model._meta.label_lower: model for model in evidence_models()}
    for key in keys:
        label, _sep, pk = str(key).partition(":")
        if label not in allowed or not pk.isdigit():
            raise DomainError(_("Choose evidence from the list offered."), code="bad_evidence")
        wanted[allowed[label]].add(int(pk))
    found: list[models.Model] = []
    for model, pks in wanted.items():
        items = list(model._default_manager.evidence_for(organisation).filter(pk__in=pks))
        if len(items) != len(pks):
            raise DomainError(
                _(
                    "Evidence must be your organisation’s own published pledges and case "
                    "studies. Choose again from the list offered."
                ),
                code="not_own_evidence",
            )
        found += items
    return found


def link_kwargs(item: models.Model) -> dict:
    return {
        "content_type": ContentType.objects.get_for_model(item),
        "object_id": item.pk,
    }


def items_for_links(organisation: Organisation, links: Iterable) -> dict[int, EvidenceItem]:
    """The items the organisation's EvidenceLinks cite that are still public, by the link's
    id: one query per evidence model however many links. A link whose item is no longer
    public (withdrawn, say) or gone is left out."""
    links = list(links)
    by_type: dict[int, set[int]] = defaultdict(set)
    for link in links:
        by_type[link.content_type_id].add(link.object_id)
    public: dict[tuple[int, int], EvidenceItem] = {}
    for model in evidence_models():
        content_type = ContentType.objects.get_for_model(model)  # cached by Django
        pks = by_type.get(content_type.pk)
        if not pks:
            continue
        for obj in model._default_manager.evidence_for(organisation).filter(pk__in=pks):
            public[(content_type.pk, obj.pk)] = _item(obj)
    return {
        link.pk: public[(link.content_type_id, link.object_id)]
        for link in links
        if (link.content_type_id, link.object_id) in public
    }


def link_key(link) -> str:
    """The form's key for what an EvidenceLink cites (content types are cached)."""
    content_type = ContentType.objects.get_for_id(link.content_type_id)
    return f"{content_type.app_label}.{content_type.model}:{link.object_id}"
