"""Guides for tests: a factory and a helper giving a guide some outcomes."""

from __future__ import annotations

import factory

from measures.models import Outcome
from toolkit.models import Audience, Guide, Kind, Stage


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"test-guide-{n}")
    title = factory.Sequence(lambda n: f"Test guide {n}")
    summary = "A guide written for a test."
    body = "## What to do\n\n- First, this.\n- Then, that.\n"
    audience = Audience.BOTH
    stage = Stage.ALL
    kind = Kind.GUIDANCE
    published = True
    order = 500

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        """``GuideFactory(outcomes=["living-wage", ...])``: outcome slugs or objects."""
        if create and extracted:
            slugs = [o for o in extracted if isinstance(o, str)]
            objects = [o for o in extracted if not isinstance(o, str)]
            self.outcomes.add(*objects, *Outcome.objects.filter(slug__in=slugs))
