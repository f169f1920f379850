"""Article 6 runs both ways: either party notifies the other's failure of its commitments
(Article 2, the other party's list) by a registered letter; the Ruche alone notifies a
breach of its internal rules (Article 3). The other party is told at once; from the
receipt the lapse runs, until the notifying party notes that the failure was remedied."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from partenariats.models import Manquement
from partenariats.services.destinataires import adresses_de_la_partie
from ruche.courriels import envoyer
from ruche.roles import est_personnel


def _lien(chemin):
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + chemin


def engagements_de(convention, partie):
    """The commitments of Article 2 of `partie` (a party of `convention`)."""
    from partenariats.models import Engagement

    return Engagement.objects.filter(article__convention=convention, partie=partie).order_by(
        "article__numero", "ordre"
    )


def notifier_manquement(
    *, convention, partie, par, article, notifie_le, description, engagements=(), recue_le=None
) -> Manquement:
    """Records the notice of `partie` (given by one of its own) to the other party, naming
    the other's commitments it failed; the other party is mailed once it is stored.
    Raises PermissionDenied (`par` does not speak for `partie`) or ValidationError."""
    if not partie.agit_pour(par) or partie.convention_id != convention.pk:
        raise PermissionDenied
    manquement = Manquement(
        convention=convention,
        partie=partie,
        article=article,
        notifie_le=notifie_le,
        recue_le=recue_le,
        description=description,
    )
    manquement.full_clean()
    autres = [p for p in convention.parties.all() if p.pk != partie.pk]
    permis = set(
        engagements_de(convention, autres[0]).values_list("pk", flat=True) if autres else []
    )
    engagements = list(engagements)
    if any(e.pk not in permis for e in engagements):
        raise ValidationError(
            {"engagements": _("Ce sont les engagements de l'autre partie qui se notifient.")}
        )
    manquement.save()
    manquement.engagements.set(engagements)
    transaction.on_commit(lambda: prevenir_l_autre_partie(manquement, partie, autres))
    return manquement


def prevenir_l_autre_partie(manquement, partie, autres):
    convention = manquement.convention
    for autre in autres:
        envoyer(
            to=adresses_de_la_partie(autre),
            template="partenariats/courriels/manquement_notifie",
            context={
                "manquement": manquement,
                "convention": convention,
                "partie": partie,
                "engagements": list(manquement.engagements.all()),
                "lien": _lien(reverse("partenariats:detail", args=[convention.pk])),
            },
            lieu=convention.lieu_id,
        )


def peut_noter_reception(utilisateur, manquement, parties):
    """The receipt is a fact both sides know: the staff, or the notifying party."""
    auteur = manquement.auteur(parties)
    return est_personnel(utilisateur) or (auteur is not None and auteur.agit_pour(utilisateur))


def peut_noter_remede(utilisateur, manquement, parties):
    """Only the notifying party says that what it complained of is remedied."""
    auteur = manquement.auteur(parties)
    return auteur is not None and auteur.agit_pour(utilisateur)
