"""Communication (Article 5): a document is published only with each partner's visa, each
given by one of that partner's own people; the other partner is told when its visa is asked."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partenariats.models import DocumentCommunication, Visa
from partenariats.models.communication import peut_viser
from partenariats.services.destinataires import adresses_de_la_partie
from ruche.courriels import envoyer


def _lien(chemin):
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + chemin


def partie_de(utilisateur, document):
    """The party of the document's convention whose visa the person may give, or None."""
    return next((p for p in document.convention.parties.all() if peut_viser(utilisateur, p)), None)


def deposer_document(*, convention, titre, nature, fichier, par) -> DocumentCommunication:
    """Stores the document and asks the visa of every partner but the one of `par`.
    Raises ValidationError."""
    document = DocumentCommunication(
        convention=convention, titre=titre, nature=nature, fichier=fichier, depose_par=par
    )
    document.full_clean()
    document.save()
    for partie in convention.parties.select_related("organisation"):
        if not peut_viser(par, partie):
            demander_visa(document=document, partie=partie, par=par)
    return document


def demander_visa(*, document, partie, par):
    """Mails the partner whose visa is asked: the staff for the Ruche, else those who give
    its visa (its representatives)."""
    return envoyer(
        to=adresses_de_la_partie(partie),
        template="partenariats/courriels/visa_demande",
        context={
            "document": document,
            "partie": partie,
            "demandeur": (par.get_full_name() or par.get_username()) if par else "",
            "lien": _lien(reverse("partenariats:communication")),
        },
        lieu=document.convention.lieu_id,
    )


def viser(*, document, utilisateur) -> Visa:
    """Gives the visa of the person's own partner. Raises PermissionDenied when they may
    give none, ValidationError when it is already given."""
    partie = partie_de(utilisateur, document)
    if partie is None:
        raise PermissionDenied
    if document.visas.filter(partie=partie).exists():
        raise ValidationError(_("Ce partenaire a déjà visé ce document."))
    visa = Visa(
        document=document,
        partie=partie,
        utilisateur=utilisateur,
        vise_par=utilisateur.get_full_name() or utilisateur.get_username(),
        vise_le=timezone.localdate(),
    )
    visa.full_clean()
    visa.save()
    return visa


def publier(*, document) -> DocumentCommunication:
    """Marks the document published. Raises ValidationError while a visa is missing."""
    manquants = document.visas_manquants()
    if manquants:
        raise ValidationError(
            _("Il manque le visa de : %(partenaires)s.")
            % {"partenaires": ", ".join(str(p.organisation) for p in manquants)}
        )
    if document.publie_le is None:
        document.publie_le = timezone.localdate()
        document.save(update_fields=["publie_le"])
    return document
