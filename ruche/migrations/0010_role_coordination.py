"""The network coordination role: reads the conventions and statistics of several places."""

from django.db import migrations

COORDINATION = "Coordination du réseau"


def creer(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=COORDINATION)


def retirer(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=COORDINATION).delete()


class Migration(migrations.Migration):
    dependencies = [("ruche", "0009_lieu_obligatoire")]

    operations = [migrations.RunPython(creer, retirer)]
