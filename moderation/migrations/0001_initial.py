"""The daily digest's record moved here from pledges: rename its table, keep every row,
and move its content type (pledges' migration 0004 drops it from pledges' state)."""

import django.utils.timezone
from django.db import migrations, models

from core.migration_helpers import move_content_type


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("pledges", "0003_alter_pledgeevent_action"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE pledges_moderationdigest RENAME TO moderation_moderationdigest",
                    reverse_sql=(
                        "ALTER TABLE moderation_moderationdigest RENAME TO pledges_moderationdigest"
                    ),
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="ModerationDigest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("day", models.DateField(unique=True)),
                        ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("pledges_waiting", models.PositiveIntegerField(default=0)),
                        ("concerns_open", models.PositiveIntegerField(default=0)),
                    ],
                    options={"ordering": ["-day"]},
                ),
            ],
        ),
        migrations.RunPython(
            *move_content_type("moderationdigest", old_app="pledges", new_app="moderation")
        ),
    ]
