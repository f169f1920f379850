"""What residents receive: an email (with the ICS file) and a text message, both queued."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import override

from permanences.services.agenda import lieu
from permanences.sms import envoyer_sms
from ruche.agenda import calendrier_ics
from ruche.courriels import envoyer, piece_jointe
from ruche.lieux_publics import url_lieu


def lien(chemin):
    return settings.SITE_URL.rstrip("/") + chemin


# A visitor's name is the only text of theirs a message carries, and only this long: the
# form's fields cannot make the site send someone else a message of the visitor's choice.
NOM_MAX_MESSAGE = 40


def nom_court(nom):
    return Truncator(" ".join(nom.split())).chars(NOM_MAX_MESSAGE)


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
        titre=_("Rendez-vous : %(demarche)s") % {"demarche": rdv.demarche.nom},
        lieu=lieu(rdv.occurrence.permanence.salle),
        description=description,
        annule=annule,
        sequence=int(timezone.now().timestamp()) // 60,
    )


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
    }


def notifier_rendez_vous(rdv, quoi):
    """Sends `permanences/courriels/rdv_<quoi>` by email and text message, in the language
    the resident booked in, whoever's request or task sends it."""
    with override(rdv.langue):
        _notifier_rendez_vous(rdv, quoi)


def _notifier_rendez_vous(rdv, quoi):
    context = contexte_rendez_vous(rdv)
    template = f"permanences/courriels/rdv_{quoi}"
    pieces_jointes = []
    if quoi in ("confirme", "deplace", "rappel", "annule", "annule_association"):
        annule = quoi.startswith("annule")
        pieces_jointes.append(
            piece_jointe("rendez-vous.ics", ics_rendez_vous(rdv, annule=annule), "text/calendar")
        )
    envoyer(to=rdv.email, template=template, context=context, attachments=pieces_jointes)
    envoyer_sms(to=rdv.telephone, template=template, context=context)


def notifier_plus_tot(demande):
    """Tells the resident an earlier time is free (`permanences/courriels/rdv_plus_tot`), in
    the language they booked in, with the link that takes it."""
    rdv = demande.rendez_vous
    with override(rdv.langue):
        context = contexte_rendez_vous(rdv)
        debut = timezone.localtime(demande.debut_propose)
        context.update(
            propose=debut,
            lien_plus_tot=lien(reverse("permanences:plus_tot", args=[rdv.secret])),
        )
        template = "permanences/courriels/rdv_plus_tot"
        envoyer(to=rdv.email, template=template, context=context)
        envoyer_sms(to=rdv.telephone, template=template, context=context)


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
    }


def notifier_inscription(inscription, quoi):
    """Sends `permanences/courriels/atelier_<quoi>` by email and text message, in the
    language of the registration."""
    with override(inscription.langue):
        _notifier_inscription(inscription, quoi)


def _notifier_inscription(inscription, quoi):
    context = contexte_inscription(inscription)
    template = f"permanences/courriels/atelier_{quoi}"
    pieces_jointes = []
    if quoi in ("inscrit", "place"):
        atelier = inscription.atelier
        ics = calendrier_ics(
            uid=f"inscription-{inscription.pk}@ruche",
            debut=atelier.debut,
            fin=atelier.fin,
            titre=_("Atelier : %(titre)s") % {"titre": atelier.titre},
            lieu=context["lieu"],
            description=context["lien"],
        )
        pieces_jointes.append(piece_jointe("atelier.ics", ics, "text/calendar"))
    envoyer(to=inscription.email, template=template, context=context, attachments=pieces_jointes)
    envoyer_sms(to=inscription.telephone, template=template, context=context)


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
