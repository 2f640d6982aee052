"""The mail outbox moved to core: rename its table, keep every row, and move its content
type (and so the permissions that point at it) to the core app."""

from django.db import migrations

from core.migration_helpers import move_content_type


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="OutboxEmail", table="core_outboxemail"),
            ],
            state_operations=[migrations.DeleteModel(name="OutboxEmail")],
        ),
        migrations.RunPython(*move_content_type("outboxemail", old_app="accounts", new_app="core")),
    ]
