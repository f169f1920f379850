"""Where and when residents find a place: address, phone, map link, opening hours (the
place's, ruche.HoraireOuverture) and the association's permanences of the validated calendar
(which permanences tells through ruche.registres.PERMANENCES_DU_LIEU). Shown on the home
page and on the "too many requests" page."""

from django.core.cache import cache
from django.utils import timezone

from ruche.portees import version_publique
from ruche.registres import PARTENAIRES_DU_LIEU, PERMANENCES_DU_LIEU

CLE = "horaires-permanences"
DUREE = 3600


def _du_jour(nom, lieu, calcul):
    """`calcul(jour)` for today at a place, kept at the version of the place's offer
    (ruche.portees: a booking keeps it) and the day: a write shows in every process at its
    next request, a new day (a convention no longer in force) at the first request of the
    day."""
    valeur = version_publique(lieu.slug, ("offre",))
    cle = f"{nom}:{lieu.pk}:{valeur}:{timezone.localdate().isoformat()}"
    found = cache.get(cle) if valeur is not None else None
    if found is None:
        found = calcul(timezone.localdate())
        if valeur is not None:
            cache.set(cle, found, DUREE)
    return found


def permanences_du_semestre(lieu):
    """[(weekday 0-6, start, end)] of the association's weekly permanences this semester at
    a place, but those of a partner no longer in force (a calendar validated or changed
    shows in every process at its next request)."""
    return _du_jour(CLE, lieu, lambda jour: sorted(set(PERMANENCES_DU_LIEU(lieu, jour))))


def partenaires_du_jour(lieu):
    """The ids of the partners whose convention at the place (anything with its pk and
    slug) is in force today: from the first day one is no longer in force, the pages stop
    presenting it (card, hours, logo)."""

    def calcul(jour):
        from ruche.models import Lieu

        lieu_complet = Lieu.objects.get(pk=lieu.pk)
        return [organisation.pk for organisation in PARTENAIRES_DU_LIEU(lieu_complet, jour)]

    return _du_jour("partenaires-du-jour", lieu, calcul)


def plages_par_jour(horaires):
    """[(weekday, [(start, end)…])] of a place's opening spans, weekdays in order."""
    jours = {}
    for horaire in sorted(horaires, key=lambda h: (h.jour, h.debut)):
        jours.setdefault(horaire.jour, []).append((horaire.debut, horaire.fin))
    return sorted(jours.items())


def infos_lieu(lieu):
    """Address, phone, map link and opening hours of a place. When it opens on consecutive
    days with the same single span, the hours read as one sentence ("Du lundi au
    vendredi…"), as they did before places had their own hours."""
    jours = plages_par_jour(lieu.horaires.all())
    infos = {
        "lieu": lieu,
        "nom": lieu.nom,
        "adresse": lieu.adresse_complete,
        "telephone": lieu.telephone,
        "telephone_lien": lieu.telephone_lien,
        "carte": lieu.lien_carte,
        "jours": jours,
        "premier_jour": None,
        "dernier_jour": None,
        "ouverture": None,
        "fermeture": None,
    }
    plages = {tuple(spans) for _jour, spans in jours}
    numeros = [jour for jour, _spans in jours]
    # One day alone reads day by day ("Mardi : de 09:00 à 12:00"), not "Du mardi au mardi".
    if (
        len(numeros) > 1
        and len(plages) == 1
        and len(next(iter(plages))) == 1
        and numeros == list(range(numeros[0], numeros[-1] + 1))
    ):
        ((ouverture, fermeture),) = next(iter(plages))
        infos.update(
            premier_jour=numeros[0],
            dernier_jour=numeros[-1],
            ouverture=ouverture,
            fermeture=fermeture,
        )
    return infos


def infos_ruche(lieu=None):
    """What the home page says of the place (the only place when none is given)."""
    from ruche.models.lieu import lieu_principal

    lieu = lieu or lieu_principal()
    return {**infos_lieu(lieu), "permanences": permanences_du_semestre(lieu)}
