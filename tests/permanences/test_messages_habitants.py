"""Every message a resident receives (mail and SMS), produced through the services with
worst-case data: no French in English or Arabic outside the data the staff typed in French;
every SMS within two segments in French and English; a discreet démarche is named in no SMS
and no mail subject. The segment table (kind × language) is printed with the test results."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from permanences.demo.calendrier import DEMARCHES as DEMARCHES_DEMO
from permanences.demo.calendrier import RENOUVELLEMENT, RETRAITE
from permanences.demo.rendezvous import HABITANTS as HABITANTS_DEMO
from permanences.demo.rendezvous import TRADUCTIONS_ATELIERS
from permanences.models import DemandePlusTot, Demarche, RendezVous
from permanences.services.ateliers import annuler_inscription, inscrire
from permanences.services.calendrier import annuler_occurrence
from permanences.services.fin_partenariat import annuleur
from permanences.services.notifications import nom_sms
from permanences.services.plus_tot import chercher_plus_tot, demander_plus_tot
from permanences.services.rappels import envoyer_rappels
from permanences.services.rendezvous import (
    annuler_rendez_vous,
    deplacer_rendez_vous,
    reserver_rendez_vous,
)
from ruche.demo import TELEPHONE_DEMO
from ruche.formats import PARIS
from ruche.models import Lieu
from ruche.models.lieu import lieu_principal
from ruche.segments_sms import cout_sms, en_gsm
from ruche.sms import MemoryBackend
from tests.francais import francais
from tests.permanences.factories import AtelierFactory, occurrence_pour

pytestmark = pytest.mark.django_db

# Long words of each language's dates: a Wednesday 30 September.
JOUR = datetime(2026, 9, 30, tzinfo=PARIS).date()
SITE = "https://rendez-vous.bagnols-sur-ceze.fr"
NOM = "Marie-Christine Delacroix-Vandenberghe"
DEMARCHE = {
    "nom": "Complément de revenus : allocation de solidarité aux personnes âgées (ASPA)",
    "nom_en": "Extra income: solidarity allowance for older people (ASPA)",
    "nom_ar": "مكمّل الدخل: منحة التضامن لكبار السن (ASPA)",
    "pieces_a_apporter": (
        "Avis d'imposition de l'année dernière\nRelevé de carrière\nRIB (relevé d'identité "
        "bancaire)\nJustificatif de domicile de moins de trois mois"
    ),
}
ATELIER = "Faire ses démarches en ligne : impôts, CAF, Assurance maladie et retraite"
LIEU = {
    "nom": "Espace France Services de la Communauté d'agglomération du Gard rhodanien",
    "adresse": "12 avenue du Général-de-Gaulle, bâtiment B, rez-de-chaussée",
}


def _monde(settings, demarche, benevole, *, lieu, valeurs, atelier, nom):
    settings.SITE_URL = SITE
    settings.RAPPELS_RENDEZ_VOUS = ["J-2@09:00"]
    Lieu.objects.filter(pk=lieu_principal().pk).update(**lieu)
    Demarche.objects.filter(pk=demarche.pk).update(**valeurs)
    demarche.refresh_from_db()
    with time_machine.travel(datetime.combine(JOUR, time(10), tzinfo=PARIS), tick=False) as t:
        yield {
            "demarche": demarche,
            "temps": t,
            "benevole": benevole,
            "atelier": atelier,
            "nom": nom,
        }


@pytest.fixture
def monde(settings, demarche, benevole):
    """A place, a démarche and a workshop with the longest names the staff would type."""
    yield from _monde(
        settings,
        demarche,
        benevole,
        lieu={**LIEU, "telephone": "04 66 00 00 00"},
        valeurs=DEMARCHE,
        atelier={"titre": ATELIER},
        nom=NOM,
    )


def _demarche_de_la_demo(slug):
    valeurs = next(d for d in DEMARCHES_DEMO if d["slug"] == slug)
    return {k: v for k, v in valeurs.items() if k.startswith(("nom", "pieces", "discrete"))}


ATELIER_DEMO = "Chercher un emploi en ligne"


@pytest.fixture(params=[RETRAITE, RENOUVELLEMENT])
def monde_demo(request, settings, demarche, benevole):
    """The demo's place, a démarche of the demo (its discreet one too), its workshop with a
    waiting list and its first resident: the segments a resident's message usually costs."""
    titres = TRADUCTIONS_ATELIERS[ATELIER_DEMO]
    yield from _monde(
        settings,
        demarche,
        benevole,
        lieu={"nom": "La Ruche numérique", "telephone": TELEPHONE_DEMO},
        valeurs=_demarche_de_la_demo(request.param),
        atelier={
            "titre": ATELIER_DEMO,
            "titre_en": titres["titre_en"],
            "titre_ar": titres["titre_ar"],
        },
        nom=HABITANTS_DEMO[0][0],
    )


def _vider():
    mail.outbox.clear()
    MemoryBackend.outbox.clear()


