"""The follow-up committee: planned by staff, invitations with a calendar file, reminders
while none is planned, minutes and agreements, periods whose committee was not held."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partenariats import comites
from partenariats.models import ComiteNonTenu, ComiteSuivi, Convention, RappelComite
from partenariats.services.destinataires import (
    adresses_des_membres,
    adresses_du_personnel,
    associations,
)
from ruche.agenda import calendrier_ics
from ruche.courriels import envoyer, piece_jointe
from ruche.formats import PARIS
from ruche.versions import changer_version

DUREE_COMITE = timedelta(hours=2)


def _lien(chemin):
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + chemin


def planifier_comite(*, convention, date, heure, lieu) -> ComiteSuivi:
    """Plans the committee; a coming one invites the association. Raises ValidationError
    (date outside the last quarter of a period, or outside the convention)."""
    comite = ComiteSuivi(convention=convention, date=date, heure=heure, lieu=lieu)
    comite.full_clean()
    comite.save()
    if comite.est_a_venir:
        transaction.on_commit(lambda: inviter(comite))
    return comite


def debut_et_fin(comite):
    debut = datetime.combine(comite.date, comite.heure, tzinfo=PARIS)
    return debut, debut + DUREE_COMITE


def ics_comite(comite):
    debut, fin = debut_et_fin(comite)
    return calendrier_ics(
        uid=f"comite-{comite.pk}@ruche-numerique",
        debut=debut,
        fin=fin,
        titre=_("Comité de suivi de la convention — %(titre)s")
        % {"titre": comite.convention.titre},
        lieu=comite.lieu,
        description=_(
            "Comité de suivi annuel (article 4) : bilan de l'année et reconduction du "
            "partenariat pour une nouvelle période."
        ),
    )


def inviter(comite):
    """Mails the association's members the invitation with the calendar file (queued)."""
    organisations = [p.organisation_id for p in associations(comite.convention)]
    adresses = adresses_des_membres(organisations)
    if not adresses:
        return None
    debut, fin = debut_et_fin(comite)
    resultat = envoyer(
        to=adresses,
        template="partenariats/courriels/comite_invitation",
        context={"comite": comite, "convention": comite.convention, "debut": debut, "fin": fin},
        attachments=[piece_jointe("comite-de-suivi.ics", ics_comite(comite), "text/calendar")],
    )
    ComiteSuivi.objects.filter(pk=comite.pk).update(invitation_envoyee_le=timezone.now())
    changer_version()  # no signal from update(): the alerts read the invitation
    return resultat


def enregistrer_compte_rendu(*, comite, **champs) -> ComiteSuivi:
    """Records attendees, agreements and minutes. Raises ValidationError."""
    for nom, valeur in champs.items():
        setattr(comite, nom, valeur)
    comite.full_clean()
    comite.save()
    return comite


def noter_comite_non_tenu(*, convention, periode_fin, explication, par) -> ComiteNonTenu:
    """Records what happened in a period whose committee was not held. Raises
    ValidationError."""
    note = ComiteNonTenu(
        convention=convention, periode_fin=periode_fin, explication=explication, enregistre_par=par
    )
    note.full_clean()
    note.save()
    return note


def rappeler_comites(jour=None):
    """Reminds staff, on the first day of the last quarter and of the last month of each
    period (1 October and 1 December), of every convention in force with no committee
    planned in the period. Each reminder goes once, even if run again that day or later.
    Returns the number of mails queued."""
    jour = jour or timezone.localdate()
    envoyes = 0
    for convention in Convention.objects.filter(debut__lte=jour).avec_vie():
        etat = convention.etat(jour)
        if not etat.en_vigueur or etat.comite_avant != etat.periode.fin:
            continue
        periode = etat.periode
        if any(periode.contient(c.date) for c in convention.comites.all()):
            continue
        dus = comites.rappels_dus(periode, jour)
        if not dus:
            continue
        try:
            with transaction.atomic():
                nouveaux = [
                    RappelComite.objects.get_or_create(
                        convention=convention, periode_fin=periode.fin, moment=moment
                    )[1]
                    for moment in dus
                ]
        except IntegrityError:  # another run sent it at the same moment
            continue
        if not any(nouveaux):
            continue
        envoyer(
            to=adresses_du_personnel(),
            template="partenariats/courriels/comite_rappel",
            context={
                "convention": convention,
                "periode": periode,
                "annee": comites.annee_du_comite(periode),
                "lien": _lien(reverse("partenariats:comite_nouveau", args=[convention.pk])),
            },
        )
        envoyes += 1
    return envoyes
