"""Demo accounts, one per role, with passwords printed by `manage.py demo`; then the visitor
figures: the 2023 report's totals and a generated visitor log from 2024 to yesterday."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from partenariats.demo import ASSOCIATION, COMMUNAUTE, VILLE, lieu_du_reseau
from ruche.models import Organisation, Utilisateur
from ruche.models.lieu import lieu_principal
from ruche.roles import BENEVOLE, COMITE, COORDINATION, PERSONNEL, REPRESENTANT
from ruche.statistiques import demo as statistiques

ORDRE = 20

# Demo passwords are public by design: the demo refuses to run in production.
COMPTES = [
    # username, password, first name, last name, role(s), organisation, is_staff
    ("agent", "ruche-agent-2026", "Sophie", "Martin", PERSONNEL, VILLE, True),
    # The Présidente volunteers, and speaks for the association as a party (Articles 2-6).
    (
        "presidente",
        "avaq-presidente-2026",
        "Maryse",
        "Nordez-Ryez",
        (BENEVOLE, REPRESENTANT),
        ASSOCIATION,
        False,
    ),
    ("conseiller", "avaq-conseiller-2026", "Karim", "Benali", BENEVOLE, ASSOCIATION, False),
    ("comite", "comite-suivi-2026", "Claire", "Dumas", COMITE, VILLE, False),
]
# With `--lieux 2`: the second place's agent, and the network coordination (every place,
# read only).
COMPTES_RESEAU = [
    ("agent2", "garrigues-agent-2026", "Lucas", "Fabre", PERSONNEL, COMMUNAUTE, True),
    ("coordination", "reseau-coordination-2026", "Inès", "Roussel", COORDINATION, None, False),
]


def charger(command):
    reseau = getattr(command, "lieux", 1) >= 2
    charger_lieu(command)
    charger_comptes(command, COMPTES + (COMPTES_RESEAU if reseau else []))
    charger_statistiques(command)
    if reseau:
        charger_statistiques_du_reseau(command)


TELEPHONE_DEMO = "04 65 71 00 00"


def charger_lieu(command):
    """The demo place: the Ruche numérique of Bagnols-sur-Cèze (town centre coordinates)."""
    lieu = lieu_principal()
    lieu.organisation = Organisation.objects.get(nom=VILLE)
    lieu.code_postal = lieu.code_postal or "30200"
    lieu.commune = lieu.commune or "Bagnols-sur-Cèze"
    lieu.code_insee = "30028"
    # No number in the convention: one of the range ARCEP keeps for fiction (04 65 71 xx xx),
    # so the demo shows the phone where residents look for it and rings nobody.
    lieu.telephone = lieu.telephone or TELEPHONE_DEMO
    lieu.latitude, lieu.longitude = Decimal("44.162300"), Decimal("4.619700")
    lieu.presentation = lieu.presentation or (
        "Tiers-lieu de la Ville et Maison France Services : aide aux démarches en ligne, "
        "accès libre aux ordinateurs, ateliers, permanences d'associations."
    )
    lieu.save()
    command.stdout.write(f"Lieu : {lieu.nom} ({lieu.commune})")


def charger_comptes(command, comptes=COMPTES):
    command.stdout.write("Comptes de démonstration (identifiant / mot de passe) :")
    for username, password, first, last, roles, org_name, is_staff in comptes:
        roles = roles if isinstance(roles, tuple) else (roles,)
        utilisateur, _ = Utilisateur.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.ruche.local",
                "organisation": Organisation.objects.get(nom=org_name) if org_name else None,
                "is_staff": is_staff,
                "is_active": True,
            },
        )
        utilisateur.set_password(password)
        utilisateur.save()
        utilisateur.groups.set(Group.objects.filter(name__in=roles))
        if PERSONNEL in roles:
            utilisateur.lieux.set(
                [lieu_du_reseau() if org_name == COMMUNAUTE else lieu_principal()]
            )
        command.stdout.write(f"  {' + '.join(roles):<30} {username} / {password}")


def charger_statistiques(command):
    statistiques.charger_totaux_2023(lieu_principal())
    nombre = statistiques.charger_journal(
        auteur=Utilisateur.objects.get(username="agent"),
        association=Organisation.objects.get(nom=ASSOCIATION),
        jusqu_au=timezone.localdate() - timedelta(days=1),
    )
    command.stdout.write(
        f"Statistiques : totaux 2023 ({statistiques.TOTAL_2023} visiteurs), "
        f"{nombre} passages générés."
    )


# The second place's log: the last months only, a smaller place (keeps the demo quick).
JOURS_DU_RESEAU = 120
PAR_JOUR_RESEAU = 12


def charger_statistiques_du_reseau(command):
    lieu = lieu_du_reseau()
    hier = timezone.localdate() - timedelta(days=1)
    nombre = statistiques.charger_journal(
        auteur=Utilisateur.objects.get(username="agent2"),
        association=Organisation.objects.get(nom=ASSOCIATION),
        jusqu_au=hier,
        lieu=lieu,
        depuis=hier - timedelta(days=JOURS_DU_RESEAU),
        par_jour=PAR_JOUR_RESEAU,
    )
    command.stdout.write(f"Statistiques de {lieu.nom} : {nombre} passages générés.")
