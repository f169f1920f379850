"""Demo data of the partnership: the two parties and the real 2024 convention, word for word,
with a plausible life so that, seen on 26 November 2026, the 2026 period is in force and the
committee of 2026 is due before 31 December 2026 (and not yet held)."""

from datetime import date, datetime, time
from decimal import Decimal

from django.core.files.base import ContentFile

from partenariats import demo_convention as texte
from partenariats.models import (
    Article,
    ComiteSuivi,
    Considerant,
    Convention,
    ConventionPartie,
    DocumentCommunication,
    Engagement,
    Moyen,
    Objectif,
    Rencontre,
    Signature,
    Visa,
)
from ruche.formats import PARIS
from ruche.models import Organisation
from ruche.pdf import render_pdf

ORDRE = 10

VILLE = "Ville de Bagnols-sur-Cèze"
ASSOCIATION = "Aide à la Valorisation et l'Amélioration des Quartiers de Bagnols-sur-Cèze"

COMITES = [
    # date, participants, minutes, year of the report presented
    (
        date(2024, 11, 28),
        "Maryse NORDEZ-RYEZ, présidente d'A.V.A.Q.B-C\n"
        "Karim Benali, conseiller numérique d'A.V.A.Q.B-C\n"
        "Sophie Martin, responsable de la Ruche numérique\n"
        "Claire Dumas, adjointe au maire",
        "Bilan de la première année : permanences retraite et titre de séjour tenues chaque "
        "semaine, ateliers seniors au printemps et à l'automne. Les deux parties souhaitent "
        "poursuivre. Reconduction pour 2025.",
        2024,
    ),
    (
        date(2025, 11, 27),
        "Maryse NORDEZ-RYEZ, présidente d'A.V.A.Q.B-C\n"
        "Karim Benali, conseiller numérique d'A.V.A.Q.B-C\n"
        "Sophie Martin, responsable de la Ruche numérique\n"
        "Claire Dumas, adjointe au maire",
        "Bilan 2025 : hausse des rendez-vous pour les titres de séjour. Un créneau de plus le "
        "jeudi après-midi est demandé pour 2026. Reconduction pour 2026.",
        2025,
    ),
]


# What the annual report measures of each commitment of Article 2, in the text's order.
Mesure = Engagement.Mesure
MESURES_ASSOCIATION = [
    Mesure.PARTICIPATION,
    Mesure.COMMUNICATION,
    Mesure.NON_MAINTENUES,
    Mesure.ORIENTES,
    Mesure.CADRE,
]
MESURES_RUCHE = [Mesure.SALLES, Mesure.INTERNET, Mesure.BILANS]


RENCONTRES = [
    # date, what was reviewed, next steps
    (
        date(2026, 6, 16),
        "Bilan du premier semestre : la permanence titre de séjour du jeudi est pleine trois "
        "semaines sur quatre ; deux ateliers seniors prévus à l'automne.",
        "Ouvrir un second créneau titre de séjour au second semestre si une salle est libre ; "
        "la Ruche oriente les demandes de retraite vers le mardi.",
    ),
]


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


def _elements(model, convention, textes, extra=lambda ordre: {}):
    """Ordered paragraphs 1..n, updated in place; any left over from an older run removed."""
    for ordre, contenu in enumerate(textes, start=1):
        model.objects.update_or_create(
            convention=convention, ordre=ordre, defaults={"texte": contenu, **extra(ordre)}
        )
    model.objects.filter(convention=convention, ordre__gt=len(textes)).delete()


