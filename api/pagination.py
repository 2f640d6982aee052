"""Pages of 50 rows by default (``page_size`` up to 500), with the next and previous
pages in the body and in a ``Link`` header, so a CSV page can be followed too."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class OpenDataPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", self.get_next_link()), ("prev", self.get_previous_link()))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response
