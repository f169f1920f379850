"""What ends with a partner's convention: its sessions, appointments, workshops and room
bookings from the first day no longer in force. Plugged into partenariats' ending step
(`partenariats.services.fin`) by `PermanencesConfig.ready()`.

Appointments are cancelled "by the association", as when a permanence is not held; each
resident gets one message (mail and text) listing all they lose, with the link to choose
another slot: the slots shown come from the partners still in force.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partenariats.services.fin import Ligne, Rubrique
from permanences.models import Atelier, Inscription, Occurrence, RendezVous, ReservationSalle
from permanences.services.notifications import lien, nom_court
from permanences.sms import envoyer_sms
from ruche.courriels import envoyer
from ruche.evenements import emettre
from ruche.lieux_publics import url_lieu
from ruche.versions import changer_version_creneaux


def _quand(moment):
    return formats.date_format(timezone.localtime(moment), "l j F Y, H:i")


class AnnuleurPermanences:
    """Previews and cancels a partner's activity from a given moment on."""

    def _seances(self, organisation_ids, a_partir_du):
        return (
            Occurrence.objects.filter(
                permanence__organisation_id__in=organisation_ids,
                statut=Occurrence.Statut.PREVUE,
                debut__gte=a_partir_du,
            )
            .select_related("reservation__salle", "permanence__organisation")
            .order_by("debut")
        )

    def _rendez_vous(self, organisation_ids, a_partir_du):
        return (
            RendezVous.objects.reserves()
            .filter(
                occurrence__permanence__organisation_id__in=organisation_ids,
                debut__gte=a_partir_du,
            )
            .select_related("demarche", "occurrence__permanence__salle")
            .order_by("debut")
        )

    def _ateliers(self, organisation_ids, a_partir_du):
        return (
            Atelier.objects.filter(
                organisation_id__in=organisation_ids,
                debut__gte=a_partir_du,
                reservation__annulee=False,
            )
            .select_related("reservation", "salle")
            .order_by("debut")
        )

    def _inscriptions(self, organisation_ids, a_partir_du):
        return (
            Inscription.objects.filter(
                atelier__organisation_id__in=organisation_ids,
                atelier__debut__gte=a_partir_du,
                statut__in=(Inscription.Statut.INSCRIT, Inscription.Statut.EN_ATTENTE),
            )
            .select_related("atelier__salle__lieu")
            .order_by("atelier__debut", "pk")
        )

    def _salles(self, organisation_ids, a_partir_du):
        """Room bookings of their own (those of sessions and workshops are counted there)."""
        return (
            ReservationSalle.objects.actives()
            .filter(
                organisation_id__in=organisation_ids,
                debut__gte=a_partir_du,
                occurrence__isnull=True,
                atelier__isnull=True,
            )
            .select_related("salle")
            .order_by("debut")
        )

    def _rubriques(self, seances, rendez_vous, ateliers, inscriptions, salles):
        return [
            Rubrique(
                "seances",
                _("Séances de permanence"),
                [Ligne(o.debut, f"{_quand(o.debut)} — {o.reservation.salle}") for o in seances],
            ),
            Rubrique(
                "rendez_vous",
                _("Rendez-vous des habitants"),
                [Ligne(r.debut, f"{_quand(r.debut)} — {r.demarche.nom}") for r in rendez_vous],
            ),
            Rubrique(
                "ateliers",
                _("Ateliers"),
                [Ligne(a.debut, f"{_quand(a.debut)} — {a.titre}") for a in ateliers],
            ),
            Rubrique(
                "inscriptions",
                _("Inscriptions aux ateliers"),
                [
                    Ligne(i.atelier.debut, f"{_quand(i.atelier.debut)} — {i.atelier.titre}")
                    for i in inscriptions
                ],
            ),
            Rubrique(
                "salles",
                _("Autres réservations de salle"),
                [Ligne(r.debut, f"{_quand(r.debut)} — {r.salle}") for r in salles],
            ),
        ]

    def apercu(self, *, organisation_ids, a_partir_du):
        return self._rubriques(
            list(self._seances(organisation_ids, a_partir_du)),
            list(self._rendez_vous(organisation_ids, a_partir_du)),
            list(self._ateliers(organisation_ids, a_partir_du)),
            list(self._inscriptions(organisation_ids, a_partir_du)),
            list(self._salles(organisation_ids, a_partir_du)),
        )

    def annuler(self, *, organisation_ids, a_partir_du, motif, par):
        maintenant = timezone.now()
        seances = list(self._seances(organisation_ids, a_partir_du).select_for_update(of=("self",)))
        rendez_vous = list(
            self._rendez_vous(organisation_ids, a_partir_du).select_for_update(of=("self",))
        )
        ateliers = list(
            self._ateliers(organisation_ids, a_partir_du).select_for_update(of=("self",))
        )
        inscriptions = list(
            self._inscriptions(organisation_ids, a_partir_du).select_for_update(of=("self",))
        )
        salles = list(self._salles(organisation_ids, a_partir_du).select_for_update(of=("self",)))
        rubriques = self._rubriques(seances, rendez_vous, ateliers, inscriptions, salles)

        for occurrence in seances:
            occurrence.marquer_annulee(motif=motif, par=par, quand=maintenant)
            occurrence.save(
                update_fields=["statut", "motif_annulation", "annulee_par", "annulee_le"]
            )
            occurrence.reservation.save(update_fields=["annulee"])
            emettre("seance.annulee", objet=occurrence)
        for rdv in rendez_vous:
            rdv.statut = RendezVous.Statut.ANNULE_ASSOCIATION
            rdv.save(update_fields=["statut"])
            emettre("rendez_vous.annule", objet=rdv, annule_par="fin_de_partenariat")
        for atelier in ateliers:
            atelier.reservation.annulee = True
            atelier.reservation.save(update_fields=["annulee"])
        for inscription in inscriptions:
            inscription.statut = Inscription.Statut.ANNULE
            inscription.position = None
            inscription.save(update_fields=["statut", "position"])
            emettre("inscription.annulee", objet=inscription)
        for reservation in salles:
            reservation.annulee = True
            reservation.save(update_fields=["annulee"])
        changer_version_creneaux()

        messages = messages_par_personne(rendez_vous, inscriptions)
        transaction.on_commit(lambda: [prevenir(message) for message in messages], robust=True)
        return rubriques, len(messages)


