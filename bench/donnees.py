"""Large data sets for the benchmarks, generated ON TOP of whatever the database holds (the
demo data, typically): they add their own organisation, rooms, calendars, occurrences,
appointments, workshops and visits, and never touch or book anything they did not create.

    generer_occurrences(annees=1)       occurrences over the past years and the next 120 days
    generer_reservations(occurrences)   appointments in those occurrences
    generer_ateliers(annees=1)      a workshop a week, with registrations
    generer_passages(lignes, ...)   visits of the visitor log, written in SQL
    effacer_passages(auteur)        removes the visits generate_passages wrote for `auteur`
"""

from datetime import datetime, timedelta
from datetime import time as heure

from django.db import connection
from django.utils import timezone

from ruche.portees import ecriture_en_masse

ORGANISATION = "Association du banc d'essai"
SALLES = 10  # ten rooms, each with a morning permanence, Monday to Friday
MATINEE = (heure(9), heure(12))
APRES_MIDI = (heure(14), heure(16))
JOURS_A_VENIR = 120


def organisation_du_banc():
    from ruche.models import Organisation

    organisation = Organisation.objects.get_or_create(
        nom=ORGANISATION, defaults={"sigle": "BANC", "nature": "association"}
    )[0]
    return sous_convention(organisation)


def sous_convention(organisation, lieu=None):
    """A partner holds activity only under a convention in force (Article 1), signed with a
    place: gives the organisation one at `lieu` (the first place by default), renewed every
    year since 2000, unless it has one there already."""
    from datetime import date

    from partenariats.models import Convention, ConventionPartie
    from ruche.models.lieu import lieu_par_defaut

    lieu_id = lieu.pk if lieu is not None else lieu_par_defaut()
    if not organisation.conventions.filter(convention__lieu_id=lieu_id).exists():
        convention = Convention.objects.create(
            titre=f"Convention du banc d'essai ({organisation.sigle or organisation.nom})",
            debut=date(2000, 1, 1),
            premiere_fin=date(2000, 12, 31),
            lieu_id=lieu_id,
        )
        ConventionPartie.objects.create(
            convention=convention, organisation=organisation, ordre=1, role="Association"
        )
    return organisation


def _salle(nom, lieu, capacite=4):
    from permanences.models import Salle

    return Salle.objects.get_or_create(nom=nom, lieu=lieu, defaults={"capacite": capacite})[0]


def generer_occurrences(*, annees=1, salles=SALLES, demarches=None, lieu=None):
    """Morning occurrences in `salles` new rooms of the place `lieu` (the first place by
    default), Monday to Friday, from `annees` years ago to 120 days ahead, taking
    appointments for the given démarches (default: every active one of the place). Rooms and
    calendars are the place's: another place's of the same names (bench/lieux.py) are left.

    Returns the occurrences (Occurrence) created."""
    from permanences.models import Calendrier, Demarche, Occurrence, Permanence, ReservationSalle
    from ruche.formats import PARIS
    from ruche.models.lieu import lieu_principal

    lieu = lieu or lieu_principal()
    organisation = sous_convention(organisation_du_banc(), lieu)
    if demarches is None:
        demarches = Demarche.objects.actives().filter(lieu=lieu)
    demarches = list(demarches)
    if not demarches:
        raise SystemExit("Aucune démarche : chargez la démo d'abord (manage.py demo --force).")
    rooms = [_salle(f"Bureau du banc {i}", lieu) for i in range(salles)]
    today = timezone.localdate()
    first = today - timedelta(days=365 * annees)
    last = today + timedelta(days=JOURS_A_VENIR)
    permanences = {}
    for year in range(first.year, last.year + 1):
        for semestre in (1, 2):
            calendrier, _ = Calendrier.objects.get_or_create(
                lieu=lieu,
                organisation=organisation,
                annee=year,
                semestre=semestre,
                defaults={"statut": Calendrier.Statut.VALIDE, "valide_le": timezone.now()},
            )
            for weekday in range(5):
                for salle in rooms:
                    permanence = Permanence.objects.create(
                        organisation=organisation,
                        calendrier=calendrier,
                        jour_semaine=weekday,
                        heure_debut=MATINEE[0],
                        heure_fin=MATINEE[1],
                        salle=salle,
                        accueil=Permanence.Accueil.RENDEZ_VOUS,
                    )
                    permanence.demarches.set(demarches)
                    permanences[(year, semestre, weekday, salle.pk)] = permanence
    reservations, occurrences = [], []
    day = first
    while day <= last:
        if day.weekday() < 5:
            semestre = 1 if day.month <= 6 else 2
            for salle in rooms:
                debut = datetime.combine(day, MATINEE[0], tzinfo=PARIS)
                fin = datetime.combine(day, MATINEE[1], tzinfo=PARIS)
                reservations.append(
                    ReservationSalle(
                        salle=salle,
                        organisation=organisation,
                        debut=debut,
                        fin=fin,
                        objet="permanence",
                    )
                )
                occurrences.append(
                    Occurrence(
                        permanence=permanences[(day.year, semestre, day.weekday(), salle.pk)],
                        date=day,
                        debut=debut,
                        fin=fin,
                    )
                )
        day += timedelta(days=1)
    ReservationSalle.objects.bulk_create(reservations, batch_size=2000)
    for occurrence, reservation in zip(occurrences, reservations, strict=True):
        occurrence.reservation = reservation
    Occurrence.objects.bulk_create(occurrences, batch_size=2000)
    ecriture_en_masse()  # bulk writes send no signal
    return occurrences


