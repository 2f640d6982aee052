"""The outbox moved here from accounts. Its table is renamed by accounts' migration 0003,
which depends on this one, so this migration only records the model in core's state."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboxEmail",
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
                        ("to", models.JSONField(default=list)),
                        ("subject", models.CharField(max_length=255)),
                        ("body", models.TextField()),
                        ("html_body", models.TextField(blank=True)),
                        ("from_email", models.CharField(blank=True, max_length=254)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                ],
                                db_index=True,
                                default="pending",
                                max_length=8,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "outbox email",
                        "ordering": ["created_at", "id"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
