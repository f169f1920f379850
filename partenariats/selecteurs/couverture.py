"""The one rule every booking path applies: an organisation's permanences, room bookings,
slots, workshops and referrals exist only on days when a convention with it is in force
(Articles 1, 3 and 6). A convention is signed with one place's operating organisation
(`Convention.lieu`): with the place given, only that place's conventions count, so a
partner of one place is not booked at another.

The Ruche's own organisation is never limited: its own workshops and rooms are its
activity, not a partnership. Any other organisation holds activity only under a convention
in force: with no convention on record, nothing can be booked for it or by it.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from partenariats import terme
from partenariats.models import Convention, ConventionPartie
from ruche.formats import date_longue
from ruche.models import Organisation

_memoire = contextvars.ContextVar("couvertures", default=None)
# Inside `une_lecture(gardee=True)`: the coverages are kept in the shared cache at the
# network's public version, read at the block's first need ({"version": …} once read).
_gardee = contextvars.ContextVar("couvertures_gardees", default=None)


@contextmanager
def une_lecture(*, gardee=False):
    """Inside the block, each organisation's conventions are read once (batch writes).

    With `gardee`, from the shared cache at the version of what every public page shows of
    the network (ruche.portees.PUBLIC), which every write of a convention, of its life
    (committees, breaches, amendments, termination, parties) and of an organisation
    changes in its transaction: a stream of bookings then reads one small row instead of
    the conventions' five queries each (the coverage is a function of those rows alone,
    not of the day)."""
    jeton = _memoire.set({})
    jeton_gardee = _gardee.set({} if gardee else None)
    try:
        yield
    finally:
        _gardee.reset(jeton_gardee)
        _memoire.reset(jeton)


DUREE_GARDEE = 3600


def _lire_gardees(organisation_ids):
    """`_lire`, through the shared cache at the network's public version (une_lecture)."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    from ruche.portees import version_reseau

    gardee = _gardee.get()
    if "version" not in gardee:
        # Read before the conventions: a convention changed meanwhile is kept under the
        # version it replaced, which nobody reads any more.
        gardee["version"] = version_reseau()
    prefixe = f"couverture:{gardee['version']}:{get_language() or ''}:"
    trouvees = cache.get_many([f"{prefixe}{pk}" for pk in organisation_ids])
    resultat = {
        pk: trouvees[f"{prefixe}{pk}"] for pk in organisation_ids if f"{prefixe}{pk}" in trouvees
    }
    manquantes = set(organisation_ids) - resultat.keys()
    if manquantes:
        lues = _lire(manquantes)
        cache.set_many({f"{prefixe}{pk}": c for pk, c in lues.items()}, DUREE_GARDEE)
        resultat.update(lues)
    return resultat


@dataclass(frozen=True)
class Couverture:
    """The days an organisation may hold activity: the union of its conventions' terms,
    at every place or at one (`lieu`, a place's id)."""

    organisation: str = ""
    libre: bool = True
    # (first day, last day or None, the convention's place id)
    intervalles: tuple[tuple[date, date | None, int | None], ...] = ()

    def _termes(self, lieu):
        return [
            (debut, fin)
            for debut, fin, lieu_id in self.intervalles
            if lieu is None or lieu_id == lieu
        ]

    def couvre(self, jour, lieu=None):
        if self.libre:
            return True
        return any(
            debut <= jour and (fin is None or jour <= fin) for debut, fin in self._termes(lieu)
        )

    def message(self, jour, lieu=None):
        """Why nothing can be booked that day (French), or None when it is covered."""
        if self.couvre(jour, lieu):
            return None
        termes = self._termes(lieu)
        passees = [fin for _debut, fin in termes if fin is not None and fin < jour]
        if passees:
            return _(
                "La convention avec %(organisation)s n'est plus en vigueur après le %(fin)s : "
                "rien ne peut être prévu après cette date."
            ) % {"organisation": self.organisation, "fin": date_longue(max(passees))}
        debuts = [debut for debut, _fin in termes if debut > jour]
        if not debuts:
            return _(
                "Aucune convention avec %(organisation)s n'est en vigueur : rien ne peut être "
                "prévu avec elle. La Ruche doit d'abord enregistrer la convention."
            ) % {"organisation": self.organisation}
        return _("La convention avec %(organisation)s ne s'applique qu'à partir du %(debut)s.") % {
            "organisation": self.organisation,
            "debut": date_longue(min(debuts)),
        }


LIBRE = Couverture()


def _lire(organisation_ids):
    """Four or five queries: the conventions of these organisations and what decides their term."""
    conventions = {pk: [] for pk in organisation_ids}
    organisations = {}
    for convention in (
        Convention.objects.filter(parties__organisation_id__in=organisation_ids)
        .select_related("resiliation")
        .prefetch_related(
            "comites",
            "manquements",
            "avenants",
            Prefetch("parties", queryset=ConventionPartie.objects.select_related("organisation")),
        )
        .distinct()
    ):
        termes = convention.termes()
        intervalle = (termes.debut, terme.dernier_jour(termes), convention.lieu_id)
        for partie in convention.parties.all():
            if partie.organisation_id in conventions:
                conventions[partie.organisation_id].append(intervalle)
                organisations[partie.organisation_id] = partie.organisation
    sans_convention = set(organisation_ids) - organisations.keys()
    if sans_convention:
        organisations.update(Organisation.objects.in_bulk(sans_convention))
    resultat = {}
    for pk in organisation_ids:
        organisation = organisations.get(pk)
        if organisation is None or organisation.est_la_ruche:
            resultat[pk] = LIBRE  # the Ruche itself (or an organisation since deleted)
        else:
            nom = organisation.sigle or organisation.nom
            resultat[pk] = Couverture(nom, False, tuple(conventions[pk]))
    return resultat


def couvertures(organisation_ids):
    """{organisation id: Couverture}; read once per `une_lecture()` block."""
    organisation_ids = {pk for pk in organisation_ids if pk is not None}
    memoire = _memoire.get()
    if memoire is None:
        return _lire(organisation_ids) if organisation_ids else {}
    manquantes = organisation_ids - memoire.keys()
    if manquantes:
        memoire.update((_lire_gardees if _gardee.get() is not None else _lire)(manquantes))
    return {pk: memoire[pk] for pk in organisation_ids}


def couverture(organisation_id):
    if organisation_id is None:
        return LIBRE
    return couvertures([organisation_id])[organisation_id]


def _jour(valeur):
    return timezone.localdate(valeur) if isinstance(valeur, datetime) else valeur


def hors_partenariat(organisation_id, debut, fin=None, lieu=None):
    """A French sentence when the organisation may not hold activity at some moment of
    [debut, fin] (dates or aware datetimes) — at the place `lieu` (an id) when given —
    else None."""
    if organisation_id is None or debut is None:
        return None
    premier = _jour(debut)
    dernier = _jour(fin) if fin is not None else premier
    if (
        isinstance(fin, datetime)
        and dernier > premier
        and timezone.localtime(fin).time() == (datetime.min.time())
    ):
        dernier = dernier - terme.UN_JOUR  # ends at midnight: the next day is not used
    couv = couverture(organisation_id)
    if couv.libre:
        return None
    for jour in (premier, dernier):
        message = couv.message(jour, lieu)
        if message:
            return message
    return None
