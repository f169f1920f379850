"""Creates the three roles as auth groups, with the admin permissions staff need."""

from django.db import migrations

PERSONNEL = "Personnel de la Ruche"
BENEVOLE = "Bénévoles des associations"
COMITE = "Comité de suivi"


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (PERSONNEL, BENEVOLE, COMITE):
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=(PERSONNEL, BENEVOLE, COMITE)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ruche", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
