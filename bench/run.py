"""`make bench`: seed (or reuse) the bench database, serve it with gunicorn, load every
page with wrk, time the reports, print the figures and write ``var/bench/latest.json``."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import time

from . import load, reports
from .server import BASE_DIR, THREADS, gunicorn, manage, production_env, workers

CITY = 10_000  # organisations: the city of issue 14
QUICK = 200
OUT = BASE_DIR / "var" / "bench"
# Issue 14's goals.
ANONYMOUS_P95_MS = 150
SIGNED_IN_P95_MS = 400
HEALTHZ_SHARE = 0.25


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"a small city ({QUICK})")
    parser.add_argument("--organisations", type=int, default=None, metavar="N")
    parser.add_argument("--duration", type=float, default=None, help="seconds per page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=workers(), help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", action="append", default=[], help="page paths to load")
    parser.add_argument("--no-reports", action="store_true", help="skip the report timings")
    args = parser.parse_args()
    args.organisations = args.organisations or (QUICK if args.quick else CITY)
    args.duration = args.duration or (2 if args.quick else 10)
    return args


def database_url(quick: bool) -> str:
    name = "salford_sv_bench_quick" if quick else "salford_sv_bench_city"
    return os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")


def ensure_database(url: str) -> None:
    """Create the bench database if PostgreSQL does not have it yet."""
    import psycopg2

    name = url.rsplit("/", 1)[1].split("?")[0]
    connection = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                print(f"Creating the database {name}")
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def seeded_organisations() -> int:
    from demo.city import exists
    from demo.people import demo_users

    if not exists():
        return 0
    from accounts.models import Organisation

    return Organisation.objects.filter(memberships__user__in=demo_users()).distinct().count()


def prepare(args, env: dict[str, str]) -> dict:
    """Migrate, seed when not seeded, collect static files; what the city holds."""
    ensure_database(env["DATABASE_URL"])
    print("Migrating the bench database")
    manage(env, "migrate", "--no-input", quiet=True)
    os.environ.update(env)
    import django

    django.setup()
    have = seeded_organisations()
    if have:
        print(f"Reusing the seeded city ({have} organisations); drop the database to reseed.")
    else:
        print(f"Seeding a city of {args.organisations} organisations (seed_demo)")
        manage(env, "seed_demo", "--organisations", str(args.organisations))
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    analyze()
    return city_counts()


def analyze() -> None:
    """Fresh planner statistics: a city seeded in one transaction has none until
    autovacuum comes round, and plans made without them are not production's."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def city_counts() -> dict:
    from django.db import connection

    tables = {
        "organisations": "accounts_organisation",
        "people": "accounts_user",
        "pledges": "pledges_pledge",
        "commitments": "pledges_commitment",
        "supports": "pledges_support",
        "charter signatures": "charter_signature",
        "assessments": "toolkit_assessment",
        "return values": "measures_returnvalue",
        "contracts": "measures_contract",
    }
    counts = {}
    with connection.cursor() as cursor:
        for what, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[what] = cursor.fetchone()[0]
    return counts


def load_pages(args) -> tuple[list[load.Result], list[str]]:
    from .pages import pages, session_cookies

    present, absent = pages()
    if args.only:
        present = [p for p in present if p.path in args.only or p.path == "/healthz"]
    cookies = session_cookies({p.as_user for p in present if p.as_user})
    base = f"http://127.0.0.1:{args.port}"
    results = []
    for page in present:
        result = load.run(
            base=base,
            name=page.name,
            path=page.path,
            cookie=cookies.get(page.as_user),
            signed_in_as=page.as_user,
            connections=args.connections,
            duration=args.duration,
        )
        print(line(result), flush=True)
        results.append(result)
    healthz = next((r for r in results if r.path == "/healthz"), None)
    if healthz and healthz.requests_per_second:
        for result in results:
            result.ratio_to_healthz = result.requests_per_second / healthz.requests_per_second
    return results, absent


