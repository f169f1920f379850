"""Article 4: "Régulièrement, les deux parties se rencontreront pour évaluer ensemble le
travail réalisé." Either party records a meeting; what the report cannot measure of
Article 2, the parties write before the committee."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from partenariats.models import ComplementBilan, Rencontre
from partenariats.models.convention import nom_de, partie_de
from partenariats.services.destinataires import adresses_de_la_partie
from ruche.courriels import envoyer
from ruche.roles import est_personnel


def _lien(chemin):
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + chemin


def noter_rencontre(*, convention, par, **champs) -> Rencontre:
    """Records a meeting of the parties, by one of either party; the other is told. Raises
    PermissionDenied (`par` speaks for no party) or ValidationError."""
    partie = partie_de(par, convention)
    if partie is None:
        raise PermissionDenied
    rencontre = Rencontre(
        convention=convention, enregistree_par=f"{nom_de(par)} ({partie.nom_court})", **champs
    )
    rencontre.full_clean()
    rencontre.save()
    autres = [p for p in convention.parties.all() if p.pk != partie.pk]
    lien = _lien(reverse("partenariats:detail", args=[convention.pk]))

    def prevenir():
        for autre in autres:
            envoyer(
                to=adresses_de_la_partie(autre),
                template="partenariats/courriels/rencontre",
                context={"rencontre": rencontre, "convention": convention, "lien": lien},
                lieu=convention.lieu_id,
            )

    transaction.on_commit(prevenir)
    return rencontre


def peut_completer(utilisateur, engagement):
    """What the parties add to the report: staff, who prepare the committee, for every
    commitment; a partner's representative for its own party's."""
    return est_personnel(utilisateur) or engagement.partie.agit_pour(utilisateur)


def completer_bilan(*, annee, textes, par) -> int:
    """Stores what `par` wrote for each commitment of the year's report ({engagement:
    text}); an empty text removes it. Returns how many changed. Raises PermissionDenied."""
    changes = 0
    for engagement, texte in textes.items():
        if not peut_completer(par, engagement):
            raise PermissionDenied
        existant = ComplementBilan.objects.filter(engagement=engagement, annee=annee).first()
        if not texte:
            if existant is not None:
                existant.delete()
                changes += 1
            continue
        if existant is not None and existant.texte == texte:
            continue
        complement = existant or ComplementBilan(engagement=engagement, annee=annee)
        complement.texte = texte
        complement.saisi_par = nom_de(par)
        complement.full_clean()
        complement.save()
        changes += 1
    return changes
