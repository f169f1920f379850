"""Demo data of the calendar: the Ruche's rooms, the association's démarches, this semester
validated and the next one drafted.

The organisations come from partenariats/demo.py and the accounts from ruche/demo.py;
appointments and workshops follow in demo/rendezvous.py.
"""

from datetime import date, time

from django.utils import timezone, translation

from partenariats.demo import ASSOCIATION, VILLE, lieu_du_reseau
from permanences.models import Calendrier, Demarche, Occurrence, Permanence, ReservationSalle, Salle
from permanences.occurrences import heure_de_paris
from permanences.services.calendrier import generer_occurrences
from permanences.services.salles import occupations, reserver_salle
from ruche.models import Fermeture, Organisation, ThemeOperateur, Utilisateur
from ruche.models.lieu import lieu_principal

SALLES = [
    # name, capacity, equipment
    ("Salle Cèze", 12, "10 ordinateurs\nImprimante\nVidéoprojecteur\nAccès internet"),
    ("Bureau d'accueil 1", 3, "1 ordinateur\nImprimante et scanner\nAccès internet"),
    ("Bureau d'accueil 2", 3, "1 ordinateur\nScanner\nAccès internet"),
]

RETRAITE = "ouvrir-mes-droits-retraite"
PREMIERE_DEMANDE = "premiere-demande-titre-sejour"
RENOUVELLEMENT = "renouvellement-titre-sejour"

DEMARCHES = [
    {
        "slug": RETRAITE,
        "nom": "Ouvrir mes droits à la retraite",
        "theme": Demarche.Theme.RETRAITE,
        "pictogramme": Demarche.Pictogramme.RETRAITE,
        "description": (
            "Vous allez bientôt partir à la retraite. On regarde ensemble vos revenus. "
            "On vérifie votre carrière : tous vos emplois sont-ils comptés ? "
            "On cherche les aides qui peuvent compléter votre retraite."
        ),
        "duree_minutes": 60,
        "pieces_a_apporter": (
            "Carte Vitale\nPièce d'identité\nRelevé de carrière (si vous l'avez)\n"
            "Derniers bulletins de salaire ou papiers de France Travail (avant : Pôle emploi)\n"
            "Dernier avis d'impôt\n"
            "RIB (relevé d'identité bancaire) : le papier avec le numéro de votre compte en banque"
        ),
        "nom_en": "Claim my retirement pension",
        "description_en": (
            "You will retire soon. We look at your income together. "
            "We check your career: are all your jobs counted? "
            "We look for the benefits that can add to your pension."
        ),
        "pieces_a_apporter_en": (
            "Carte Vitale (health insurance card)\nIdentity document\n"
            "Career statement (if you have it)\n"
            "Last payslips or France Travail statements (the job centre, once Pôle emploi)\n"
            "Last tax notice\nRIB (bank details): the paper with your bank account number"
        ),
        "nom_ar": "فتح حقوقي في التقاعد",
        "description_ar": (
            "ستتقاعد قريبًا. ننظر معًا في دخلك. "
            "نتحقق من مسارك المهني: هل احتُسبت كل وظائفك؟ "
            "نبحث عن المساعدات التي يمكن أن تكمّل معاشك."
        ),
        "pieces_a_apporter_ar": (
            "بطاقة Vitale (بطاقة التأمين الصحي)\nوثيقة هوية\n"
            "كشف المسار المهني (إن كان لديك)\n"
            "آخر كشوف الراتب أو أوراق France Travail (سابقًا Pôle emploi)\n"
            "آخر إشعار ضريبي\nRIB (بيانات الحساب البنكي): الورقة التي فيها رقم حسابك في البنك"
        ),
        "delai_min_heures": 24,
        "delai_max_jours": 60,
        "ordre": 1,
    },
    {
        "slug": PREMIERE_DEMANDE,
        "nom": "Première demande de titre de séjour",
        "theme": Demarche.Theme.TITRE_SEJOUR,
        "discrete": True,
        "pictogramme": Demarche.Pictogramme.PREMIERE_DEMANDE,
        "description": (
            "Vous demandez un titre de séjour pour la première fois. "
            "On vous aide à remplir la demande en ligne et à envoyer vos papiers."
        ),
        "duree_minutes": 60,
        "pieces_a_apporter": (
            "Passeport\nActe de naissance\nJustificatif de domicile de moins de 6 mois\n"
            "3 photos d'identité"
        ),
        "nom_en": "First residence permit application",
        "description_en": (
            "You are applying for a residence permit for the first time. "
            "We help you fill in the application online and send your papers."
        ),
        "pieces_a_apporter_en": (
            "Passport\nBirth certificate\nProof of address less than 6 months old\n"
            "3 identity photos"
        ),
        "nom_ar": "الطلب الأول لبطاقة الإقامة",
        "description_ar": (
            "تطلب بطاقة إقامة لأول مرة. نساعدك على ملء الطلب عبر الإنترنت وإرسال أوراقك."
        ),
        "pieces_a_apporter_ar": (
            "جواز السفر\nشهادة الميلاد\nإثبات السكن لا يزيد عمره عن 6 أشهر\n3 صور شخصية"
        ),
        "delai_min_heures": 24,
        "delai_max_jours": 60,
        "ordre": 2,
    },
    {
        "slug": RENOUVELLEMENT,
        "nom": "Renouvellement de titre de séjour",
        "theme": Demarche.Theme.TITRE_SEJOUR,
        "discrete": True,
        "pictogramme": Demarche.Pictogramme.RENOUVELLEMENT,
        "description": (
            "Faites la demande 2 à 4 mois avant la fin de votre titre de séjour. "
            "On vous aide à la faire sur internet."
        ),
        "duree_minutes": 45,
        "pieces_a_apporter": (
            "Titre de séjour actuel\nPasseport\nJustificatif de domicile de moins de 6 mois\n"
            "3 photos d'identité"
        ),
        "nom_en": "Residence permit renewal",
        "description_en": (
            "Apply 2 to 4 months before your residence permit ends. We help you do it online."
        ),
        "pieces_a_apporter_en": (
            "Current residence permit\nPassport\nProof of address less than 6 months old\n"
            "3 identity photos"
        ),
        "nom_ar": "تجديد بطاقة الإقامة",
        "description_ar": (
            "قدّم الطلب قبل نهاية بطاقة إقامتك بـ 2 إلى 4 أشهر. نساعدك على القيام بذلك عبر الإنترنت."
        ),
        "pieces_a_apporter_ar": (
            "بطاقة الإقامة الحالية\nجواز السفر\nإثبات السكن لا يزيد عمره عن 6 أشهر\n3 صور شخصية"
        ),
        "delai_min_heures": 24,
        "delai_max_jours": 90,
        "ordre": 3,
    },
]

