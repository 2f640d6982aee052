"""Every list the API publishes, in the order the documentation and the bulk files give
them."""

from __future__ import annotations

from . import charter, measures, pledges, toolkit

LISTS = [
    measures.ThemeList,
    measures.OutcomeList,
    measures.IndicatorList,
    measures.WardList,
    measures.CityFigureList,
    pledges.PledgeList,
    pledges.PledgeCountList,
    charter.SignatoryList,
    measures.ContractFigureList,
    measures.ReturnTotalList,
    toolkit.CaseStudyList,
    toolkit.GuideList,
]
