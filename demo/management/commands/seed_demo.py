"""Fill the portal with a realistic demo city, the same every time for a seed.

    python manage.py seed_demo --organisations 200 [--residents 400] [--seed 1] [--reset]

Loads the reference data first. Refuses to run twice unless ``--reset`` is given, which
first deletes the people and organisations an earlier run made and everything they made
in every app. No mail is sent. It prints what it made, how long it took and the peak
memory of the process.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo import city
from demo.people import COMMISSIONER_EMAIL, STAFF_EMAIL
from pledges.models import Pledge

DEFAULT_PASSWORD = "demo-password"  # noqa: S105 - fake accounts for demos, printed on purpose


def default_residents(organisations: int) -> int:
    """Seven residents for every ten organisations: with the organisations' own people
    (2.3 on average) a city of 10,000 organisations has about 30,000 people."""
    return (7 * organisations + 5) // 10


class Command(BaseCommand):
    help = "Fill the portal with a realistic, deterministic demo city (no mail is sent)."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=20, metavar="N")
        parser.add_argument(
            "--residents",
            type=int,
            default=None,
            metavar="M",
            help="Default: 7 for every 10 organisations (with their members, 3 people each).",
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
        residents = default_residents(organisations) if residents is None else residents
        try:
            import faker  # noqa: F401
        except ImportError:
            raise CommandError(
                "seed_demo needs Faker: install the test dependencies (make install-test)."
            ) from None
        call_command("load_reference_data", verbosity=0)
        if city.exists() and not reset:
            raise CommandError("Demo data is already loaded. Run again with --reset to replace it.")
        removed = city.reset() if reset else None
        seeded = city.seed(
            organisations=organisations, residents=residents, seed=seed, password=password
        )
        self._report(seeded, removed=removed, seed=seed, password=password)

    def _report(self, seeded: city.Seeded, *, removed: dict | None, seed: int, password: str):
        write = self.stdout.write
        if removed and removed["organisations"] + removed["people"]:
            write(
                f"Removed the earlier demo: {removed['organisations']} organisations and "
                f"{removed['people']} people."
            )
        people, made = seeded.people, seeded.pledges
        statuses = made["statuses"]
        write(self.style.SUCCESS(f"Demo campaign ready (seed {seed})."))
        write(
            f"  organisations: {people['organisations']} ({people['verified']} verified, "
            f"{people['outside']} outside Salford); "
            + ", ".join(f"{sector} {n}" for sector, n in sorted(people["sectors"].items()))
        )
        write(f"  people: {people['members']} in organisations, {people['residents']} residents")
        write(
            f"  pledges: {made['pledges']} ("
            + ", ".join(f"{status} {statuses.get(status, 0)}" for status in Pledge.Status.values)
            + f"); {made['revisions']} pending revisions, {made['renewals']} renewals"
        )
        write(
            f"  commitments: {made['commitments']}, progress updates: {made['updates']}, "
            f"supports: {made['supports']}, concerns: {made['concerns']} "
            f"({made['concerns_open']} open)"
        )
        for app, counts in seeded.apps.items():
            write(f"  {app}: " + ", ".join(f"{what} {n}" for what, n in counts.items()))
        write(
            f"Seeded in {seeded.seconds:.1f} s ("
            + ", ".join(f"{what} {seconds:.1f} s" for what, seconds in seeded.timings.items())
            + f"); peak memory {seeded.peak_memory_mb:.0f} MB (the whole process)."
        )
        write(f"Every demo account's password is: {password}")
        for email, role in [(STAFF_EMAIL, "alliance staff"), (COMMISSIONER_EMAIL, "commissioner")]:
            kept = "" if seeded.city.accounts[email] else " (existing account: password unchanged)"
            write(f"  {email}: {role}{kept}")
        if people["example_admin"]:
            email, organisation = people["example_admin"]
            write(f"  {email}: an admin of {organisation}")
        if people["example_resident"]:
            write(f"  {people['example_resident']}: a resident")