def _lu(quoi, capture, messages):
    courriels = [(m.subject, m.body) for m in mail.outbox]
    sms = [texte for _numero, texte in MemoryBackend.outbox]
    assert courriels or sms, quoi
    messages[quoi] = {"courriels": courriels, "sms": sms}
    _vider()


def messages_habitant(langue, monde, capture):
    """{kind: {"courriels": [(subject, body)], "sms": [text]}} of every resident message,
    the booking made in `langue`."""
    demarche, temps = monde["demarche"], monde["temps"]
    messages = {}
    loin = occurrence_pour(demarche, jour=JOUR + timedelta(days=14), debut=time(14), fin=time(17))
    plus_tot = occurrence_pour(
        demarche,
        jour=JOUR + timedelta(days=4),
        debut=time(9),
        organisation=monde["benevole"].organisation,
    )
    _vider()
    with capture(execute=True):
        rdv = reserver_rendez_vous(
            occurrence=loin,
            demarche=demarche,
            debut=loin.debut,
            nom=monde["nom"],
            telephone="0612345678",
            email="marie@exemple.fr",
            langue=langue,
        )
    _lu("rdv_confirme", capture, messages)
    with capture(execute=True):
        rdv = deplacer_rendez_vous(
            rendez_vous=rdv, occurrence=loin, debut=loin.debut + timedelta(minutes=45)
        )
    _lu("rdv_deplace", capture, messages)
    demander_plus_tot(rendez_vous=rdv)
    with capture(execute=True):
        assert chercher_plus_tot() == 1
    _lu("rdv_plus_tot", capture, messages)
    DemandePlusTot.objects.all().delete()
    with capture(execute=True):
        temps.move_to(datetime.combine(rdv.debut.date() - timedelta(days=2), time(9, 5)))
        assert envoyer_rappels(maintenant=timezone.now()) == 1
    _lu("rdv_rappel", capture, messages)
    temps.move_to(datetime.combine(JOUR, time(10), tzinfo=PARIS))
    with capture(execute=True):
        annuler_rendez_vous(rendez_vous=rdv)
    _lu("rdv_annule", capture, messages)
    with capture(execute=True):
        rdv = reserver_rendez_vous(
            occurrence=plus_tot,
            demarche=demarche,
            debut=plus_tot.debut,
            nom=monde["nom"],
            telephone="0612345678",
            email="marie@exemple.fr",
            langue=langue,
        )
    _vider()
    organisation = plus_tot.permanence.organisation
    with capture(execute=True):
        annuler_occurrence(occurrence=plus_tot, motif="Bénévole malade", par=monde["benevole"])
    messages["rdv_annule_association"] = {
        "courriels": [(m.subject, m.body) for m in mail.outbox if m.to == ["marie@exemple.fr"]],
        "sms": [texte for _n, texte in MemoryBackend.outbox],
    }
    _vider()

    atelier = AtelierFactory(**monde["atelier"], capacite=1, debut=loin.debut + timedelta(days=1))
    with capture(execute=True):
        inscrit = inscrire(
            atelier=atelier,
            nom=monde["nom"],
            telephone="0612345678",
            email="m@exemple.fr",
            langue=langue,
        )
    _lu("atelier_inscrit", capture, messages)
    with capture(execute=True):
        attente = inscrire(
            atelier=atelier,
            nom=monde["nom"],
            telephone="0712345678",
            email="n@exemple.fr",
            langue=langue,
        )
    _lu("atelier_attente", capture, messages)
    with capture(execute=True):
        annuler_inscription(inscription=inscrit)
    messages["atelier_annule"] = {
        "courriels": [(m.subject, m.body) for m in mail.outbox if m.to == ["m@exemple.fr"]],
        "sms": [t for n, t in MemoryBackend.outbox if n == "0612345678"],
    }
    messages["atelier_place"] = {
        "courriels": [(m.subject, m.body) for m in mail.outbox if m.to == ["n@exemple.fr"]],
        "sms": [t for n, t in MemoryBackend.outbox if n == "0712345678"],
    }
    _vider()

    rdv = RendezVous.objects.filter(statut=RendezVous.Statut.RESERVE).first() or rdv
    autre = occurrence_pour(
        demarche, jour=JOUR + timedelta(days=20), organisation=organisation, debut=time(9)
    )
    with capture(execute=True):
        reserver_rendez_vous(
            occurrence=autre,
            demarche=demarche,
            debut=autre.debut,
            nom=monde["nom"],
            telephone="0612345678",
            email="marie@exemple.fr",
            langue=langue,
        )
    _vider()
    with capture(execute=True):
        annuleur.annuler(
            organisation_ids=[autre.permanence.organisation_id],
            a_partir_du=timezone.now(),
            motif="Fin de la convention",
            par=None,
        )
    _lu("fin_partenariat", capture, messages)
    del attente
    return messages


