"""Conventions whose last day comes soon: for the staff's and volunteers' pages and mail."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from partenariats import terme
from partenariats.models import Convention
from partenariats.selecteurs.textes import phrase_fin


@dataclass(frozen=True)
class FinProche:
    convention_pk: int
    titre: str
    partenaires: str  # the partners' short names, not the Ruche
    organisation_ids: frozenset
    dernier_jour: date
    jours_restants: int
    motif: str | None

    @property
    def texte(self):
        return phrase_fin(self)


def horizon():
    return max(settings.ALERTES_FIN_JOURS, default=0)


def fins_proches(jour=None, *, organisation_id=None, jours=None):
    """Conventions in force on `jour` whose last day is at most `jours` days ahead (the
    largest warning threshold by default), soonest first; one organisation's if given."""
    jour = jour or timezone.localdate()
    jours = horizon() if jours is None else jours
    conventions = Convention.objects.filter(debut__lte=jour).avec_vie()
    if organisation_id is not None:
        conventions = conventions.filter(parties__organisation_id=organisation_id).distinct()
    resultat = []
    for convention in conventions:
        etat = convention.etat(jour)
        if not etat.en_vigueur or etat.fin_le is None:
            continue
        reste = (etat.fin_le - jour).days
        if reste > jours:
            continue
        parties = [p.organisation for p in convention.parties.all()]
        partenaires = [o for o in parties if not o.est_la_ruche]
        resultat.append(
            FinProche(
                convention_pk=convention.pk,
                titre=convention.titre,
                partenaires=", ".join(o.sigle or o.nom for o in partenaires),
                organisation_ids=frozenset(o.pk for o in partenaires),
                dernier_jour=etat.fin_le,
                jours_restants=reste,
                motif=terme.motif_fin(convention.termes()),
            )
        )
    return sorted(resultat, key=lambda f: (f.dernier_jour, f.convention_pk))
