"""Demo appointments and workshops; run after the calendar demo created occurrences.

Called from permanences/demo/__init__.py. Idempotent: what exists is kept. Writes rows directly, so
no demo mail or text message leaves.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from partenariats.demo import ASSOCIATION, lieu_du_reseau
from permanences.models import Atelier, Demarche, Inscription, RendezVous, Salle
from permanences.services.ateliers import creer_atelier
from permanences.services.disponibilites import prochains_creneaux
from ruche.formats import PARIS
from ruche.models import Organisation
from ruche.models.lieu import lieu_principal

# Fictitious residents.
HABITANTS = [
    ("Fatima Benali", "06 11 22 33 44", ""),
    ("Gérard Moulin", "", "gerard.moulin@exemple.fr"),
    ("Aïcha Traoré", "07 55 44 33 22", "aicha.traore@exemple.fr"),
    ("Josiane Roux", "04 66 89 12 34", ""),
]
ATELIERS = [
    # title, audience, description, days from today, capacity, registered, waiting
    (
        "Premiers pas sur le smartphone",
        Atelier.Public.SENIORS,
        "Appeler, envoyer un message et une photo, installer une application.",
        9,
        6,
        2,
        0,
    ),
    (
        "Chercher un emploi en ligne",
        Atelier.Public.DEMANDEURS_EMPLOI,
        "Votre espace France Travail, un CV, répondre à une offre.",
        12,
        3,
        3,
        2,
    ),
]
# What staff would type in the admin's English and Arabic boxes, by French title.
TRADUCTIONS_ATELIERS = {
    "Premiers pas sur le smartphone": {
        "titre_en": "First steps with a smartphone",
        "titre_ar": "الخطوات الأولى مع الهاتف الذكي",
        "description_en": "Call, send a message and a photo, install an app.",
        "description_ar": "الاتصال، إرسال رسالة وصورة، تثبيت تطبيق.",
    },
    "Chercher un emploi en ligne": {
        "titre_en": "Looking for a job on the internet",
        "titre_ar": "البحث عن عمل على الإنترنت",
        "description_en": "Your France Travail account, a CV, answering a job offer.",
        "description_ar": "حسابك في France Travail، السيرة الذاتية، الرد على عرض عمل.",
    },
    "Faire ses démarches de retraite en ligne": {
        "titre_en": "Your retirement steps on the internet",
        "titre_ar": "إجراءات التقاعد على الإنترنت",
        "description_en": "Open your retirement account, read your career record, claim it.",
        "description_ar": "إنشاء حساب التقاعد، قراءة كشف المسار المهني، طلب التقاعد.",
    },
}
PERSONNES_ATELIER = [
    ("Monique Garcia", "06 70 80 90 10"),
    ("Bernard Lefèvre", "06 21 32 43 54"),
    ("Samira Haddad", "07 12 23 34 45"),
    ("Kevin Morel", "06 98 87 76 65"),
    ("Nadia Cherif", "07 65 54 43 32"),
]


def charger_rendez_vous(lieu=None, habitants=HABITANTS):
    count = 0
    habitants = iter(habitants)
    for demarche in Demarche.objects.actives().filter(lieu=lieu or lieu_principal()):
        for creneau in prochains_creneaux(demarche=demarche, nombre=2, guichet=True)[:2]:
            personne = next(habitants, None)
            if personne is None:
                return count
            nom, telephone, email = personne
            if RendezVous.objects.actifs().filter(nom=nom, debut__gte=timezone.now()).exists():
                continue
            rdv = RendezVous(
                occurrence_id=creneau.cle,
                demarche=demarche,
                debut=creneau.debut,
                fin=creneau.fin,
                nom=nom,
                telephone=telephone.replace(" ", ""),
                email=email,
                canal=RendezVous.Canal.EN_LIGNE if count % 2 else RendezVous.Canal.ORIENTE_RUCHE,
                consentement_le=timezone.now(),
            )
            rdv.full_clean()
            rdv.save()
            count += 1
    return count


def _creer(titre, public, description, jours, capacite, organisation, salle):
    """Books the room on the first free afternoon from `jours` days on."""
    premier_jour = timezone.localdate() + timedelta(days=jours)
    for offset in range(21):
        debut = datetime.combine(premier_jour + timedelta(days=offset), time(14), tzinfo=PARIS)
        if debut.weekday() >= 5:
            continue
        try:
            return creer_atelier(
                titre=titre,
                description=description,
                public=public,
                organisation=organisation,
                salle=salle,
                debut=debut,
                fin=debut + timedelta(hours=2),
                capacite=min(capacite, salle.capacite),
                traductions=TRADUCTIONS_ATELIERS.get(titre),
            )
        except ValidationError:
            continue
    return None


def charger_ateliers(lieu=None, ateliers=ATELIERS):
    lieu = lieu or lieu_principal()
    organisation = Organisation.objects.get(nom=ASSOCIATION)
    salle = Salle.objects.actives().filter(lieu=lieu).order_by("-capacite", "pk").first()
    if salle is None:
        return 0
    crees = 0
    for titre, public, description, jours, capacite, inscrits, attente in ateliers:
        atelier = Atelier.objects.a_venir().filter(titre=titre, salle__lieu=lieu).first()
        if atelier is None:
            atelier = _creer(titre, public, description, jours, capacite, organisation, salle)
            if atelier is None:
                continue
            crees += 1
        elif not atelier.titre_en and titre in TRADUCTIONS_ATELIERS:
            # A demo loaded before workshops were translated gets its translations.
            Atelier.objects.filter(pk=atelier.pk).update(**TRADUCTIONS_ATELIERS[titre])
        for index, (nom, telephone) in enumerate(PERSONNES_ATELIER[: inscrits + attente]):
            en_attente = index >= inscrits
            Inscription.objects.get_or_create(
                atelier=atelier,
                nom=nom,
                defaults={
                    "telephone": telephone.replace(" ", ""),
                    "statut": Inscription.Statut.EN_ATTENTE
                    if en_attente
                    else Inscription.Statut.INSCRIT,
                    "position": index - inscrits + 1 if en_attente else None,
                    "consentement_le": timezone.now(),
                },
            )
    return crees


# The second place (`demo --lieux 2`): two residents and one workshop of its own.
HABITANTS_RESEAU = [
    ("Lucien Vidal", "06 44 55 66 77", ""),
    ("Yasmina Belkacem", "", "yasmina.belkacem@exemple.fr"),
]
ATELIERS_RESEAU = [
    (
        "Faire ses démarches de retraite en ligne",
        Atelier.Public.SENIORS,
        "Créer son espace retraite, lire son relevé de carrière, demander sa retraite.",
        10,
        8,
        1,
        0,
    ),
]


def charger(command):
    rdv = charger_rendez_vous()
    ateliers = charger_ateliers()
    command.stdout.write(f"Rendez-vous de démonstration : {rdv} ; ateliers : {ateliers}.")
    if getattr(command, "lieux", 1) >= 2:
        lieu = lieu_du_reseau()
        rdv = charger_rendez_vous(lieu, HABITANTS_RESEAU)
        ateliers = charger_ateliers(lieu, ATELIERS_RESEAU)
        command.stdout.write(f"{lieu.nom} : {rdv} rendez-vous, {ateliers} atelier.")