def donnees_en_francais(demarche):
    """The data typed in French, also as an SMS writes it (its first words, GSM letters)."""
    donnees = _donnees(demarche)
    donnees += [nom_sms(texte) for texte in donnees]
    return [*donnees, *(en_gsm(texte) for texte in donnees)]


def _donnees(demarche):
    lieu = lieu_principal()
    return [
        NOM,
        ATELIER,
        DEMARCHE["nom"],
        *DEMARCHE["pieces_a_apporter"].splitlines(),
        lieu.nom,
        lieu.adresse,
        lieu.adresse_complete,
        "La Ruche numérique",
        "A.V.A.Q.B-C",
        "Bagnols-sur-Cèze",
        *[str(salle) for salle in demarche.lieu.salles.all()],
    ]


@pytest.mark.parametrize("langue", ["en", "ar"])
def test_no_french_in_the_messages_of_a_booking_made_in_english_or_arabic(
    monde, langue, django_capture_on_commit_callbacks
):
    messages = messages_habitant(langue, monde, django_capture_on_commit_callbacks)
    donnees = donnees_en_francais(monde["demarche"])
    fuites = []
    for quoi, envois in messages.items():
        textes = [t for sujet, corps in envois["courriels"] for t in (sujet, corps)]
        for texte in [*textes, *envois["sms"]]:
            fuites += [f"{quoi}: {mot} « {autour} »" for mot, autour in francais(texte, donnees)]
    assert not fuites, "\n".join(fuites)


@pytest.mark.parametrize("langue", ["fr", "en", "ar"])
def test_every_sms_within_two_segments_in_french_and_english(
    monde, langue, django_capture_on_commit_callbacks, record_property
):
    messages = messages_habitant(langue, monde, django_capture_on_commit_callbacks)
    trop_longs = []
    for quoi, envois in sorted(messages.items()):
        assert envois["sms"], quoi
        for texte in envois["sms"]:
            cout = cout_sms(texte)
            record_property(
                f"mesure:SMS {quoi} {langue}",
                f"{cout.caracteres} caractères, {cout.encodage}, {cout.segments} segment(s)",
            )
            if langue != "ar" and cout.segments > 2:
                trop_longs.append(f"{quoi}: {cout} « {texte} »")
    assert not trop_longs, "\n".join(trop_longs)


def test_a_discreet_demarche_is_named_in_no_sms_no_subject_no_calendar_title(
    monde, django_capture_on_commit_callbacks
):
    demarche = monde["demarche"]
    Demarche.objects.filter(pk=demarche.pk).update(
        discrete=True, nom="Renouvellement de titre de séjour"
    )
    demarche.refresh_from_db()
    messages = messages_habitant("fr", monde, django_capture_on_commit_callbacks)
    nommes = []
    for quoi, envois in messages.items():
        for texte in [*envois["sms"], *(sujet for sujet, _corps in envois["courriels"])]:
            if "titre de s" in texte.lower() or "Renouvellement" in texte:
                nommes.append(f"{quoi}: {texte}")
    assert not nommes, "\n".join(nommes)
    confirmation = messages["rdv_confirme"]
    assert "votre rendez-vous à espace france services" in confirmation["sms"][0].lower()
    # The mail's body, opened, still says what the appointment is for.
    assert "Renouvellement de titre de séjour" in confirmation["courriels"][0][1]


def test_the_calendar_title_of_a_discreet_demarche_names_the_place(client, demarche, occurrence):
    from tests.permanences.factories import RendezVousFactory

    rdv = RendezVousFactory(demarche=demarche, occurrence=occurrence)
    ics = client.get(f"/rendez-vous/{rdv.secret}/agenda.ics").content.decode()
    assert "SUMMARY:Rendez-vous : Renouvellement de titre de séjour" in ics
    demarche.discrete = True
    demarche.save()  # as the admin does: the cached pages go
    ics = client.get(f"/rendez-vous/{rdv.secret}/agenda.ics").content.decode()
    assert "SUMMARY:Rendez-vous à " in ics and "SUMMARY:Rendez-vous : Renouv" not in ics


@pytest.mark.parametrize("langue", ["fr", "en", "ar"])
def test_the_segments_of_each_text_message_on_the_demo_s_values(
    monde_demo, langue, django_capture_on_commit_callbacks, record_property
):
    """The table of the issue's closing note (printed under "mesures de production"):
    scripts/test.sh tests/permanences/test_messages_habitants.py -k demo -p no:randomly"""
    messages = messages_habitant(langue, monde_demo, django_capture_on_commit_callbacks)
    discrete = " (démarche discrète)" if monde_demo["demarche"].discrete else ""
    for quoi, envois in sorted(messages.items()):
        if discrete and quoi.startswith("atelier"):
            continue  # the same as the other démarche's
        (texte,) = envois["sms"]
        cout = cout_sms(texte)
        record_property(
            f"mesure:SMS {quoi}{discrete} {langue}",
            f"{cout.caracteres} caractères, {cout.encodage}, {cout.segments} segment(s)",
        )
        if langue != "ar":
            assert cout.segments <= 2, texte