def generer_reservations(occurrences, *, demarches=None):
    """Books the given occurrences only (never the demo's): every past slot was used, three in
    four future ones are taken, each occurrence for one démarche in turn. Returns the count."""
    from permanences.models import Demarche, RendezVous

    demarches = list(demarches if demarches is not None else Demarche.objects.actives())
    now = timezone.now()
    bookings = []
    for n, occurrence in enumerate(occurrences):
        demarche = demarches[n % len(demarches)]
        duree = timedelta(minutes=demarche.duree_minutes)
        debut, k = occurrence.debut, 0
        while debut + duree <= occurrence.fin:
            future = debut > now
            if not (future and (n + k) % 4 == 0):
                bookings.append(
                    RendezVous(
                        occurrence=occurrence,
                        demarche=demarche,
                        debut=debut,
                        fin=debut + duree,
                        nom=f"Personne {n}-{k}",
                        telephone="0612345678",
                        statut="reserve" if future else "venu",
                        consentement_le=now,
                    )
                )
            debut, k = debut + duree, k + 1
    RendezVous.objects.bulk_create(bookings, batch_size=5000)
    ecriture_en_masse()
    return len(bookings)


def generer_rendez_vous(*, annees=1, salles=SALLES):
    """Occurrences and their appointments (see above). Returns (occurrences, appointments)."""
    occurrences = generer_occurrences(annees=annees, salles=salles)
    return len(occurrences), generer_reservations(occurrences)


def generer_ateliers(*, annees=1, inscrits=6, lieu=None):
    """A two-hour workshop every Wednesday afternoon from `annees` years ago to 120 days
    ahead, in a room of its own at the place `lieu` (the first place by default), each with
    `inscrits` registrations. Returns the count."""
    from permanences.models import Atelier, Inscription, ReservationSalle
    from ruche.formats import PARIS
    from ruche.models.lieu import lieu_principal

    lieu = lieu or lieu_principal()
    organisation = sous_convention(organisation_du_banc(), lieu)
    salle = _salle("Salle d'atelier du banc", lieu, capacite=10)
    today = timezone.localdate()
    day = today - timedelta(days=365 * annees)
    day += timedelta(days=(2 - day.weekday()) % 7)
    rows = []
    while day <= today + timedelta(days=JOURS_A_VENIR):
        debut = datetime.combine(day, APRES_MIDI[0], tzinfo=PARIS)
        fin = datetime.combine(day, APRES_MIDI[1], tzinfo=PARIS)
        reservation = ReservationSalle(
            salle=salle, organisation=organisation, debut=debut, fin=fin, objet="atelier"
        )
        atelier = Atelier(
            titre=f"Atelier du banc du {day:%d/%m/%Y}",
            public=Atelier.Public.SENIORS,
            organisation=organisation,
            salle=salle,
            debut=debut,
            fin=fin,
            capacite=8,
        )
        rows.append((reservation, atelier))
        day += timedelta(days=7)
    ReservationSalle.objects.bulk_create([r for r, _ in rows], batch_size=2000)
    for reservation, atelier in rows:
        atelier.reservation = reservation
    Atelier.objects.bulk_create([a for _, a in rows], batch_size=2000)
    Inscription.objects.bulk_create(
        [
            Inscription(atelier=atelier, nom=f"Inscrit {n}", telephone="0611223344")
            for _, atelier in rows
            for n in range(inscrits)
        ],
        batch_size=5000,
    )
    return len(rows)


PASSAGES_SQL = """
SELECT setseed(0.42);
INSERT INTO ruche_passage
    (quand, cree_le, accompagnement, theme, partenaire_id, tranche_age, premiere_visite,
     auteur_id, lieu_id, issue, transmission)
SELECT quand, quand,
       (%(accompagnements)s::text[])[1 + (i %% 7)],
       (%(themes)s::text[])[1 + ((i * 7) %% 13)],
       CASE WHEN i %% 9 = 0 THEN %(partenaire)s END,
       '', NULL, %(auteur)s, %(lieu)s, '', ''
FROM (
    SELECT i, %(debut)s::timestamptz + random() * %(jours)s * interval '1 day' AS quand
    FROM generate_series(1, %(lignes)s) AS i
) AS s;
"""


def generer_passages(lignes, *, auteur, partenaire, debut, jours):
    """`lignes` visits by `auteur` at the first place, spread at random over `jours` days
    from `debut`, in one INSERT ... SELECT. The monthly aggregates they change are forgotten
    and the data gets a new version (ruche.versions)."""
    from ruche.models import Lieu
    from ruche.models.compte import recompter
    from ruche.models.passage import Accompagnement, Theme
    from ruche.versions import changer_version

    with connection.cursor() as cursor:
        cursor.execute(
            PASSAGES_SQL,
            {
                "accompagnements": list(Accompagnement.values),
                "themes": ["", *Theme.values],
                "partenaire": partenaire.pk if partenaire else None,
                "auteur": auteur.pk,
                "lieu": Lieu.objects.order_by("pk").values_list("pk", flat=True).first(),
                "lignes": lignes,
                "debut": debut,
                "jours": jours,
            },
        )
        cursor.execute("ANALYZE ruche_passage")
    # Raw SQL bypasses the model: the monthly counts are made again from the visits.
    recompter()
    changer_version()


def effacer_passages(auteur):
    """Removes the visits written by `auteur` (the benchmark's own account) and nothing else."""
    from ruche.models.compte import recompter

    with connection.cursor() as cursor:
        # In SQL: a million model deletions (and their signals) would take minutes.
        cursor.execute("DELETE FROM ruche_passage WHERE auteur_id = %s", [auteur.pk])
    recompter()
