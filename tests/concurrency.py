"""Identical requests sent at the same moment, as a double click or two tabs send them.

Each client posts from a thread of its own, so each has its own database connection, as
the web server's threads do; the requests go through the real URLs, views and middleware.
Used on PostgreSQL by ``tests/test_double_submits.py`` (transactional tests, so each
thread sees what the others commit) and on SQLite by ``tests/sqlite_writers.py``.
"""

from __future__ import annotations

import threading


def post_together(clients, url: str, data: dict) -> list:
    """POST ``data`` to ``url`` from every client at the same moment; their responses."""
    from django.db import connections

    barrier = threading.Barrier(len(clients))
    responses: list = [None] * len(clients)

    def post(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            responses[index] = clients[index].post(url, data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses
