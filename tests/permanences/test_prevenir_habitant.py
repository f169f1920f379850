"""Every message to a resident leaves through one function (ruche.prevenir.prevenir_habitant)
in the language of the booking (issue #22): each kind is sent for a booking made in English
and one made in Arabic, and every mail and text message is read for French
(tests/francais.py) and, in Arabic, for Arabic script."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.utils.translation import override

from partenariats.services.fin import mettre_fin
from permanences.services.ateliers import annuler_inscription, inscrire
from permanences.services.calendrier import annuler_occurrence
from permanences.services.notifications import lieu
from permanences.services.rappels import envoyer_rappels
from permanences.services.rendezvous import (
    annuler_rendez_vous,
    deplacer_rendez_vous,
    reserver_rendez_vous,
)
from ruche.sms import MemoryBackend
from tests.francais import francais
from tests.partenariats.factories import ConventionFactory, OrganisationFactory, PartieFactory
from tests.permanences.factories import AtelierFactory, occurrence_pour, paris
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

ARABE = re.compile(r"[\u0600-\u06ff]")
# Proper names and what the test typed in French: they stay as they are in every language.
NOMS_PROPRES = ("La Ruche numérique", "Ruche numérique", "Bagnols-sur-Cèze")
TELEPHONE = {"en": "0611111111", "ar": "0622222222"}


@pytest.fixture(autouse=True)
def _fin_novembre():
    with time_machine.travel(paris(2026, 11, 26, 10), tick=False):
        yield


def _lire(langue, donnees):
    """Every mail and text message sent to the resident who booked in `langue`: (what, text)."""
    adresse = f"awa-{langue}@exemple.fr"
    lus = []
    for message in mail.outbox:
        if message.to != [adresse]:
            continue
        html = "".join(contenu for contenu, _type in getattr(message, "alternatives", []))
        lus.append((f"courriel « {message.subject} »", f"{message.subject}\n{message.body}"))
        if html:
            lus.append((f"courriel HTML « {message.subject} »", html))
    lus += [
        (f"SMS « {texte[:30]} »", texte)
        for numero, texte in MemoryBackend.outbox
        if numero == TELEPHONE[langue]
    ]
    return [(quoi, francais(texte, donnees), texte) for quoi, texte in lus]


@pytest.mark.parametrize("langue", ["en", "ar"])
def test_every_kind_of_message_reads_in_the_language_of_the_booking(
    langue, demarche, django_capture_on_commit_callbacks, settings
):
    settings.RAPPELS_RENDEZ_VOUS = ["J-1@09:00"]
    partenaire = OrganisationFactory(nom="Association des quartiers", en_convention=False)
    convention = ConventionFactory(debut=dt.date(2024, 1, 1), premiere_fin=dt.date(2024, 12, 31))
    PartieFactory(convention=convention, organisation=partenaire)
    occurrence = occurrence_pour(demarche, jour=dt.date(2026, 11, 30), organisation=partenaire)
    apres_la_fin = occurrence_pour(demarche, jour=dt.date(2026, 12, 10), organisation=partenaire)
    contact = {"email": f"awa-{langue}@exemple.fr", "telephone": TELEPHONE[langue]}
    atelier = AtelierFactory(organisation=partenaire, capacite=1, debut=paris(2026, 11, 28, 14))

    def reserver(occurrence, heure):
        return reserver_rendez_vous(
            occurrence=occurrence,
            demarche=demarche,
            debut=paris(occurrence.date.year, occurrence.date.month, occurrence.date.day, heure),
            nom="Awa Diallo",
            langue=langue,
            **contact,
        )

    # Every step is decided on a French page or by the worker, never in the resident's language.
    with django_capture_on_commit_callbacks(execute=True), override("fr"):
        rdv = reserver(occurrence, 9)  # the booking
        deplacer_rendez_vous(
            rendez_vous=rdv, occurrence=occurrence, debut=paris(2026, 11, 30, 9, 45)
        )
        # The reminder, the day before at 9:00.
        with time_machine.travel(paris(2026, 11, 29, 9), tick=False):
            assert envoyer_rappels() == 1
        annuler_rendez_vous(rendez_vous=rdv)  # cancelled by the resident
        reserver(occurrence, 9)
        annuler_occurrence(occurrence=occurrence, motif="Bénévole malade", par=PersonnelFactory())
        # The workshop: on the waiting list, a place freed, cancelled, registered again.
        autre = inscrire(atelier=atelier, nom="Karim", langue=langue, email=f"k-{langue}@x.fr")
        inscription = inscrire(atelier=atelier, nom="Awa Diallo", langue=langue, **contact)
        annuler_inscription(inscription=autre)
        annuler_inscription(inscription=inscription)
        inscrire(atelier=atelier, nom="Awa Diallo", langue=langue, **contact)
        reserver(apres_la_fin, 9)
        mettre_fin(
            convention=convention,
            par=PersonnelFactory(),
            resilier_le=dt.date(2026, 12, 1),
            motif_resiliation="L'association cesse ses activités.",
        )

    donnees = [
        demarche.nom,
        *demarche.pieces(),
        atelier.titre,
        "Awa Diallo",
        lieu(occurrence.permanence.salle),
        lieu(atelier.salle),
        *(str(o.permanence.salle) for o in (occurrence, apres_la_fin)),
        "Bénévole malade",
        *NOMS_PROPRES,
    ]
    lus = _lire(langue, donnees)
    # Appointments: confirmed (three bookings), moved, reminder, cancelled, cancelled by the
    # association; the workshop: waiting list, a place, cancelled, registered; the end of
    # the partnership. Each by mail and by text message.
    assert len(lus) == 2 * 12
    assert [(quoi, trouve) for quoi, trouve, _texte in lus if trouve] == []
    if langue == "ar":
        assert [quoi for quoi, _trouve, texte in lus if not ARABE.search(texte)] == []
