"""Reads the records of every place in a fixed number of queries, whatever their number.

The export is made again whenever any place, its hours, closures, démarches or workshops
change (ruche.donnees_ouvertes.receivers): in a network that is all day long, in processes
that made it before. The records and opening hours made are kept in the process by what
they are made of, so making the export again after one place's change computes that place's
record; the others are found again, at the cost of reading their rows."""

from collections import defaultdict
from datetime import timedelta
from functools import lru_cache

from django.utils import timezone

from ruche.donnees_ouvertes.fiche import LieuPublie, Offre, fiche, horaires_osm, publiable
from ruche.registres import OFFRE_DES_LIEUX

# Closures further ahead than this are left out of `horaires`: the map refreshes its copy
# far more often, and a short string stays readable.
FERMETURES_JOURS = 366
# Records kept in each process, by what they are made of; emptied past this many (a
# network's export holds one per place).
MEMOIRE_FICHES = 10_000
_FICHES = {}
_CHAMPS_LIEU = tuple(LieuPublie.__annotations__)


@lru_cache(maxsize=MEMOIRE_FICHES)
def _horaires(plages, fermetures):
    return horaires_osm(plages, fermetures)


def _fiche(lieu, **entrees):
    """`fiche(lieu, **entrees)`, kept by the place's fields and the inputs."""
    cle = (tuple(getattr(lieu, champ) for champ in _CHAMPS_LIEU), *sorted(entrees.items()))
    ligne = _FICHES.get(cle)
    if ligne is None:
        if len(_FICHES) >= MEMOIRE_FICHES:
            _FICHES.clear()
        ligne = _FICHES[cle] = fiche(lieu, **entrees)
    return ligne


def horaires_des_lieux(aujourd_hui):
    """{place pk: its opening hours in the OpenStreetMap syntax, the coming year's closures
    as "off"}. Two queries."""
    from ruche.models import Fermeture, HoraireOuverture

    plages = defaultdict(list)
    for lieu_id, jour, debut, fin in HoraireOuverture.objects.values_list(
        "lieu_id", "jour", "debut", "fin"
    ):
        plages[lieu_id].append((jour, debut, fin))
    fermetures = defaultdict(list)
    for lieu_id, debut, fin in Fermeture.objects.filter(
        fin__gte=aujourd_hui, debut__lte=aujourd_hui + timedelta(days=FERMETURES_JOURS)
    ).values_list("lieu_id", "debut", "fin"):
        fermetures[lieu_id].append((max(debut, aujourd_hui), fin))
    return defaultdict(
        str,
        {
            lieu_id: _horaires(tuple(sorted(plages[lieu_id])), tuple(sorted(fermetures[lieu_id])))
            for lieu_id in {*plages, *fermetures}
        },
    )


def fiches_des_lieux(*, url_rdv, maintenant=None):
    """The record of each place of the install that has the schema's required fields, by
    name. `url_rdv(lieu)` gives the absolute address of the place's booking page.

    Three queries, and those of what the apps above tell of each place's offer
    (ruche.registres.OFFRE_DES_LIEUX): places with their organisation, weekly hours, coming
    closures."""
    from ruche.models import Lieu

    maintenant = maintenant or timezone.now()
    aujourd_hui = timezone.localdate(maintenant)
    lieux = list(Lieu.objects.select_related("organisation").order_by("nom", "pk"))
    horaires = horaires_des_lieux(aujourd_hui)
    offres = defaultdict(Offre)
    for lieu_id, offre in OFFRE_DES_LIEUX(maintenant):
        offres[lieu_id] = Offre(
            themes_demarches=offres[lieu_id].themes_demarches | offre.themes_demarches,
            publics_ateliers=offres[lieu_id].publics_ateliers | offre.publics_ateliers,
        )
    fiches = (
        _fiche(
            lieu,
            horaires=horaires[lieu.pk],
            offre=offres[lieu.pk],
            url_rdv=url_rdv(lieu),
            source=lieu.organisation.nom if lieu.organisation_id else "",
        )
        for lieu in lieux
    )
    return [ligne for ligne in fiches if publiable(ligne)]


def data_inclusion(*, url_lieu, url_absolue, maintenant=None):
    """(structures, services) of every place in the data·inclusion schema, checked by it.
    A fixed number of queries: places, hours, closures, and the registered offer's."""
    from ruche.donnees_ouvertes.data_inclusion import publier
    from ruche.donnees_ouvertes.offre import services_publics
    from ruche.models import Lieu

    maintenant = maintenant or timezone.now()
    lieux = list(Lieu.objects.select_related("organisation").order_by("nom", "pk"))
    return publier(
        lieux,
        services_publics(maintenant=maintenant, plusieurs=len(lieux) > 1),
        horaires=horaires_des_lieux(timezone.localdate(maintenant)),
        url_lieu=url_lieu,
        url_absolue=url_absolue,
    )
