"""Checks axe-core cannot make: focus indicator and control border contrast, and width.

Each function runs one script in the page and returns a list of problems, as sentences;
``Auditor.check_focus_and_borders`` and ``Auditor.check_width`` in ``conftest.py`` add
them to the auditor's problems.

- Focus (WCAG 1.4.11, 2.4.7, 2.4.13): every control is focused in turn, as a keyboard
  would (``:focus-visible``), and what its focus draws (outline, box shadows) is compared
  with what was there before: the background the element sits on. At least one part of
  the indicator, 2 px wide or more, must differ from that background by 3:1. Every
  control on a page must also get the same indicator, so focus looks the same everywhere.
- Borders (WCAG 1.4.11): a text box, select, checkbox or radio drawn by the page (not
  the browser's own) needs a border of 3:1 against the background around it.
- Width (WCAG 1.4.10): at a 390 px phone's width nothing may scroll sideways.
"""

from __future__ import annotations

from pathlib import Path

MIN_CONTRAST = 3.0
MIN_INDICATOR_PX = 2
PHONE = {"width": 390, "height": 844}

SOURCE = (Path(__file__).parent / "a11y_checks.js").read_text(encoding="utf-8")


def _run(page, check: str, arg=None):
    return page.evaluate(f"arg => ({SOURCE}).{check}(arg)", arg)


def focus_problems(page) -> list[str]:
    """Focus every control on the page in turn; what is wrong with their indicators."""
    return _run(page, "focus", [MIN_CONTRAST, MIN_INDICATOR_PX, False])["problems"]


def focused_indicator(page) -> dict | None:
    """The focused element's indicator, measured: ``{"element", "background", "parts":
    [{"what", "width", "colour", "ratio"}], "good", "indicator"}``."""
    found = _run(page, "focus", [MIN_CONTRAST, MIN_INDICATOR_PX, True])
    return found["measurements"][0] if found["measurements"] else None


def border_problems(page) -> list[str]:
    return _run(page, "borders", MIN_CONTRAST)


def width_problems(page) -> list[str]:
    return _run(page, "width")
