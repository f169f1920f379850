"""Demo data of the partnership: the two parties as named in the 2024 convention."""

from partenariats.models import Organisation

ORDRE = 10

VILLE = "Ville de Bagnols-sur-Cèze"
ASSOCIATION = "Aide à la Valorisation et l'Amélioration des Quartiers de Bagnols-sur-Cèze"


def charger_organisations():
    ville, _ = Organisation.objects.update_or_create(
        nom=VILLE,
        defaults={
            "sigle": "La Ruche numérique",
            "nature": Organisation.Nature.COMMUNE,
            "adresse": "Mairie de Bagnols-sur-Cèze, 30200 Bagnols-sur-Cèze",
            "representant_nom": "Jean-Yves CHAPELET",
            "representant_qualite": "Maire",
            "est_la_ruche": True,
        },
    )
    association, _ = Organisation.objects.update_or_create(
        nom=ASSOCIATION,
        defaults={
            "sigle": "A.V.A.Q.B-C",
            "nature": Organisation.Nature.ASSOCIATION,
            "adresse": "95, route de Lyon, 30200 Bagnols-sur-Cèze",
            "representant_nom": "Maryse NORDEZ-RYEZ",
            "representant_qualite": "Présidente",
        },
    )
    return ville, association


def charger(command):
    charger_organisations()
    command.stdout.write("Organisations : Ville de Bagnols-sur-Cèze, A.V.A.Q.B-C.")
