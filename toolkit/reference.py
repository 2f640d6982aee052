"""Reference data the toolkit ships, loaded by ``manage.py load_reference_data``."""

from .reference_checklist import load_checklist
from .reference_guides import load_guides


def load() -> dict[str, int]:
    guides = load_guides()
    # After the guides: the checklist links its questions to them by slug.
    return {"guides": guides, "checklist questions": load_checklist()}
