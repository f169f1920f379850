"""What ends with a partner's convention: its sessions, appointments, workshops and room
bookings from the first day no longer in force. Plugged into partenariats' ending step
(`partenariats.services.fin`) by `PermanencesConfig.ready()`.

Appointments are cancelled "by the association", as when a permanence is not held; each
resident gets one message (mail and text, in the language of their first booking cancelled)
listing all they lose and what to do instead: another time for the same démarche where
someone still in force offers one, else the place's other démarches for the same need that
have free slots; never a link to an empty list. The place's phone, address and opening
hours close the message.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partenariats.services.fin import Ligne, Rubrique
from permanences.models import Atelier, Inscription, Occurrence, RendezVous, ReservationSalle
from permanences.selecteurs.ateliers import ateliers_publics
from permanences.services.disponibilites import creneaux_publics, demarches_publiques
from permanences.services.notifications import lien, nom_court, nom_sms, rendez_vous_sms
from ruche.evenements import emettre
from ruche.horaires import infos_lieu
from ruche.lieux_publics import url_lieu
from ruche.portees import ecriture_en_masse
from ruche.prevenir import prevenir_habitant


def _quand(moment):
    return formats.date_format(timezone.localtime(moment), "l j F Y, H:i")


class AnnuleurPermanences:
    """Previews and cancels a partner's activity from a given moment on."""

    def _occurrences(self, organisation_ids, a_partir_du):
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

    def _rubriques(self, occurrences, rendez_vous, ateliers, inscriptions, salles):
        return [
            Rubrique(
                "occurrences",
                _("Séances de permanence"),
                [Ligne(o.debut, f"{_quand(o.debut)} — {o.reservation.salle}") for o in occurrences],
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
            list(self._occurrences(organisation_ids, a_partir_du)),
            list(self._rendez_vous(organisation_ids, a_partir_du)),
            list(self._ateliers(organisation_ids, a_partir_du)),
            list(self._inscriptions(organisation_ids, a_partir_du)),
            list(self._salles(organisation_ids, a_partir_du)),
        )

    def annuler(self, *, organisation_ids, a_partir_du, motif, par):
        maintenant = timezone.now()
        occurrences = list(
            self._occurrences(organisation_ids, a_partir_du).select_for_update(of=("self",))
        )
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
        rubriques = self._rubriques(occurrences, rendez_vous, ateliers, inscriptions, salles)

        for occurrence in occurrences:
            occurrence.marquer_annulee(motif=motif, par=par, quand=maintenant)
            occurrence.save(
                update_fields=["statut", "motif_annulation", "annulee_par", "annulee_le"]
            )
            occurrence.reservation.save(update_fields=["annulee"])
            emettre("occurrence.annulee", objet=occurrence)
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
        ecriture_en_masse()

        messages = messages_par_personne(rendez_vous, inscriptions)
        transaction.on_commit(lambda: [prevenir(message) for message in messages], robust=True)
        return rubriques, len(messages)


def _cle(telephone, email):
    """One person: the same email, else the same phone number."""
    if email:
        return ("email", email.strip().lower())
    return ("telephone", "".join(c for c in telephone if c.isdigit() or c == "+"))


def _debut(objet):
    return objet.debut if isinstance(objet, RendezVous) else objet.atelier.debut


def messages_par_personne(rendez_vous, inscriptions):
    """One message per resident, with everything of theirs that is cancelled (appointments
    and workshop registrations, by date), in the language of the first of them."""
    personnes = {}
    for objet in sorted([*rendez_vous, *inscriptions], key=_debut):
        if not (objet.telephone or objet.email):
            continue
        message = personnes.setdefault(
            _cle(objet.telephone, objet.email),
            {
                "nom": nom_court(objet.nom),
                "email": objet.email,
                "telephone": objet.telephone,
                "langue": objet.langue,
                "objets": [],
            },
        )
        message["objets"].append(objet)
    return list(personnes.values())


def _lieu(objet):
    if isinstance(objet, RendezVous):
        return objet.demarche.lieu
    return objet.atelier.salle.lieu


def _partenaire(objet):
    if isinstance(objet, RendezVous):
        return objet.occurrence.permanence.organisation
    return objet.atelier.organisation


def _autres_demarches(demarche):
    """The place's other démarches for the same need (the same theme) that residents can
    book now: what the message offers instead of a démarche nobody holds any more."""
    return [
        autre
        for autre in demarches_publiques(lieu=demarche.lieu).values()
        if autre.pk != demarche.pk
        and autre.theme == demarche.theme
        and creneaux_publics(demarche=autre)
    ]


def _ligne(objet):
    """What the message says of one cancelled booking, in the language then active: the
    link to another time only where there is one to take."""
    if isinstance(objet, RendezVous):
        demarche = objet.demarche
        if creneaux_publics(demarche=demarche):
            autre_moment, autres = (
                lien(reverse("permanences:demarche_ou_rendez_vous", args=[objet.secret])),
                [],
            )
        else:
            autre_moment = None
            autres = [
                {
                    "nom": autre.nom,
                    "lien": lien(
                        url_lieu("permanences:demarche_ou_rendez_vous", autre.lieu, autre.slug)
                    ),
                }
                for autre in _autres_demarches(demarche)
            ]
        return {
            "debut": timezone.localtime(objet.debut),
            "quoi": demarche.nom,
            # The text message names a discreet démarche nowhere, others briefly.
            "quoi_sms": rendez_vous_sms(demarche),
            "lien": autre_moment,
            "autres": autres,
        }
    atelier = objet.atelier
    ateliers, _cle_liste = ateliers_publics(lieu=atelier.salle.lieu)
    return {
        "debut": timezone.localtime(atelier.debut),
        "quoi": atelier.titre,
        "quoi_sms": nom_sms(atelier.titre),
        "lien": lien(url_lieu("permanences:ateliers", atelier.salle.lieu)) if ateliers else None,
        "autres": [],
        "atelier": True,
    }


def prevenir(message):
    def contexte():
        lignes = [_ligne(objet) for objet in message["objets"]]
        return {
            "nom": message["nom"],
            "lignes": lignes,
            "lien": lignes[0]["lien"],
            "lieu": infos_lieu(_lieu(message["objets"][0])),
            "partenaire": _partenaire(message["objets"][0]),
        }

    prevenir_habitant(
        langue=message["langue"],
        template="permanences/courriels/fin_partenariat",
        contexte=contexte,
        email=message["email"],
        telephone=message["telephone"],
        lieu=_lieu(message["objets"][0]).pk,
    )


annuleur = AnnuleurPermanences()
