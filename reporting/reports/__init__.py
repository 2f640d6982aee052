"""Periodic progress reports: what goes in them and how they are drawn.

- ``periods``: the month of a city report, the quarter of an organisation's.
- ``tables``: the shape of a report's figures (sections of tables whose cells keep both
  the raw value, for the CSV, and the text people read), and their formatting.
- ``city``, ``organisation``: the figures, each summed or counted by the database.
- ``charts``: bar charts drawn as SVG on the server, since WeasyPrint runs no script.
- ``render``: the HTML fragment both the page and the PDF use, the PDF, the CSV rows.
- ``permissions``, ``selectors``, ``forms``: who sees which report, the archive's reads
  (and ``latest_reports`` for the role homes), staff's "generate now" form.

The writes (ask for a report, generate it, schedule them) are ``reporting.services``;
the Celery adapters ``reporting.tasks``; the pages ``reporting.views.reports``.
"""
