"""Where and when residents find the Ruche: address, phone, map link, opening hours and the
association's permanences of the validated calendar. Shown on the home page and on the
"too many requests" page."""

from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from permanences.occurrences import FERMETURE, JOURS_OUVRES, OUVERTURE

CLE = "horaires-permanences"
DUREE = 600  # the calendar changes twice a year: ten minutes late at worst


def _permanences_du_semestre():
    from permanences.models import Calendrier, Permanence

    today = timezone.localdate()
    semestre = 1 if today.month <= 6 else 2
    lignes = (
        Permanence.objects.filter(
            calendrier__statut=Calendrier.Statut.VALIDE,
            calendrier__annee=today.year,
            calendrier__semestre=semestre,
            jour_semaine__isnull=False,
        )
        .values_list("jour_semaine", "heure_debut", "heure_fin")
        .distinct()
        .order_by("jour_semaine", "heure_debut")
    )
    return list(lignes)


def permanences_du_semestre():
    """[(weekday 0-6, start, end)] of the association's weekly permanences this semester."""
    found = cache.get(CLE)
    if found is None:
        found = _permanences_du_semestre()
        cache.set(CLE, found, DUREE)
    return found


def infos_ruche():
    adresse = settings.RUCHE_ADRESSE
    jours = sorted(JOURS_OUVRES)
    return {
        "adresse": adresse,
        "telephone": settings.RUCHE_TELEPHONE,
        "telephone_lien": "".join(c for c in settings.RUCHE_TELEPHONE if c.isdigit() or c == "+"),
        "carte": settings.RUCHE_CARTE_URL
        or "https://www.openstreetmap.org/search?query=" + quote(adresse),
        "premier_jour": jours[0],
        "dernier_jour": jours[-1],
        "ouverture": OUVERTURE,
        "fermeture": FERMETURE,
        "permanences": permanences_du_semestre(),
    }
