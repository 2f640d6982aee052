"""The daily digest's record now belongs to the moderation app, whose first migration
renames the table: here it only leaves pledges' state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pledges", "0003_alter_pledgeevent_action")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ModerationDigest")],
            database_operations=[],
        ),
    ]
