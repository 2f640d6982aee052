"""Text that people type, made safe for every format the portal writes it into.

XML 1.0 (and so SVG, like the pledge badge) cannot carry most control characters:
one ``\\x01`` in a name made the badge invalid XML, which no browser will show. Names
refuse them as they are typed (``validate_no_control_characters``), and anything
written into XML passes through ``xml_text`` as well, for what was stored before.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What XML 1.0 does not allow: C0 controls but tab, newline and carriage return;
# surrogates; U+FFFE and U+FFFF. C1 controls (U+007F-U+009F) are allowed but discouraged,
# and never meant in a name, so they go too.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# In a one-line name, tabs and line breaks are as unwanted as the rest.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as text with every character XML 1.0 forbids removed."""
    return XML_INVALID.sub("", str(value))


def validate_no_control_characters(value: str) -> None:
    if CONTROL.search(value or ""):
        raise ValidationError(
            _("Remove the control characters (invisible characters such as tabs) from it."),
            code="control_characters",
        )
