"""Demo accounts, one per role, with passwords printed by `manage.py demo`."""

from django.contrib.auth.models import Group

from partenariats.demo import ASSOCIATION, VILLE
from partenariats.models import Organisation
from ruche.models import Utilisateur
from ruche.roles import BENEVOLE, COMITE, PERSONNEL

ORDRE = 20

# Demo passwords are public by design: the demo refuses to run in production.
COMPTES = [
    # username, password, first name, last name, role, organisation, is_staff
    ("agent", "ruche-agent-2026", "Sophie", "Martin", PERSONNEL, VILLE, True),
    ("presidente", "avaq-presidente-2026", "Maryse", "Nordez-Ryez", BENEVOLE, ASSOCIATION, False),
    ("conseiller", "avaq-conseiller-2026", "Karim", "Benali", BENEVOLE, ASSOCIATION, False),
    ("comite", "comite-suivi-2026", "Claire", "Dumas", COMITE, VILLE, False),
]


def charger(command):
    command.stdout.write("Comptes de démonstration (identifiant / mot de passe) :")
    for username, password, first, last, role, org_name, is_staff in COMPTES:
        user, _ = Utilisateur.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.ruche.local",
                "organisation": Organisation.objects.get(nom=org_name),
                "is_staff": is_staff,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        command.stdout.write(f"  {role:<30} {username} / {password}")
