"""The office's roles as groups with their permissions (office/roles.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from office.roles import groups_sync

    groups_sync(apps)


def remove_roles(apps, schema_editor):
    from office.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0003_drop_import_hash"),
        ("link", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
