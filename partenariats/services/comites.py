"""The follow-up committee: planned by staff, invitations with a calendar file, reminders
while none is planned, minutes and agreements, periods whose committee was not held."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partenariats import comites
from partenariats.models import ComiteNonTenu, ComiteSuivi, Convention, RappelComite
from partenariats.models.convention import nom_de
from partenariats.services.destinataires import (
    adresses_de_la_partie,
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
        lieu=comite.convention.lieu_id,
    )
    ComiteSuivi.objects.filter(pk=comite.pk).update(invitation_envoyee_le=timezone.now())
    changer_version()  # no signal from update(): the alerts read the invitation
    return resultat


def champ_accord(partie):
    """The committee's field that holds the party's answer on renewal."""
    return "accord_ruche" if partie.organisation.est_la_ruche else "accord_association"


def _noter_accord(comite, partie, accord, par):
    champ = champ_accord(partie)
    setattr(comite, champ, accord)
    setattr(comite, f"{champ}_par", nom_de(par))
    setattr(comite, f"{champ}_le", timezone.now())


def enregistrer_compte_rendu(*, comite, par=None, **champs) -> ComiteSuivi:
    """Records attendees, minutes and, when it changed, the Ruche's answer on renewal
    (staff, or the committee's members from the Ruche: `par` is kept in the minutes).
    The association's answer is its own (`enregistrer_accord`). Raises ValidationError."""
    avant = ComiteSuivi.objects.filter(pk=comite.pk).values_list("accord_ruche", flat=True)
    for nom, valeur in champs.items():
        setattr(comite, nom, valeur)
    change = comite.pk is None or comite.accord_ruche != next(iter(avant), None)
    ruche = next((p for p in comite.convention.parties.all() if p.organisation.est_la_ruche), None)
    if change and par is not None and ruche is not None:
        if not ruche.agit_pour(par):
            raise PermissionDenied
        _noter_accord(comite, ruche, comite.accord_ruche, par)
    comite.full_clean()
    comite.save()
    if change and ruche is not None and comite.accord_ruche != ComiteSuivi.Accord.EN_ATTENTE:
        transaction.on_commit(lambda: prevenir_des_accords(comite, ruche))
    return comite


def enregistrer_accord(*, comite, partie, accord, par) -> ComiteSuivi:
    """Records one party's answer on renewal, given by one of its own through the site
    (`ConventionPartie.agit_pour`); who and when go in the minutes, and the other party is
    told. Renewal needs both agreements; a refusal ends the convention at the end of the
    period, as staff then confirm. Raises PermissionDenied (not one of that party) or
    ValidationError (the committee has not met yet)."""
    if not partie.agit_pour(par) or partie.convention_id != comite.convention_id:
        raise PermissionDenied
    _noter_accord(comite, partie, accord, par)
    comite.full_clean()
    comite.save()
    transaction.on_commit(lambda: prevenir_des_accords(comite, partie))
    return comite


def prevenir_des_accords(comite, partie):
    """Tells the other parties what `partie` answered; on a refusal the staff get the link
    to the end's confirmation (what it cancels)."""
    convention = comite.convention
    autres = [p for p in convention.parties.all() if p.pk != partie.pk]
    accord = getattr(comite, champ_accord(partie))
    fin = None
    if comite.decision == ComiteSuivi.Decision.NE_PAS_RECONDUIRE:
        fin = _lien(reverse("partenariats:fin", args=[convention.pk]))
    for autre in autres:
        envoyer(
            to=adresses_de_la_partie(autre),
            template="partenariats/courriels/comite_accord",
            context={
                "comite": comite,
                "convention": convention,
                "partie": partie,
                "accord": accord,
                "refus": accord == ComiteSuivi.Accord.REFUS,
                "decision": comite.get_decision_display(),
                "par": getattr(comite, f"{champ_accord(partie)}_par"),
                "lien": _lien(reverse("partenariats:detail", args=[convention.pk])),
                "lien_fin": fin if autre.organisation.est_la_ruche else None,
            },
            lieu=convention.lieu_id,
        )


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
            to=adresses_du_personnel(convention.lieu_id),
            template="partenariats/courriels/comite_rappel",
            context={
                "convention": convention,
                "periode": periode,
                "annee": comites.annee_du_comite(periode),
                "lien": _lien(reverse("partenariats:comite_nouveau", args=[convention.pk])),
            },
            lieu=convention.lieu_id,
        )
        envoyes += 1
    return envoyes
