"""The first place, made from the settings (RUCHE_ADRESSE, RUCHE_TELEPHONE, RUCHE_CARTE_URL)
and the organisation that runs the Ruche; every existing room, closure, démarche, calendar,
convention and visit is attached to it, and the staff belong to it."""

from django.db import migrations

from ruche.models.lieu import creer_lieu_initial

PERSONNEL = "Personnel de la Ruche"


def creer_premier_lieu(apps, schema_editor):
    Lieu = apps.get_model("ruche", "Lieu")
    HoraireOuverture = apps.get_model("ruche", "HoraireOuverture")
    Organisation = apps.get_model("partenariats", "Organisation")
    Utilisateur = apps.get_model("ruche", "Utilisateur")
    lieu = Lieu.objects.order_by("pk").first()
    if lieu is None:
        ruche = Organisation.objects.filter(est_la_ruche=True).order_by("pk").first()
        lieu = creer_lieu_initial(Lieu, HoraireOuverture, organisation=ruche)
    for app_label, model_name in (
        ("ruche", "Passage"),
        ("permanences", "Salle"),
        ("permanences", "Fermeture"),
        ("permanences", "Demarche"),
        ("permanences", "Calendrier"),
        ("partenariats", "Convention"),
    ):
        apps.get_model(app_label, model_name).objects.filter(lieu__isnull=True).update(lieu=lieu)
    for personne in Utilisateur.objects.filter(groups__name=PERSONNEL).distinct():
        personne.lieux.add(lieu)


class Migration(migrations.Migration):
    dependencies = [
        ("ruche", "0007_lieux"),
        ("permanences", "0008_lieu_des_salles_et_demarches"),
        ("partenariats", "0009_lieux"),
    ]

    operations = [migrations.RunPython(creer_premier_lieu, migrations.RunPython.noop)]
