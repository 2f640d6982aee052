"""`make bench`: the portal under load, at city scale. Prints figures; asserts nothing.

    python -m bench [--quick] [--organisations N] [--duration S] [--connections C]

1. A dedicated PostgreSQL database (``BENCH_DATABASE_URL``; by default
   ``salford_sv_bench_city``, or ``salford_sv_bench_quick`` with ``--quick``) is created,
   migrated and seeded with ``seed_demo`` at city scale, or reused when already seeded.
2. gunicorn serves the portal on 127.0.0.1 under the production settings, sized for the
   machine (``bench.server``), with Redis as the cache (``BENCH_REDIS_URL``).
3. wrk, in a second process, loads each page with 20 connections (``bench.load``); the
   signed-in pages carry a session cookie made for a demo account.
4. The city's monthly report and one organisation's quarterly report are timed, with peak
   memory, in a child process of their own (``bench.reports``), when ``reporting``
   provides them.
5. Everything is printed and written to ``var/bench/latest.json``.
"""
