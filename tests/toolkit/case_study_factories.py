"""Case studies for tests: in any state, with real image bytes to upload."""

from __future__ import annotations

import datetime
import struct
import zlib

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, User
from toolkit.models import CaseStudy

from ..accounts.factories import UserFactory


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bytes() -> bytes:
    """A real 1x1 red PNG."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
WEBP_HEAD = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"


def upload(name: str = "cafe.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes() if content is None else content)


class CaseStudyFactory(factory.django.DjangoModelFactory):
    """A draft case study. Pass ``organisation``; ``make_case_study`` sets the dates."""

    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How our café became a hub ({n})")
    summary = "A small café on the estate became the place where neighbours meet."
    story = "We started with **one table**.\n\n- Volunteers\n- A weekly lunch club"
    sector = factory.LazyAttribute(lambda o: o.organisation.sector)
    shows_values = True

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if create and extracted:
            self.outcomes.set(extracted)


def make_case_study(
    *,
    organisation: Organisation,
    status: str = CaseStudy.Status.DRAFT,
    author: User | None = None,
    **kwargs,
) -> CaseStudy:
    """A case study in ``status``, with the dates that status implies."""
    now = timezone.now()
    if status in (CaseStudy.Status.SUBMITTED, CaseStudy.Status.APPROVED):
        kwargs.setdefault("submitted_at", now - datetime.timedelta(days=2))
    if status == CaseStudy.Status.APPROVED:
        kwargs.setdefault("published_at", now - datetime.timedelta(days=1))
    if author is not None:
        kwargs["author"] = author
    return CaseStudyFactory(organisation=organisation, status=status, **kwargs)
