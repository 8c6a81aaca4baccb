from django.db import migrations


def forward(apps, schema_editor):
    from registry.vocabulary import load_vocabulary

    load_vocabulary(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
