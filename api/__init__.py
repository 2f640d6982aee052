"""The open data API: read-only JSON and CSV over the domain apps' selectors (``/api/``)."""
