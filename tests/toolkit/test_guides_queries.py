"""Query counts for the guide pages: they must not grow with the number of guides.

Each test builds the page at two data sizes and holds both to one maximum, so a query
per guide, per outcome or per related guide fails the larger size.
"""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from measures.models import Outcome
from toolkit.models import Audience, Guide, Kind, Stage

from .guide_factories import GuideFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def guides_with_outcomes(n: int) -> list[Guide]:
    """``n`` published guides (and no others), spread over audiences, stages and kinds,
    each serving three outcomes of different themes."""
    Guide.objects.all().delete()
    outcomes = list(Outcome.objects.all())
    triples = itertools.cycle(
        [outcomes[i], outcomes[(i + 4) % len(outcomes)], outcomes[(i + 8) % len(outcomes)]]
        for i in range(len(outcomes))
    )
    audiences = itertools.cycle(Audience.values)
    stages = itertools.cycle(Stage.values)
    kinds = itertools.cycle(Kind.values)
    return [
        GuideFactory(
            title=f"Guide {i} on social value",
            audience=next(audiences),
            stage=next(stages),
            kind=next(kinds),
            outcomes=next(triples),
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("n", [3, 40])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?audience=providers&stage=review",
        "?q=social&outcome=living-wage",
        "?kind=method&page=2",
    ],
)
@pytest.mark.parametrize(("role", "most"), [("anonymous", 4), ("resident", 8), ("staff", 8)])
def test_guide_list(n, query, role, most, users, django_assert_max_num_queries):
    """Each card names the guide's outcomes: without them prefetched (with their themes)
    in one query for the whole page, that is a query per card. Queries: the outcomes for
    the filter, the count, the page, the page's outcomes; signed in, the session, the
    user, and their memberships and groups for the navigation."""
    guides_with_outcomes(n)
    client = signed_in(users[role]) if users[role] else Client()
    with django_assert_max_num_queries(most):
        response = client.get("/toolkit/" + query)
    assert response.status_code == 200
    if not query:
        assert len(response.context["page"].object_list) == min(n, 12)
        assert "Outcomes:" in response.content.decode()


@pytest.mark.parametrize("candidates", [1, 10])
@pytest.mark.parametrize(("role", "most"), [("anonymous", 4), ("staff", 8)])
def test_guide_page(candidates, role, most, users, django_assert_max_num_queries):
    """The page lists the guide's outcomes and up to four related guides. Without the
    outcomes prefetched with their themes, and without the related guides ranked by
    shared outcomes in one query (rather than a query per candidate, or per candidate's
    outcomes), the count grows with the guides there are. Queries: the guide, its
    outcomes, the related guides by outcome, and the fallback by stage or audience when
    fewer than four share an outcome; signed in, the session, the user, and their
    memberships and groups for the navigation."""
    guides = guides_with_outcomes(candidates + 1)
    guide = guides[0]
    shared = list(guide.outcomes.all())
    for other in guides[1:]:
        other.outcomes.add(shared[0])
    client = signed_in(users[role]) if users[role] else Client()
    with django_assert_max_num_queries(most):
        response = client.get(guide.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["related"]) == min(candidates, 4)