def charger_convention(ville, association):
    convention, _ = Convention.objects.update_or_create(
        titre=texte.TITRE,
        debut=date(2024, 1, 1),
        defaults={
            "premiere_fin": date(2024, 12, 31),
            "mois_reconduction": 12,
            "reconduction_tacite": True,
            "lieu_signature": "Bagnols-sur-Cèze",
            "date_signature": None,  # the signed original reads "le 2024", without a day
            "nombre_originaux": 2,
            "chapeau_objectifs": texte.CHAPEAU_OBJECTIFS,
            "chapeau_moyens": texte.CHAPEAU_MOYENS,
        },
    )
    parties = {}
    for ordre, organisation, role, designation, comparution, pour, civilite in [
        (
            1,
            association,
            "Association partenaire",
            "L'association A.V.A.Q.B-C",
            texte.COMPARUTION_ASSOCIATION,
            "Pour l'Association A.V.A.Q.B-C",
            "Madame",
        ),
        (
            2,
            ville,
            "Commune, porteuse de la Ruche numérique",
            "La Ruche Numérique",
            texte.COMPARUTION_VILLE,
            "Pour la Ville de Bagnols-sur-Cèze",
            "",
        ),
    ]:
        partie, _ = ConventionPartie.objects.update_or_create(
            convention=convention,
            organisation=organisation,
            defaults={
                "ordre": ordre,
                "role": role,
                "designation": designation,
                "comparution": comparution,
            },
        )
        Signature.objects.update_or_create(
            partie=partie,
            defaults={
                "pour": pour,
                "civilite": civilite,
                "signataire_nom": organisation.representant_nom,
                "signataire_qualite": organisation.representant_qualite,
                "signee_le": None,
            },
        )
        parties[organisation.pk] = partie

    _elements(Considerant, convention, texte.CONSIDERANTS)
    _elements(Objectif, convention, texte.OBJECTIFS)
    _elements(
        Moyen,
        convention,
        [m[1] for m in texte.MOYENS],
        extra=lambda o: {"niveau": texte.MOYENS[o - 1][0]},
    )
    for numero, titre, contenu in texte.ARTICLES:
        article, _ = Article.objects.update_or_create(
            convention=convention, numero=numero, defaults={"titre": titre, "texte": contenu}
        )
        if numero == 2:
            for partie, engagements, mesures in [
                (parties[association.pk], texte.ENGAGEMENTS_ASSOCIATION, MESURES_ASSOCIATION),
                (parties[ville.pk], texte.ENGAGEMENTS_RUCHE, MESURES_RUCHE),
            ]:
                for ordre, (engagement, mesure) in enumerate(
                    zip(engagements, mesures, strict=True), start=1
                ):
                    Engagement.objects.update_or_create(
                        article=article,
                        partie=partie,
                        ordre=ordre,
                        defaults={"texte": engagement, "mesure": mesure},
                    )
    return convention, parties


def charger_vie(convention, parties, ville, association):
    for jour, participants, compte_rendu, annee in COMITES:
        comite, _ = ComiteSuivi.objects.update_or_create(
            convention=convention,
            date=jour,
            defaults={
                "participants": participants,
                "compte_rendu": compte_rendu,
                # Both parties agreed at the committee (Article 1): renewed. Each party
                # recorded its own answer at the end of the meeting.
                "accord_ruche": ComiteSuivi.Accord.ACCORD,
                "accord_ruche_par": "Sophie Martin",
                "accord_ruche_le": datetime.combine(jour, time(16, 0), tzinfo=PARIS),
                "accord_association": ComiteSuivi.Accord.ACCORD,
                "accord_association_par": "Maryse Nordez-Ryez",
                "accord_association_le": datetime.combine(jour, time(16, 5), tzinfo=PARIS),
                "annee_rapport": annee,
            },
        )
    # Article 4: the parties meet between two committees to review the work together.
    for jour, notes, suites in RENCONTRES:
        Rencontre.objects.update_or_create(
            convention=convention,
            date=jour,
            defaults={
                "participants_ruche": "Sophie Martin, responsable de la Ruche numérique",
                "participants_partenaire": (
                    "Maryse NORDEZ-RYEZ, présidente d'A.V.A.Q.B-C\n"
                    "Karim Benali, conseiller numérique d'A.V.A.Q.B-C"
                ),
                "notes": notes,
                "suites": suites,
                "enregistree_par": "Sophie Martin",
            },
        )
    # A flyer approved by the Ruche, still waiting for the association's visa (Article 5).
    document = DocumentCommunication.objects.filter(
        convention=convention, titre="Flyer des permanences — 1er semestre 2027"
    ).first()
    if document is None:
        contenu = render_pdf("partenariats/pdf/flyer_demo.html", {}, pages_hint=None)
        document = DocumentCommunication(
            convention=convention,
            titre="Flyer des permanences — 1er semestre 2027",
            nature=DocumentCommunication.Nature.FLYER,
        )
        document.fichier.save("flyer-permanences-2027.pdf", ContentFile(contenu), save=False)
        document.save()
    Visa.objects.update_or_create(
        document=document,
        partie=parties[ville.pk],
        defaults={
            "vise_par": "Sophie Martin, responsable de la Ruche numérique",
            "vise_le": date(2026, 11, 20),
        },
    )


def charger(command):
    ville, association = charger_organisations()
    convention, parties = charger_convention(ville, association)
    charger_vie(convention, parties, ville, association)
    command.stdout.write("Organisations : Ville de Bagnols-sur-Cèze, A.V.A.Q.B-C.")
    command.stdout.write(
        f"Convention : {convention.titre} (du 1er janvier 2024, reconduite en 2025 et 2026)."
    )
    if getattr(command, "lieux", 1) >= 2:
        charger_reseau(command)


