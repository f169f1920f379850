"""Ending a convention: first what it will cancel after its end, then, once confirmed, the
cancellation in one transaction (Articles 1, 3 and 6).

Partenariats does not know the bookings: the apps that hold some (permanences) register an
`Annuleur` in their `AppConfig.ready()`, as the statistics sections do. Each one previews and
cancels what belongs to the partner organisations from the first day no longer in force, and
tells the people concerned once the transaction has committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partenariats import terme
from partenariats.models import Convention, Resiliation
from ruche.evenements import emettre
from ruche.formats import PARIS, date_longue


@dataclass(frozen=True)
class Ligne:
    """One thing cancelled (or to cancel): when, and what, in a short French phrase."""

    quand: datetime
    texte: str


@dataclass
class Rubrique:
    """A kind of thing cancelled: sessions, appointments, registrations, room bookings."""

    cle: str
    titre: str
    lignes: list[Ligne] = field(default_factory=list)

    @property
    def nombre(self):
        return len(self.lignes)

    @property
    def premiere(self):
        return min((ligne.quand for ligne in self.lignes), default=None)

    @property
    def derniere(self):
        return max((ligne.quand for ligne in self.lignes), default=None)


@dataclass
class Apercu:
    """What ending the convention on `fin` (first day no longer in force) cancels."""

    convention: Convention
    fin: date
    organisations: dict[int, str]  # the partners concerned {id: name}
    rubriques: list[Rubrique] = field(default_factory=list)
    personnes_prevenues: int = 0  # filled once done

    @property
    def dernier_jour(self):
        return self.fin - terme.UN_JOUR

    @property
    def total(self):
        return sum(r.nombre for r in self.rubriques)

    @property
    def a_partir_du(self):
        """What starts from then on is cancelled: never what has already begun."""
        return max(debut_du_jour(self.fin), timezone.now())


class Annuleur(Protocol):
    def apercu(self, *, organisation_ids: list[int], a_partir_du: datetime) -> list[Rubrique]: ...

    def annuler(
        self, *, organisation_ids: list[int], a_partir_du: datetime, motif: str, par
    ) -> tuple[list[Rubrique], int]:
        """Cancels; returns what it cancelled and how many people it will tell."""
        ...


_annuleurs: list[Annuleur] = []


def enregistrer_annuleur(annuleur):
    """Called by an app's AppConfig.ready(); registering twice does nothing."""
    if annuleur not in _annuleurs:
        _annuleurs.append(annuleur)
    return annuleur


def debut_du_jour(jour):
    return datetime.combine(jour, time(0), tzinfo=PARIS)


def fin_connue(convention):
    """The first day no longer in force, when the terms already say it, else None."""
    dernier = terme.dernier_jour(convention.termes())
    return None if dernier is None else dernier + terme.UN_JOUR


def _partenaires(convention, fin):
    """The convention's partners (not the Ruche) that no other convention covers on `fin`."""
    parties = {p.organisation_id: p.organisation for p in convention.parties.all()}
    partenaires = {pk: o for pk, o in parties.items() if not o.est_la_ruche}
    autres = (
        Convention.objects.exclude(pk=convention.pk)
        .filter(parties__organisation_id__in=list(partenaires))
        .avec_vie()
        .distinct()
    )
    couverts = set()
    for autre in autres:
        if terme.en_vigueur(autre.termes(), fin):
            couverts.update(p.organisation_id for p in autre.parties.all())
    return {pk: o.sigle or o.nom for pk, o in partenaires.items() if pk not in couverts}


def apercu_fin(convention, fin=None) -> Apercu:
    """What ending the convention on `fin` (default: the end its terms say) will cancel.

    Raises ValidationError (French) when no end date is given nor known.
    """
    fin = fin or fin_connue(convention)
    if fin is None:
        raise ValidationError(
            _("Cette convention se renouvelle : aucune fin n'est encore enregistrée."),
            code="sans_fin",
        )
    organisations = _partenaires(convention, fin)
    apercu = Apercu(convention=convention, fin=fin, organisations=organisations)
    if organisations:
        for annuleur in _annuleurs:
            apercu.rubriques += annuleur.apercu(
                organisation_ids=list(organisations), a_partir_du=apercu.a_partir_du
            )
    return apercu


def motif_de_fin(convention, fin, organisations):
    return _("Fin du partenariat avec %(partenaire)s le %(date)s.") % {
        "partenaire": ", ".join(organisations.values()) or convention.titre,
        "date": date_longue(fin - terme.UN_JOUR),
    }


def mettre_fin(*, convention, par, resilier_le=None, motif_resiliation="") -> Apercu:
    """Cancels everything of the partners from the first day no longer in force, in one
    transaction; the people concerned are told once it has committed.

    With `resilier_le`, first records the termination from that day (with its reason).
    Idempotent: what is already cancelled stays as it is, and partners hear of the end once.
    Raises ValidationError (French) when the termination is refused or no end is known.
    """
    with transaction.atomic():
        Convention.objects.select_for_update().filter(pk=convention.pk).first()
        if resilier_le is not None:
            resiliation = Resiliation(
                convention=convention, date=resilier_le, motif=(motif_resiliation or "").strip()
            )
            resiliation.full_clean()
            resiliation.save()
        convention = Convention.objects.avec_vie().get(pk=convention.pk)
        fin = fin_connue(convention)
        if fin is None:
            raise ValidationError(
                _("Cette convention se renouvelle : aucune fin n'est encore enregistrée."),
                code="sans_fin",
            )
        organisations = _partenaires(convention, fin)
        fait = Apercu(convention=convention, fin=fin, organisations=organisations)
        motif = motif_de_fin(convention, fin, organisations)
        if organisations:
            for annuleur in _annuleurs:
                rubriques, personnes = annuleur.annuler(
                    organisation_ids=list(organisations),
                    a_partir_du=fait.a_partir_du,
                    motif=motif,
                    par=par,
                )
                fait.rubriques += rubriques
                fait.personnes_prevenues += personnes
        if convention.fin_appliquee != fin:
            # Confirmed again (a second click, a second person): partners hear of it once.
            Convention.objects.filter(pk=convention.pk).update(fin_appliquee=fin)
            emettre(
                "convention.terminee", objet=convention, fin=fin, organisations=list(organisations)
            )
    return fait


__all__ = [
    "Annuleur",
    "Apercu",
    "Ligne",
    "Rubrique",
    "apercu_fin",
    "enregistrer_annuleur",
    "fin_connue",
    "mettre_fin",
]
