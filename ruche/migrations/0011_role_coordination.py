"""The network coordination role: reads the conventions and statistics of several places;
and the monthly figures' cache is emptied, its rows now keeping their place."""

from django.db import migrations

COORDINATION = "Coordination du réseau"


def creer(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=COORDINATION)


def retirer(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=COORDINATION).delete()


def vider_les_agregats(apps, schema_editor):
    apps.get_model("ruche", "AgregatMensuel").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ruche", "0010_versions_donnees")]

    operations = [
        migrations.RunPython(creer, retirer),
        # The monthly figures now keep each row's place: the cache is counted again.
        migrations.RunPython(vider_les_agregats, migrations.RunPython.noop),
    ]
