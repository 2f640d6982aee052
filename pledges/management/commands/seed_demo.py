"""Fill the portal with a realistic 10% Better campaign, the same every time for a seed.

    python manage.py seed_demo --organisations 200 [--residents 400] [--seed 1] [--reset]

Loads the reference data first. Refuses to run twice unless ``--reset`` is given, which
first deletes the people, organisations and pledges an earlier run made (and with them
what other apps made for them). No mail is sent.

Other apps add their own demo data through ``accounts.registry.register_demo_seeder``;
each seeder runs after the campaign with its own ``random.Random``, derived from the seed
and its name, so adding a seeder never changes what the others make.
"""

import random

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.registry import demo_seeders
from pledges.demo import COMMISSIONER_EMAIL, STAFF_EMAIL, DemoBuilder, demo_exists, demo_reset
from pledges.models import Pledge

DEFAULT_PASSWORD = "demo-password"  # noqa: S105 - fake accounts for demos, printed on purpose


class Command(BaseCommand):
    help = "Fill the portal with a realistic, deterministic demo campaign (no mail is sent)."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=20, metavar="N")
        parser.add_argument(
            "--residents", type=int, default=None, metavar="M", help="Default: 2 x N."
        )
        parser.add_argument("--seed", type=int, default=2017, metavar="S")
        parser.add_argument(
            "--reset", action="store_true", help="Delete an earlier run's demo data first."
        )
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="For every demo account (printed)."
        )

    def handle(self, *args, organisations, residents, seed, reset, password, **options):
        if organisations < 0 or (residents is not None and residents < 0):
            raise CommandError("--organisations and --residents cannot be negative.")
        residents = 2 * organisations if residents is None else residents
        try:
            import faker  # noqa: F401
        except ImportError:
            raise CommandError(
                "seed_demo needs Faker: install the test dependencies (make install-test)."
            ) from None
        call_command("load_reference_data", verbosity=0)
        with transaction.atomic():
            removed = None
            if demo_exists():
                if not reset:
                    raise CommandError(
                        "Demo data is already loaded. Run again with --reset to replace it."
                    )
                removed = demo_reset()
            builder = DemoBuilder(seed=seed, password=password)
            summary = builder.build(organisations=organisations, residents=residents)
            extra = [self._run_seeder(seeder, builder, seed) for seeder in demo_seeders()]
        self._report(summary, extra, removed=removed, seed=seed, password=password)

    def _run_seeder(self, seeder, builder: DemoBuilder, seed: int) -> dict[str, int]:
        name = f"{seeder.__module__}.{seeder.__qualname__}"
        return seeder(
            # Seeded with a string (hashed with SHA-512, so the same on every run).
            rng=random.Random(f"{seed}:{name}"),  # noqa: S311 - repeatable demo data
            organisations=builder.made_organisations,
            members=builder.made_members,
            places=builder.places,
            staff=builder.staff,
            now=builder.now,
            stdout=self.stdout,
        )

    def _report(
        self,
        summary: dict,
        extra: list[dict[str, int]],
        *,
        removed: dict | None,
        seed: int,
        password: str,
    ) -> None:
        write = self.stdout.write
        if removed:
            write(
                f"Removed the earlier demo: {removed['organisations']} organisations and "
                f"{removed['people']} people."
            )
        statuses = summary["statuses"]
        write(self.style.SUCCESS(f"Demo campaign ready (seed {seed})."))
        write(
            f"  organisations: {summary['organisations']} ({summary['verified']} verified, "
            f"{summary['outside']} outside Salford); "
            + ", ".join(f"{sector} {n}" for sector, n in sorted(summary["sectors"].items()))
        )
        write(f"  people: {summary['members']} in organisations, {summary['residents']} residents")
        write(
            f"  pledges: {summary['pledges']} ("
            + ", ".join(f"{status} {statuses.get(status, 0)}" for status in Pledge.Status.values)
            + f"); {summary['revisions']} pending revisions, {summary['renewals']} renewals"
        )
        write(
            f"  commitments: {summary['commitments']}, progress updates: {summary['updates']}, "
            f"supports: {summary['supports']}, concerns: {summary['concerns']} "
            f"({summary['concerns_open']} open)"
        )
        for counts in extra:
            write("  " + ", ".join(f"{what}: {n}" for what, n in counts.items()))
        write(f"Every demo account's password is: {password}")
        for email, role in [(STAFF_EMAIL, "alliance staff"), (COMMISSIONER_EMAIL, "commissioner")]:
            kept = "" if summary["accounts"][email] else " (existing account: password unchanged)"
            write(f"  {email}: {role}{kept}")
        if summary["example_admin"]:
            email, organisation = summary["example_admin"]
            write(f"  {email}: an admin of {organisation}")
        if summary["example_resident"]:
            write(f"  {summary['example_resident']}: a resident")
