"""Reference data the toolkit ships, loaded by ``manage.py load_reference_data``: the
starter guides (``guides/<slug>.md``) and version 1 of the checklist (``checklist-v1.toml``)."""

from .checklist_loader import load_checklist
from .guide_loader import load_guides


def load() -> dict[str, int]:
    guides = load_guides()
    # After the guides: the checklist links its questions to them by slug.
    return {"guides": guides, "checklist questions": load_checklist()}