# (weekday, start, end, room, who holds it, démarches)
PERMANENCES = [
    (
        Permanence.JourSemaine.MARDI,
        time(9),
        time(12),
        "Bureau d'accueil 1",
        "presidente",
        [RETRAITE],
    ),
    (
        Permanence.JourSemaine.JEUDI,
        time(14),
        time(17),
        "Bureau d'accueil 2",
        "conseiller",
        [PREMIERE_DEMANDE, RENOUVELLEMENT],
    ),
]

SEMESTRES = [(2026, Calendrier.Semestre.SECOND)]
# The next semester is the association's draft, the same weekly lines not yet sent: a
# volunteer can try the journey (check, skip a date, send) and the staff validate it. The
# Ruche holds a meeting in the Tuesday room on one of its dates, so one line shows a clash.
BROUILLON = (2027, Calendrier.Semestre.PREMIER)
REUNION = ("Bureau d'accueil 1", date(2027, 2, 2), time(9, 30), time(11, 30))

ANNULEE = date(2026, 12, 8)
MOTIF_ANNULATION = "La présidente est en formation ce jour-là."


def charger_salles(lieu=None):
    lieu = lieu or lieu_principal()
    return {
        nom: Salle.objects.update_or_create(
            nom=nom,
            lieu=lieu,
            defaults={"capacite": capacite, "equipements": equipements, "active": True},
        )[0]
        for nom, capacite, equipements in SALLES
    }


def charger_demarches(lieu=None, demarches=DEMARCHES):
    # The plain names ("nom"…) are the French text whatever language is active.
    with translation.override("fr"):
        return _charger_demarches(lieu or lieu_principal(), demarches)


# The France Services operator an honoured appointment of a démarche counts under; a
# residence permit names none of the programme's operators.
OPERATEURS_DEMARCHES = {RETRAITE: ("assurance_retraite", "demande_retraite")}


def _charger_demarches(lieu, demarches):
    themes = {
        (t.operateur.code, t.code): t
        for t in ThemeOperateur.objects.select_related("operateur").filter(
            code__in=[code for _o, code in OPERATEURS_DEMARCHES.values()]
        )
    }
    resultat = {}
    for item in demarches:
        theme = themes.get(OPERATEURS_DEMARCHES.get(item["slug"]))
        resultat[item["slug"]] = Demarche.objects.update_or_create(
            slug=item["slug"],
            lieu=lieu,
            defaults={
                **{key: v for key, v in item.items() if key != "slug"},
                "operateur": theme.operateur if theme else None,
                "theme_operateur": theme,
            },
        )[0]
    return resultat


def charger_lignes(calendrier, association, salles, demarches, permanences=PERMANENCES):
    for jour, debut, fin, salle, intervenant, slugs in permanences:
        permanence, _ = Permanence.objects.update_or_create(
            calendrier=calendrier,
            jour_semaine=jour,
            defaults={
                "organisation": association,
                "heure_debut": debut,
                "heure_fin": fin,
                "salle": salles[salle],
                "accueil": Permanence.Accueil.LES_DEUX,
            },
        )
        permanence.intervenants.set([Utilisateur.objects.get(username=intervenant)])
        permanence.demarches.set([demarches[slug] for slug in slugs])


