from django.db import migrations

# Text messages are sent by ruche.sms now (the resident's messages leave through
# ruche.prevenir): the queued and failed ones keep working under their new name.
AVANT = "permanences.sms.envoyer_sms_tache"
APRES = "ruche.sms.envoyer_sms_tache"


def _renommer(apps, depuis, vers):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=depuis).update(task_path=vers)


def vers_ruche(apps, schema_editor):
    _renommer(apps, AVANT, APRES)


def vers_permanences(apps, schema_editor):
    _renommer(apps, APRES, AVANT)


class Migration(migrations.Migration):
    dependencies = [
        ("ruche", "0019_organisation_fermeture_version_creneaux"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(vers_ruche, vers_permanences)]
