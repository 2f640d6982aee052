"""Serializer fields for text people typed: no email address is ever published, even one
written into a pledge's statement or a progress update."""

from __future__ import annotations

import re

from rest_framework import serializers

EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
REMOVED = "[email address removed]"


def without_email_addresses(text: str) -> str:
    return EMAIL_ADDRESS.sub(REMOVED, text)


class PublicText(serializers.CharField):
    """Free text as published: any email address in it is replaced with a note."""

    def to_representation(self, value) -> str:
        return without_email_addresses(super().to_representation(value))