def meets(result: load.Result) -> str:
    if result.status != 200:
        return f"answered {result.status}: not loaded"
    if result.errors:
        return "errors"
    if not result.requests:
        return "no request finished within the run"
    if result.signed_in_as:
        return "ok" if result.p95_ms < SIGNED_IN_P95_MS else f"p95 over {SIGNED_IN_P95_MS} ms"
    if result.path == "/healthz":
        return ""
    misses = []
    if result.p95_ms >= ANONYMOUS_P95_MS:
        misses.append(f"p95 over {ANONYMOUS_P95_MS} ms")
    if result.ratio_to_healthz is not None and result.ratio_to_healthz < HEALTHZ_SHARE:
        misses.append(f"under {HEALTHZ_SHARE} x /healthz")
    return "; ".join(misses) or "ok"


HEADER = (
    f"{'page':28} {'req/s':>8} {'x healthz':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
    f"{'errors':>6} {'cold ms':>8}  goal"
)


def line(result: load.Result) -> str:
    ratio = "" if result.ratio_to_healthz is None else f"{result.ratio_to_healthz:.3f}"
    return (
        f"{result.name[:28]:28} {result.requests_per_second:8.1f} {ratio:>9} "
        f"{result.p50_ms:8.1f} {result.p95_ms:8.1f} {result.p99_ms:8.1f} {result.errors:6d} "
        f"{result.first_ms:8.0f}  {meets(result)}"
    )


def markdown(results: list[load.Result]) -> str:
    """The page table as Markdown, for the README."""
    rows = [
        "| page | signed in | req/s | share of `/healthz` | p50 ms | p95 ms | p99 ms | errors | "
        "cold ms | goal |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        ratio = "" if r.ratio_to_healthz is None else f"{r.ratio_to_healthz:.2f}"
        rows.append(
            f"| {r.name}: `{r.path}` | {'yes' if r.signed_in_as else ''} | "
            f"{r.requests_per_second:.0f} | "
            f"{ratio} | {r.p50_ms:.0f} | {r.p95_ms:.0f} | {r.p99_ms:.0f} | {r.errors} | "
            f"{r.first_ms:.0f} | {meets(r)} |"
        )
    return "\n".join(rows) + "\n"


def _stop(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through gunicorn()'s clean-up


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    args = arguments()
    OUT.mkdir(parents=True, exist_ok=True)
    env = production_env(
        database_url=database_url(args.quick),
        redis_url=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
        static_root=OUT / "static",
    )
    started = time.perf_counter()
    counts = prepare(args, env)
    print("The city: " + ", ".join(f"{what} {n:,}" for what, n in counts.items()))
    print(
        "\n'cold ms' is the first request to each page, before the load: rendered with an "
        "empty cache."
    )
    print(
        f"gunicorn: {args.workers} workers x {args.threads} threads on {os.cpu_count()} cores; "
        "wrk: "
        f"{args.connections} connections for {args.duration:.0f} s a page. The machine may "
        "be shared: other processes' load shows in these figures.\n"
    )
    # A cold cache: nothing left from an earlier run on another database (this Redis
    # database is the benchmark's own).
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    print(HEADER)
    log = OUT / "gunicorn.log"
    with gunicorn(env, port=args.port, worker_count=args.workers, threads=args.threads, log=log):
        results, absent = load_pages(args)
    print("\nThroughput as a share of /healthz in this run:")
    print(HEADER)
    for result in results:
        print(line(result))
    if absent:
        print("Not built yet, so not loaded: " + ", ".join(absent))
    timings = {}
    if not args.no_reports:
        for scope in ("city", "organisation"):
            timings[scope] = reports.measure(scope, env)
            print(f"{scope} report: {json.dumps(timings[scope])}")
    load_average = os.getloadavg()
    summary = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "city",
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_after": [round(x, 2) for x in load_average],
        },
        "city": counts,
        "server": {"gunicorn_workers": args.workers, "threads": args.threads},
        "load": {"connections": args.connections, "seconds_per_page": args.duration},
        "pages": [r.as_dict() | {"goal": meets(r)} for r in results],
        "not_built": absent,
        "reports": timings,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (OUT / "latest.md").write_text(markdown(results))
    text = json.dumps(summary, indent=2) + "\n"
    (OUT / "latest.json").write_text(text)
    (OUT / f"latest-{summary['mode']}.json").write_text(text)  # the last run of each mode
    print(f"\nWritten to var/bench/latest.json in {summary['seconds']:.0f} s in all.")
