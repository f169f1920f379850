"""What residents hear about their appointments and workshops: the context of each message
and its calendar file. ruche.prevenir sends them, in the language of the booking."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from permanences.services.agenda import lieu
from ruche.agenda import calendrier_ics
from ruche.courriels import piece_jointe
from ruche.destinataires import signature
from ruche.lieux_publics import url_lieu
from ruche.prevenir import prevenir_habitant


def lien(chemin):
    return settings.SITE_URL.rstrip("/") + chemin


# A visitor's name is the only text of theirs a message carries, and only this long: the
# form's fields cannot make the site send someone else a message of the visitor's choice.
NOM_MAX_MESSAGE = 40


def nom_court(nom):
    return Truncator(" ".join(nom.split())).chars(NOM_MAX_MESSAGE)


# A text message stays within two segments in French and English whatever the staff typed:
# it names a démarche, a workshop or a place by its first words only (the link shows it all).
NOM_MAX_SMS = 40


def nom_sms(nom):
    return Truncator(" ".join(nom.split())).chars(NOM_MAX_SMS)


def demarche_nommee(demarche):
    """The démarche's name where a lock screen shows it (text message, mail subject,
    calendar title); None for a discreet one: "votre rendez-vous", not "titre de séjour"."""
    return None if demarche.discrete else nom_sms(demarche.nom)


def rendez_vous_sms(demarche):
    """What a text message calls the appointment within a sentence: the démarche's first
    words, or "votre rendez-vous" for a discreet one."""
    return demarche_nommee(demarche) or _("votre rendez-vous")


def ics_rendez_vous(rdv, *, annule=False):
    pieces = rdv.demarche.pieces()
    description = rdv.demarche.nom
    if pieces:
        description += "\n" + _("Papiers à apporter : %(pieces)s") % {"pieces": ", ".join(pieces)}
    description += "\n" + lien(reverse("permanences:demarche_ou_rendez_vous", args=[rdv.secret]))
    return calendrier_ics(
        uid=f"rendez-vous-{rdv.pk}@ruche",
        debut=rdv.debut,
        fin=rdv.fin,
        titre=titre_agenda(rdv),
        lieu=lieu(rdv.occurrence.permanence.salle),
        description=description,
        annule=annule,
        sequence=int(timezone.now().timestamp()) // 60,
    )


def titre_agenda(rdv):
    """What a calendar's reminder shows on the lock screen: the démarche, unless discreet."""
    if rdv.demarche.discrete:
        return _("Rendez-vous à %(lieu)s") % {"lieu": rdv.occurrence.permanence.salle.lieu.nom}
    return _("Rendez-vous : %(demarche)s") % {"demarche": rdv.demarche.nom}


def contexte_rendez_vous(rdv):
    return {
        "rdv": rdv,
        "nom": nom_court(rdv.nom),
        "demarche": rdv.demarche,
        "pieces": rdv.demarche.pieces(),
        "debut": timezone.localtime(rdv.debut),
        "fin": timezone.localtime(rdv.fin),
        "lieu": lieu(rdv.occurrence.permanence.salle),
        "lien": lien(reverse("permanences:demarche_ou_rendez_vous", args=[rdv.secret])),
        # Book again at the booking's place.
        "lien_demarche": lien(
            url_lieu(
                "permanences:demarche_ou_rendez_vous",
                rdv.occurrence.permanence.salle.lieu,
                rdv.demarche.slug,
            )
        ),
        "limite": timezone.localtime(rdv.limite_modification),
        "demarche_sms": demarche_nommee(rdv.demarche),
        "lieu_sms": nom_sms(rdv.occurrence.permanence.salle.lieu.nom),
        "signature": signature(
            rdv.occurrence.permanence.salle.lieu, rdv.occurrence.permanence.organisation
        ),
    }


# The messages about an appointment that carry its calendar file (cancelled ones cancel it).
AVEC_AGENDA = ("confirme", "deplace", "rappel", "annule", "annule_association")


def notifier_rendez_vous(rdv, quoi):
    """Sends `permanences/courriels/rdv_<quoi>` by mail and text message, in the language
    the resident booked in, whoever's request or task sends it."""

    def agenda(_contexte):
        ics = ics_rendez_vous(rdv, annule=quoi.startswith("annule"))
        return [piece_jointe("rendez-vous.ics", ics, "text/calendar")]

    prevenir_habitant(
        langue=rdv.langue,
        template=f"permanences/courriels/rdv_{quoi}",
        contexte=lambda: contexte_rendez_vous(rdv),
        email=rdv.email,
        telephone=rdv.telephone,
        pieces_jointes=agenda if quoi in AVEC_AGENDA else None,
        lieu=rdv.occurrence.permanence.salle.lieu_id,
    )


def notifier_plus_tot(demande):
    """Tells the resident an earlier time is free (`permanences/courriels/rdv_plus_tot`), in
    the language they booked in, with the link that takes it."""
    rdv = demande.rendez_vous

    def contexte():
        return {
            **contexte_rendez_vous(rdv),
            "propose": timezone.localtime(demande.debut_propose),
            "lien_plus_tot": lien(reverse("permanences:plus_tot", args=[rdv.secret])),
        }

    prevenir_habitant(
        langue=rdv.langue,
        template="permanences/courriels/rdv_plus_tot",
        contexte=contexte,
        email=rdv.email,
        telephone=rdv.telephone,
        lieu=rdv.occurrence.permanence.salle.lieu_id,
    )


def contexte_inscription(inscription):
    atelier = inscription.atelier
    return {
        "inscription": inscription,
        "nom": nom_court(inscription.nom),
        "atelier": atelier,
        "debut": timezone.localtime(atelier.debut),
        "fin": timezone.localtime(atelier.fin),
        "lieu": lieu(atelier.salle),
        "lien": lien(reverse("permanences:inscription", args=[inscription.secret])),
        "atelier_sms": nom_sms(atelier.titre),
        "signature": signature(atelier.salle.lieu, atelier.organisation),
    }


def notifier_inscription(inscription, quoi):
    """Sends `permanences/courriels/atelier_<quoi>` by mail and text message, in the
    language of the registration."""

    def agenda(contexte):
        atelier = inscription.atelier
        ics = calendrier_ics(
            uid=f"inscription-{inscription.pk}@ruche",
            debut=atelier.debut,
            fin=atelier.fin,
            titre=_("Atelier : %(titre)s") % {"titre": atelier.titre},
            lieu=contexte["lieu"],
            description=contexte["lien"],
        )
        return [piece_jointe("atelier.ics", ics, "text/calendar")]

    prevenir_habitant(
        langue=inscription.langue,
        template=f"permanences/courriels/atelier_{quoi}",
        contexte=lambda: contexte_inscription(inscription),
        email=inscription.email,
        telephone=inscription.telephone,
        pieces_jointes=agenda if quoi in ("inscrit", "place") else None,
        lieu=inscription.atelier.salle.lieu_id,
    )


def masquer_email(email):
    """« a•••@exemple.fr »: enough for the person to recognise it, not for a passer-by."""
    nom, _arobase, domaine = email.partition("@")
    return f"{nom[:1]}•••@{domaine}" if domaine else ""


def masquer_telephone(telephone):
    """« 06 •• •• •• 78 »: the first two and last two digits."""
    chiffres = "".join(c for c in telephone if c.isdigit())
    if len(chiffres) < 4:
        return ""
    return f"{chiffres[:2]} •• •• •• {chiffres[-2:]}"