def _cle(telephone, email):
    """One person: the same email, else the same phone number."""
    if email:
        return ("email", email.strip().lower())
    return ("telephone", "".join(c for c in telephone if c.isdigit() or c == "+"))


def messages_par_personne(rendez_vous, inscriptions):
    """One message per resident, with everything of theirs that is cancelled."""
    personnes = {}
    for rdv in rendez_vous:
        if not (rdv.telephone or rdv.email):
            continue
        message = personnes.setdefault(
            _cle(rdv.telephone, rdv.email),
            {
                "nom": nom_court(rdv.nom),
                "email": rdv.email,
                "telephone": rdv.telephone,
                "lignes": [],
            },
        )
        message["lignes"].append(
            {
                "debut": timezone.localtime(rdv.debut),
                "quoi": rdv.demarche.nom,
                "lien": lien(reverse("permanences:demarche_ou_rendez_vous", args=[rdv.secret])),
            }
        )
    for inscription in inscriptions:
        if not (inscription.telephone or inscription.email):
            continue
        message = personnes.setdefault(
            _cle(inscription.telephone, inscription.email),
            {
                "nom": nom_court(inscription.nom),
                "email": inscription.email,
                "telephone": inscription.telephone,
                "lignes": [],
            },
        )
        message["lignes"].append(
            {
                "debut": timezone.localtime(inscription.atelier.debut),
                "quoi": inscription.atelier.titre,
                "lien": lien(url_lieu("permanences:ateliers", inscription.atelier.salle.lieu)),
            }
        )
    for message in personnes.values():
        message["lignes"].sort(key=lambda ligne: ligne["debut"])
        message["lien"] = message["lignes"][0]["lien"]
    return list(personnes.values())


def prevenir(message):
    template = "permanences/courriels/fin_partenariat"
    envoyer(to=message["email"], template=template, context=message)
    envoyer_sms(to=message["telephone"], template=template, context=message)


annuleur = AnnuleurPermanences()
