"""Models that moved between apps keep every row: the mail outbox (accounts to core) and
the digest's record (pledges to moderation)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("accounts", "0002_role_groups"),
    ("pledges", "0003_alter_pledgeevent_action"),
    ("core", None),
    ("moderation", None),
]
AFTER = [
    ("accounts", "0003_outbox_to_core"),
    ("pledges", "0004_moderationdigest_to_moderation"),
    ("moderation", "0001_initial"),
    # The model as it is now has the outbox's later fields.
    ("core", "0003_outbox_sealed_bodies"),
]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_moved_tables_keep_their_rows_and_content_types():
    try:
        migrate(BEFORE)
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        # As on a database made before the move: the old content types, with permissions.
        ContentType.objects.filter(model__in=["outboxemail", "moderationdigest"]).delete()
        old_outbox = ContentType.objects.create(app_label="accounts", model="outboxemail")
        ContentType.objects.create(app_label="pledges", model="moderationdigest")
        Permission.objects.create(
            content_type=old_outbox, codename="view_outboxemail", name="Can view outbox email"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO accounts_outboxemail ("to", subject, body, html_body, from_email, '
                "status, attempts, last_error, created_at) VALUES "
                "('[\"a@example.org\"]', 'Kept', 'Body', '', '', 'pending', 0, '', "
                "CURRENT_TIMESTAMP)"
            )
            cursor.execute(
                "INSERT INTO pledges_moderationdigest (day, sent_at, pledges_waiting, "
                "concerns_open) VALUES ('2026-01-05', CURRENT_TIMESTAMP, 3, 1)"
            )

        migrate(AFTER)

        from core.models import OutboxEmail
        from moderation.models import ModerationDigest

        ContentType.objects.clear_cache()
        assert OutboxEmail.objects.get().subject == "Kept"
        assert ModerationDigest.objects.get().pledges_waiting == 3
        labels = set(
            ContentType.objects.filter(model__in=["outboxemail", "moderationdigest"]).values_list(
                "app_label", "model"
            )
        )
        assert labels == {("core", "outboxemail"), ("moderation", "moderationdigest")}
        assert Permission.objects.get(codename="view_outboxemail").content_type.app_label == (
            "core"
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
