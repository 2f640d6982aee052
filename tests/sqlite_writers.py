"""Two people writing at the same moment to `make run`'s SQLite database.

Run by ``tests/test_sqlite_concurrency.py`` in a process of its own, because the suite's
database is PostgreSQL: ``DATABASE_URL`` names a throwaway SQLite file there. Each round
sends two identical POSTs at once, from two threads (each with its own connection, as
the web server's threads have), through the real URLs, views and middleware, then prints
what came back and what was saved, as JSON. Without a form token both are saved; with
the same one-time token (``core.submissions``) one is, and both are answered with it.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.sqlite_writers --rounds 5
"""

from __future__ import annotations

import argparse
import datetime
import json
import os

from .concurrency import post_together


def _statuses(responses) -> list[int]:
    return [response.status_code for response in responses]


def run(rounds: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from core.submissions import new_token
    from measures.models import Outcome
    from pledges.models import Pledge, ProgressUpdate

    from .accounts.factories import OrganisationFactory, admin_of
    from .pledges.factories import make_pledge

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    organisation = OrganisationFactory(name="Ordsall Community Café", slug="ordsall-cafe")
    author = admin_of(organisation, email="admin@example.org")
    pledge = make_pledge(status=Pledge.Status.APPROVED, organisation=organisation, pledger=author)
    commitment = pledge.commitments.get()
    # The same person in two tabs, or a double click: two sessions, one account.
    clients = [Client(raise_request_exception=False) for _ in range(2)]
    for client in clients:
        client.force_login(author)
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    connection.close()

    progress_url = f"/pledges/{pledge.pk}/commitments/{commitment.pk}/progress/"
    new_pledge = {
        "pledged_by": str(organisation.pk),
        "title": "Buying local and paying fairly",
        "statement": "",
        "commitments-TOTAL_FORMS": "1",
        "commitments-INITIAL_FORMS": "0",
        "commitments-MIN_NUM_FORMS": "1",
        "commitments-MAX_NUM_FORMS": "10",
        "commitments-0-text": "Spend a tenth more with Salford suppliers",
        "commitments-0-outcomes": str(Outcome.objects.order_by("number").first().pk),
        "commitments-0-target_value": "10",
        "commitments-0-target_unit": "%",
        "commitments-0-due_date": (timezone.localdate() + datetime.timedelta(days=200)).isoformat(),
        "commitments-0-source": "",
    }
    statuses: dict[str, list[int]] = {"progress": [], "new_pledge": [], "once": []}
    for number in range(rounds):
        progress = {"text": f"Round {number}: six more volunteers.", "figure": "6"}
        statuses["progress"] += _statuses(post_together(clients, progress_url, progress))
        statuses["new_pledge"] += _statuses(post_together(clients, "/pledges/new/", new_pledge))
    progress_updates = ProgressUpdate.objects.filter(commitment=commitment).count()
    pledges_made = Pledge.objects.exclude(pk=pledge.pk).count()
    once = {"text": "Sent twice, saved once.", "figure": "7", "form_token": new_token()}
    statuses["once"] = _statuses(post_together(clients, progress_url, once))
    return {
        "journal_mode": journal_mode,
        "statuses": statuses,
        "progress_updates": progress_updates,
        "pledges_made": pledges_made,
        "saved_once": ProgressUpdate.objects.filter(text="Sent twice, saved once.").count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salford_sv.settings.test")
    print(json.dumps(run(args.rounds)))


if __name__ == "__main__":
    main()
