"""`make bench`: how page cost grows with the data. Prints figures; asserts nothing.

Each page is timed at two data sizes in a throwaway test database. The figure to watch
is the ratio large/small: near 1 means the page's cost does not grow with the data
(pagination and constant query counts doing their job).

    python -m tests.bench [--small 60] [--large 600] [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salford_sv.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

PAGES = [
    "/",
    "/organisations/",
    "/organisations/bench-org-0/",
    "/organisations/bench-org-0/members/",
    "/pledges/",
    "/pledges/?theme=people",
    "/pledges/{first_pledge}/",
    "/pledges/mine/",
    "/measures/progress/",
    "/toolkit/",
    "/toolkit/case-studies/",
    "/toolkit/checklist/",
]


def seed(n: int) -> None:
    from django.utils import timezone

    from accounts.models import Membership, Organisation, Sector, SizeBand, Ward
    from measures.models import Outcome
    from pledges.models import Pledge, Support
    from tests.accounts.factories import UserFactory
    from tests.pledges.factories import ProgressUpdateFactory, make_pledge
    from toolkit.models import CaseStudy

    wards = list(Ward.objects.all())
    outcomes = list(Outcome.objects.all())
    sectors, sizes = Sector.values, SizeBand.values
    have = Organisation.objects.filter(slug__startswith="bench-org-").count()
    for i in range(have, n):
        org = Organisation.objects.create(
            name=f"Bench Organisation {i}",
            slug=f"bench-org-{i}",
            sector=sectors[i % len(sectors)],
            size_band=sizes[i % len(sizes)],
            postcode="M5 4WT",
            ward=wards[i % len(wards)],
        )
        admin = UserFactory(email=f"bench{i}@example.org")
        Membership.objects.create(organisation=org, user=admin, role=Membership.Role.ADMIN)
        # Every organisation pledges: two commitments, progress and a little support.
        pledge = make_pledge(
            status=Pledge.Status.APPROVED,
            organisation=org,
            pledger=admin,
            commitments=2,
            outcomes=[outcomes[i % len(outcomes)], outcomes[(i + 3) % len(outcomes)]],
        )
        for commitment in pledge.commitments.all():
            ProgressUpdateFactory(commitment=commitment, author=admin)
        Support.objects.create(pledge=pledge, user=admin)
        case_study = CaseStudy.objects.create(
            organisation=org,
            author=admin,
            title=f"How Bench Organisation {i} works with its neighbours",
            summary="Partnerships that made a difference.",
            story="## What we did\n\nWe worked with **local** groups.",
            sector=org.sector,
            shows_partnerships=True,
            status=CaseStudy.Status.APPROVED,
            published_at=timezone.now(),
        )
        case_study.outcomes.set(outcomes[:2])
    # The first organisation's members page grows with n too.
    first = Organisation.objects.get(slug="bench-org-0")
    for i in range(first.memberships.count(), n):
        Membership.objects.create(
            organisation=first, user=UserFactory(email=f"bench-member{i}@example.org")
        )


def measure(client: Client, path: str, repeat: int) -> tuple[float, int]:
    client.get(path)  # warm caches and template loading
    timings = []
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(timings), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=60)
    parser.add_argument("--large", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_reference_data", verbosity=0)
        from accounts.models import Membership
        from pledges.models import Pledge
        from tests.accounts.factories import UserFactory

        results: dict[str, dict[int, tuple[float, int]]] = {p: {} for p in PAGES}
        for size in (args.small, args.large):
            seed(size)
            admin = (
                Membership.objects.filter(organisation__slug="bench-org-0", role="admin")
                .first()
                .user
            )
            client = Client()
            client.force_login(admin)
            first_pledge = Pledge.objects.filter(organisation__slug="bench-org-0").get().pk
            for path in PAGES:
                url = path.format(first_pledge=first_pledge)
                results[path][size] = measure(client, url, args.repeat)
        del UserFactory

        print(
            f"\nPage cost at {args.small} and {args.large} organisations "
            f"(median of {args.repeat}, ms; queries)"
        )
        print(f"{'page':42} {'small':>9} {'large':>9} {'ratio':>7} {'queries':>10}")
        for path, by_size in results.items():
            (small_ms, small_q), (large_ms, large_q) = by_size[args.small], by_size[args.large]
            print(
                f"{path:42} {small_ms:9.1f} {large_ms:9.1f} {large_ms / small_ms:7.2f} "
                f"{small_q:>4} -> {large_q:<4}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
