"""The new permission `registry.publish_register` (publishing from the office)
and the permissions of the new PairDeferral model, given to the roles."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from office.roles import groups_sync

    groups_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0001_roles"),
        ("registry", "0006_pair_deferral"),
    ]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
