"""Conventions whose last day comes soon, and the sentence that says it: for the staff's and
volunteers' pages (`fins_proches_pour`) and the mail (partenariats.services.alertes)."""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partenariats import terme
from partenariats.models import Convention
from partenariats.models.alerte import horizon_fin
from ruche.formats import date_longue
from ruche.perimetre import lieux_visibles
from ruche.portees_personnel import version_personnelle
from ruche.roles import BENEVOLE, COMITE, PERSONNEL, a_le_role

# Kept under the version of what the staff's pages show (conventions, their life, the
# organisations): a day at most, since the days left move with the date in the key.
DUREE_CACHE = 86400


POURQUOI = {
    terme.NON_RECONDUITE: gettext_lazy("elle n'est pas reconduite"),
    terme.CADUQUE: gettext_lazy("elle devient caduque après un manquement notifié (article 6)"),
    terme.ROMPUE: gettext_lazy("le partenariat est rompu (article 3)"),
    terme.RESILIEE: gettext_lazy("elle est résiliée"),
}


def phrase_fin(fin):
    """« La convention avec X s'applique jusqu'au … (dans 15 jours) : elle est résiliée. »"""
    dans = ngettext("dans %(n)s jour", "dans %(n)s jours", fin.jours_restants) % {
        "n": fin.jours_restants
    }
    if fin.jours_restants == 0:
        dans = _("aujourd'hui")
    phrase = _("La convention avec %(partenaires)s s'applique jusqu'au %(date)s (%(dans)s)") % {
        "partenaires": fin.partenaires or fin.titre,
        "date": date_longue(fin.dernier_jour),
        "dans": dans,
    }
    if fin.motif in POURQUOI:
        phrase += " : " + str(POURQUOI[fin.motif])
    return phrase + "."


@dataclass(frozen=True)
class FinProche:
    convention_pk: int
    lieu_id: int
    titre: str
    partenaires: str  # the partners' short names, not the Ruche
    organisation_ids: frozenset
    dernier_jour: date
    jours_restants: int
    motif: str | None

    @property
    def texte(self):
        return phrase_fin(self)


def fins_proches(jour=None, *, organisation_id=None, jours=None):
    """Conventions in force on `jour` whose last day is at most `jours` days ahead (the
    largest warning threshold by default), soonest first; one organisation's if given."""
    jour = jour or timezone.localdate()
    jours = horizon_fin() if jours is None else jours
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
                lieu_id=convention.lieu_id,
                titre=convention.titre,
                partenaires=", ".join(o.sigle or o.nom for o in partenaires),
                organisation_ids=frozenset(o.pk for o in partenaires),
                dernier_jour=etat.fin_le,
                jours_restants=reste,
                motif=terme.motif_fin(convention.termes()),
            )
        )
    return sorted(resultat, key=lambda f: (f.dernier_jour, f.convention_pk))


def fins_proches_pour(utilisateur, jour=None):
    """The sentences of the ends coming soon that the person is to see on their pages: the
    conventions of the places they see for the staff and the committee (with several places,
    another place's partner's end is none of theirs), their organisation's for a volunteer,
    none for anyone else. Kept in the cache per day and organisation under the version of
    the staff's pages (ruche.portees_personnel: every write to a convention, its life or an
    organisation renews it): the week's and the day's cached parts, rendered again at such
    a write, must not keep a warning from before it."""
    jour = jour or timezone.localdate()
    lieux = None
    if a_le_role(utilisateur, PERSONNEL, COMITE):
        organisation_id = None
        lieux = lieux_visibles(utilisateur)
    elif a_le_role(utilisateur, BENEVOLE) and utilisateur.organisation_id is not None:
        organisation_id = utilisateur.organisation_id
    else:
        return []
    valeur = version_personnelle()
    cle = f"fins-proches-lieux:{valeur}:{jour.isoformat()}:{organisation_id or 'toutes'}"
    fins = cache.get(cle) if valeur is not None else None
    if fins is None:
        fins = [(f.lieu_id, f.texte) for f in fins_proches(jour, organisation_id=organisation_id)]
        if valeur is not None:
            cache.set(cle, fins, DUREE_CACHE)
    return [texte for lieu_id, texte in fins if lieux is None or lieu_id in lieux]
