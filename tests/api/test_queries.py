"""Each list costs the same number of queries however much there is to list: measured
at two sizes, with the response cache emptied first (a cached answer costs none, see
test_caching)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from .factories import populate

pytestmark = pytest.mark.django_db

# The most queries each list may make, and the N+1 the budget keeps out.
BUDGETS = {
    # One count, one page.
    "themes": 2,
    "outcomes": 2,  # the outcome's theme: joined, not a query per outcome
    "indicators": 2,  # each indicator's theme and outcome: joined
    "wards": 2,
    "city-figures": 2,  # each figure's indicator: joined
    # The target year, the outcomes, the headline indicators, every figure at once.
    "outcome-progress": 4,
    # Count, page, then commitments, their outcomes (with themes) and their progress
    # updates prefetched: never a query per pledge or per commitment.
    "pledges": 5,
    # Four grouped counts, then the themes and the wards for the labels.
    "pledge-counts": 6,
    # Count and page: each signatory's organisation, ward and version joined, the
    # waiting review an EXISTS, never a query per signatory.
    "charter-signatories": 2,
    # One grouped query for the contracts and one for the deliveries.
    "contract-figures": 2,
    # Count and page: parties joined, pounds promised and delivered as subqueries.
    "public-contracts": 2,
    # One grouped query for the approved figures.
    "return-totals": 1,
    # Count, page and the outcomes prefetched: not a query per case study or guide.
    "case-studies": 3,
    "guides": 3,
}


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("name", list(BUDGETS))
def test_a_list_costs_a_fixed_number_of_queries(name, size, client, django_assert_max_num_queries):
    populate(size)
    for query in ("?page_size=500", "?format=csv&page_size=500"):
        cache.clear()
        with django_assert_max_num_queries(BUDGETS[name]):
            response = client.get(f"/api/v1/{name}/{query}")
        assert response.status_code == 200


def test_every_list_has_a_budget():
    from api.catalogue import LISTS

    assert set(BUDGETS) == {view.resource.name for view in LISTS}