# --- A second place, to show the network view (`manage.py demo --lieux 2`) -----------------
# Everything below is fictional: the seed describes one place only. The name says so, and the
# street is a placeholder; the commune, its postcode and INSEE code are real, so the open-data
# record of this place is a valid row of the national schema.
COMMUNAUTE = "Communauté de communes des Garrigues (fictive)"
LIEU_RESEAU = {
    "slug": "espace-des-garrigues",
    "nom": "Espace France Services des Garrigues (lieu fictif)",
    "adresse": "1 rue de l'Exemple",
    "code_postal": "30130",
    "commune": "Pont-Saint-Esprit",
    "code_insee": "30202",
    # In the same fictional range as the first place's number (04 65 71 xx xx).
    "telephone": "04 65 71 00 01",
    "latitude": Decimal("44.256500"),
    "longitude": Decimal("4.648000"),
    "presentation": (
        "Lieu fictif de démonstration : aide aux démarches en ligne, ordinateurs en accès "
        "libre, permanences de l'association A.V.A.Q.B-C."
    ),
}
# Monday to Thursday, morning and afternoon; Friday morning.
HORAIRES_RESEAU = [
    (jour, debut, fin)
    for jour in range(4)
    for debut, fin in ((time(9), time(12)), (time(13, 30), time(17)))
] + [(4, time(9), time(12))]
TITRE_RESEAU = "Convention de partenariat — Espace France Services des Garrigues (fictive)"


def lieu_du_reseau():
    from ruche.models import Lieu

    return Lieu.objects.get(slug=LIEU_RESEAU["slug"])


def charger_lieu_du_reseau(association):
    """The second place, run by a fictional intercommunality, and its opening hours."""
    from ruche.models import HoraireOuverture, Lieu

    communaute, _ = Organisation.objects.update_or_create(
        nom=COMMUNAUTE,
        defaults={
            "sigle": "CC des Garrigues",
            "nature": Organisation.Nature.INSTITUTION,
            "adresse": "1 rue de l'Exemple, 30130 Pont-Saint-Esprit",
            "representant_nom": "Camille Exemple",
            "representant_qualite": "Présidente",
        },
    )
    lieu, _ = Lieu.objects.update_or_create(
        slug=LIEU_RESEAU["slug"],
        defaults={**LIEU_RESEAU, "organisation": communaute},
    )
    for jour, debut, fin in HORAIRES_RESEAU:
        HoraireOuverture.objects.update_or_create(
            lieu=lieu, jour=jour, debut=debut, defaults={"fin": fin}
        )
    return communaute, lieu


def charger_convention_du_reseau(communaute, association, lieu):
    """The same association's convention with the second place: since 2025, renewed."""
    convention, _ = Convention.objects.update_or_create(
        titre=TITRE_RESEAU,
        debut=date(2025, 1, 1),
        defaults={
            "lieu": lieu,
            "premiere_fin": date(2025, 12, 31),
            "mois_reconduction": 12,
            "reconduction_tacite": True,
            "lieu_signature": "Pont-Saint-Esprit",
            "date_signature": date(2024, 12, 16),
            "nombre_originaux": 2,
        },
    )
    for ordre, organisation, role, designation in [
        (1, association, "Association partenaire", "L'association A.V.A.Q.B-C"),
        (2, communaute, "Intercommunalité, porteuse du lieu", "La Communauté de communes"),
    ]:
        ConventionPartie.objects.update_or_create(
            convention=convention,
            organisation=organisation,
            defaults={
                "ordre": ordre,
                "role": role,
                "designation": designation,
                "comparution": (
                    f"{organisation.nom}, représentée par {organisation.representant_nom}, "
                    f"{organisation.representant_qualite}."
                ),
            },
        )
    ComiteSuivi.objects.update_or_create(
        convention=convention,
        date=date(2025, 11, 20),
        defaults={
            "lieu": lieu.nom,
            "participants": "Maryse NORDEZ-RYEZ, présidente d'A.V.A.Q.B-C\nCamille Exemple",
            "compte_rendu": "Première année : permanence retraite le mercredi. Reconduction.",
            "accord_ruche": ComiteSuivi.Accord.ACCORD,
            "accord_association": ComiteSuivi.Accord.ACCORD,
            "annee_rapport": 2025,
        },
    )
    return convention


def charger_reseau(command):
    association = Organisation.objects.get(nom=ASSOCIATION)
    communaute, lieu = charger_lieu_du_reseau(association)
    charger_convention_du_reseau(communaute, association, lieu)
    command.stdout.write(f"Second lieu : {lieu.nom} ({lieu.commune}), convention avec A.V.A.Q.B-C.")
