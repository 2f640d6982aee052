"""What a pending revision changes in the approved pledge, shown to moderators.

Pure functions over pledges already loaded with their commitments and outcomes (see
``selectors.pledge_for_page``), so comparing costs no queries of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _

from .models import Commitment, Pledge

SAME, REMOVED, ADDED = "same", "removed", "added"
UNCHANGED, CHANGED = "unchanged", "changed"

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    kind: str  # SAME, REMOVED or ADDED
    text: str


def word_diff(before: str, after: str) -> list[Segment]:
    """``before`` turned into ``after`` word by word, whitespace kept.

    Text rewritten more than it was kept reads better as one removal and one addition
    than as a patchwork of single words; so does a space between two changes.
    """
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    if old and new and matcher.ratio() < 0.5:
        return [Segment(REMOVED, before), Segment(ADDED, after)]
    opcodes = matcher.get_opcodes()
    segments: list[Segment] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        kept = "".join(old[i1:i2])
        between_changes = 0 < index < len(opcodes) - 1 and not kept.strip()
        if op == "equal" and not between_changes:
            segments.append(Segment(SAME, kept))
            continue
        if i2 > i1:
            segments.append(Segment(REMOVED, kept))
        if j2 > j1:
            segments.append(Segment(ADDED, "".join(new[j1:j2])))
    return _merge(segments)


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of one kind, removals before additions."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        elif (
            len(merged) >= 2
            and segment.kind == REMOVED
            and merged[-1].kind == ADDED
            and merged[-2].kind == REMOVED
        ):
            merged[-2] = Segment(REMOVED, merged[-2].text + segment.text)
        elif (
            len(merged) >= 2
            and segment.kind == ADDED
            and merged[-1].kind == REMOVED
            and merged[-2].kind == ADDED
        ):
            merged[-2] = Segment(ADDED, merged[-2].text + segment.text)
        else:
            merged.append(segment)
    return merged


@dataclass(frozen=True)
class TextChange:
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before.strip() != self.after.strip()

    @property
    def segments(self) -> list[Segment]:
        return word_diff(self.before, self.after)


@dataclass
class CommitmentChange:
    kind: str  # UNCHANGED, CHANGED, ADDED or REMOVED
    before: Commitment | None = None
    after: Commitment | None = None
    changed_fields: list[str] = field(default_factory=list)

    @property
    def text(self) -> TextChange:
        return TextChange(
            self.before.text if self.before else "", self.after.text if self.after else ""
        )

    @property
    def current(self) -> Commitment:
        return self.after or self.before


@dataclass
class RevisionComparison:
    title: TextChange
    statement: TextChange
    commitments: list[CommitmentChange]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((CHANGED, ADDED, REMOVED, UNCHANGED), 0)
        for change in self.commitments:
            counts[change.kind] += 1
        return counts

    @property
    def has_changes(self) -> bool:
        return (
            self.title.changed
            or self.statement.changed
            or any(c.kind != UNCHANGED for c in self.commitments)
        )


def _outcome_ids(commitment: Commitment) -> set[int]:
    return {o.pk for o in commitment.outcomes.all()}


def _changed_fields(before: Commitment, after: Commitment) -> list[str]:
    fields = []
    if before.text.strip() != after.text.strip():
        fields.append(str(_("wording")))
    if (before.target_value, before.target_unit.strip()) != (
        after.target_value,
        after.target_unit.strip(),
    ):
        fields.append(str(_("target")))
    if before.due_date != after.due_date:
        fields.append(str(_("due date")))
    if _outcome_ids(before) != _outcome_ids(after):
        fields.append(str(_("outcomes")))
    return fields


def compare_revision(*, revision: Pledge, original: Pledge) -> RevisionComparison:
    """Pair each proposed commitment with the approved one it continues (its ``source``);
    the rest are added, and approved ones nobody continues are removed."""
    approved = {c.pk: c for c in original.commitments.all()}
    used: set[int] = set()
    changes: list[CommitmentChange] = []
    for commitment in revision.commitments.all():
        before = approved.get(commitment.source_id)
        if before is None or before.pk in used:
            changes.append(CommitmentChange(ADDED, after=commitment))
            continue
        used.add(before.pk)
        fields = _changed_fields(before, commitment)
        changes.append(
            CommitmentChange(CHANGED if fields else UNCHANGED, before, commitment, fields)
        )
    changes += [CommitmentChange(REMOVED, before=c) for pk, c in approved.items() if pk not in used]
    return RevisionComparison(
        title=TextChange(original.title, revision.title),
        statement=TextChange(original.statement, revision.statement),
        commitments=changes,
    )
