"""The slowest SQL of each benchmarked page, one request at a time, against the bench
database: where to look with EXPLAIN ANALYZE.

    python -m bench.queries [--quick] [--top 3] [PATH ...]

Pages are rendered through Django's test client with the page cache off, so every query
runs; each query's time is as Django measured it (the machine's load included).
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.queries", description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()

    from .run import database_url

    os.environ.update(
        DJANGO_SETTINGS_MODULE="salford_sv.settings.test",
        DATABASE_URL=database_url(args.quick),
    )
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from .pages import pages

    settings.ANONYMOUS_PAGE_CACHE = {}
    present, _absent = pages()
    clients: dict[str | None, Client] = {}
    for page in present:
        if args.paths and page.path not in args.paths:
            continue
        if page.as_user not in clients:
            from accounts.models import User

            client = Client()
            if page.as_user:
                client.force_login(User.objects.get(email=page.as_user))
            clients[page.as_user] = client
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = clients[page.as_user].get(page.path)
        total = (time.perf_counter() - started) * 1000
        queries = captured.captured_queries
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"\n{page.path} ({response.status_code}): {total:.0f} ms, {len(queries)} queries, "
            f"{sql_ms:.0f} ms in SQL"
        )
        for query in sorted(queries, key=lambda q: -float(q["time"]))[: args.top]:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")


if __name__ == "__main__":
    main()