def charger_calendrier(
    annee, semestre, association, salles, demarches, agent, lieu=None, permanences=PERMANENCES
):
    calendrier, _ = Calendrier.objects.get_or_create(
        lieu=lieu or lieu_principal(), organisation=association, annee=annee, semestre=semestre
    )
    charger_lignes(calendrier, association, salles, demarches, permanences)
    if calendrier.statut != Calendrier.Statut.VALIDE:
        calendrier.statut = Calendrier.Statut.VALIDE
        calendrier.valide_par = agent
        calendrier.valide_le = timezone.now()
        calendrier.save()
    return generer_occurrences(calendrier=calendrier, par=agent)


def charger_brouillon(association, salles, demarches, agent):
    """The next semester's draft (an older demo database keeps its validated one)."""
    annee, semestre = BROUILLON
    calendrier, cree = Calendrier.objects.get_or_create(
        lieu=lieu_principal(), organisation=association, annee=annee, semestre=semestre
    )
    if cree:
        charger_lignes(calendrier, association, salles, demarches)
    nom, jour, debut, fin = REUNION
    salle = salles[nom]
    debut, fin = heure_de_paris(jour, debut), heure_de_paris(jour, fin)
    if not occupations([salle.pk], debut=debut, fin=fin):
        reserver_salle(
            salle=salle,
            organisation=Organisation.objects.get(nom=VILLE),
            debut=debut,
            fin=fin,
            objet=ReservationSalle.Objet.AUTRE,
            par=agent,
        )
    return calendrier


def charger(command):
    salles = charger_salles()
    demarches = charger_demarches()
    Fermeture.objects.update_or_create(
        lieu=lieu_principal(),
        debut=date(2026, 12, 24),
        fin=date(2027, 1, 2),
        defaults={"motif": "Fermeture de fin d'année"},
    )
    association = Organisation.objects.get(nom=ASSOCIATION)
    agent = Utilisateur.objects.get(username="agent")
    presidente = Utilisateur.objects.get(username="presidente")
    for annee, semestre in SEMESTRES:
        charger_calendrier(annee, semestre, association, salles, demarches, agent)
    brouillon = charger_brouillon(association, salles, demarches, agent)
    # One occurrence not held, kept in the history with its reason.
    occurrence = Occurrence.objects.select_related("reservation").get(
        permanence__calendrier__organisation=association,
        permanence__calendrier__lieu=lieu_principal(),
        date=ANNULEE,
    )
    if not occurrence.est_annulee:
        occurrence.marquer_annulee(motif=MOTIF_ANNULATION, par=presidente, quand=timezone.now())
        occurrence.save()
        occurrence.reservation.save()
    total = Occurrence.objects.filter(
        permanence__organisation=association, permanence__calendrier__lieu=lieu_principal()
    ).count()
    command.stdout.write(
        f"Permanences : {len(salles)} salles, {len(demarches)} démarches, "
        f"{len(SEMESTRES)} semestre validé, {total} séances (dont 1 non maintenue) ; "
        f"{brouillon} : {brouillon.get_statut_display().lower()}."
    )
    if getattr(command, "lieux", 1) >= 2:
        charger_reseau(command, association)


# --- The second place (`demo --lieux 2`): rooms of the same names, two démarches of the same
# addresses (a démarche's slug is unique per place), one weekly permanence of the same
# association, its own closure.
DEMARCHES_RESEAU = [item for item in DEMARCHES if item["slug"] in (RETRAITE, RENOUVELLEMENT)]
# The slugs the second place's démarches had while slugs were unique across places.
ANCIEN_SUFFIXE = "-garrigues"
PERMANENCES_RESEAU = [
    (
        Permanence.JourSemaine.MERCREDI,
        time(9),
        time(12),
        "Bureau d'accueil 1",
        "conseiller",
        [RETRAITE, RENOUVELLEMENT],
    ),
]
FERMETURE_RESEAU = (date(2026, 12, 21), date(2027, 1, 3), "Fermeture des fêtes (Garrigues)")


def charger_reseau(command, association):
    lieu = lieu_du_reseau()
    salles = charger_salles(lieu)
    # An older demo database keeps its démarches and their bookings, under the shared slugs.
    for item in DEMARCHES_RESEAU:
        if not Demarche.objects.filter(lieu=lieu, slug=item["slug"]).exists():
            Demarche.objects.filter(lieu=lieu, slug=item["slug"] + ANCIEN_SUFFIXE).update(
                slug=item["slug"]
            )
    demarches = charger_demarches(lieu, DEMARCHES_RESEAU)
    debut, fin, motif = FERMETURE_RESEAU
    Fermeture.objects.update_or_create(lieu=lieu, debut=debut, fin=fin, defaults={"motif": motif})
    agent = Utilisateur.objects.get(username="agent2")
    for annee, semestre in SEMESTRES:
        charger_calendrier(
            annee,
            semestre,
            association,
            salles,
            demarches,
            agent,
            lieu=lieu,
            permanences=PERMANENCES_RESEAU,
        )
    command.stdout.write(
        f"Permanences de {lieu.nom} : {len(salles)} salles (mêmes noms), "
        f"{len(demarches)} démarches, {len(SEMESTRES)} semestre validé."
    )
