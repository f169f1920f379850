"""What every page of the volunteers' space shares: the scope of what a person may see."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from permanences.models import Occurrence, ReservationSalle
from permanences.occurrences import jours_feries
from permanences.periodes import PeriodeInvalide, lire_semaine
from ruche.access import EspaceMixin
from ruche.models import Fermeture
from ruche.models.lieu import plusieurs_lieux
from ruche.perimetre import lieux_de_l_espace
from ruche.roles import est_personnel


@dataclass
class Jour:
    """One day of a page: its occurrences, other room bookings, and why the Ruche is closed."""

    date: date
    occurrences: list = field(default_factory=list)
    reservations: list = field(default_factory=list)
    ferie: str = ""
    fermeture: str = ""
    # With several places, `fermeture` names each closed place ("Pont : travaux").
    fermeture_par_lieu: bool = False
    # The last day of a run of closed days shown as one (the month view), else None.
    jusqu_au: date | None = None

    @property
    def est_aujourdhui(self):
        return self.date == timezone.localdate()

    @property
    def seulement_ferme(self):
        """Closed, with nothing else to show that day."""
        return bool(self.fermeture) and not (self.occurrences or self.reservations or self.ferie)

    @property
    def est_vide(self):
        return not (self.occurrences or self.reservations or self.ferie or self.fermeture)


class EspaceScopeMixin(EspaceMixin):
    """The space's querysets, each starting from `visibles_par` (ruche/perimetre.py)."""

    @property
    def voit_tout(self):
        return est_personnel(self.request.user)

    def occurrences(self):
        return (
            Occurrence.objects.visibles_par(self.request.user)
            .select_related("permanence__organisation", "reservation__salle")
            .prefetch_related("permanence__demarches", "permanence__intervenants")
            .avec_liste_rendez_vous()
        )

    def reservations_hors_permanence(self):
        """Room bookings that are not an occurrence (workshops, other uses), still active."""
        return (
            ReservationSalle.objects.visibles_par(self.request.user)
            .actives()
            .filter(occurrence__isnull=True)
            .select_related("salle", "organisation")
        )

    def programme(self, periode):
        """The days of the period with what happens on each: a fixed number of queries."""
        debut, fin = periode.bornes()
        jours = {jour: Jour(jour) for jour in periode.jours()}
        for occurrence in self.occurrences().entre(debut, fin):
            jours[timezone.localdate(occurrence.debut)].occurrences.append(occurrence)
        for reservation in self.reservations_hors_permanence().filter(
            debut__gte=debut, debut__lt=fin
        ):
            jours[timezone.localdate(reservation.debut)].reservations.append(reservation)
        for jour, nom in jours_feries(periode.debut, periode.fin).items():
            jours[jour].ferie = nom
        # Staff see the closures of their places; volunteers those of the places where
        # their organisation holds a convention.
        lieux = lieux_de_l_espace(self.request.user)
        textes, par_lieu = fermetures_nommees(periode, lieux)
        for jour, texte in textes.items():
            jours[jour].fermeture = texte
            jours[jour].fermeture_par_lieu = par_lieu
        return list(jours.values())


def fermetures_nommees(periode, lieux=None):
    """The closures of the places `lieux` (pks; None: every place) in the period, as
    ({day: text}, named): with one place in the install the text is the reason, as before
    places existed; with several, each closed place's name and reason ("Pont : travaux ;
    …"), since a closure closes its place only. One query, two when there is a closure."""
    fermetures = list(
        Fermeture.objects.des_lieux(lieux)
        .touchant(periode.debut, periode.fin)
        .select_related("lieu")
        .order_by("lieu__nom", "debut")
    )
    nommees = bool(fermetures) and plusieurs_lieux()
    fermes = {}
    for fermeture in fermetures:
        texte = f"{fermeture.lieu.nom} : {fermeture.motif}" if nommees else fermeture.motif
        for jour in periode.jours():
            if fermeture.debut <= jour <= fermeture.fin:
                fermes.setdefault(jour, {}).setdefault(fermeture.lieu_id, texte)
    if not nommees:  # one place: its first closure of the day, as before
        return {jour: next(iter(textes.values())) for jour, textes in fermes.items()}, False
    return {jour: " ; ".join(textes.values()) for jour, textes in fermes.items()}, True


def fermetures_par_lieu(periode, lieux=None):
    """The closures of the places `lieux` (pks; None: every place) in the period, as
    {place pk: {day: reason}}: one query."""
    fermes = {}
    for fermeture in Fermeture.objects.des_lieux(lieux).touchant(periode.debut, periode.fin):
        jours = fermes.setdefault(fermeture.lieu_id, {})
        for jour in periode.jours():
            if fermeture.debut <= jour <= fermeture.fin:
                jours.setdefault(jour, fermeture.motif)
    return fermes


class LecturePeriodeMixin:
    """Reads the period from the query string; a bad value shows this week and a French
    message (status 400), never a server error."""

    parametre = "semaine"

    def lire(self, saisie, aujourdhui):
        return lire_semaine(saisie, aujourdhui)

    def get(self, request, *args, **kwargs):
        aujourdhui = timezone.localdate()
        try:
            self.periode = self.lire(request.GET.get(self.parametre), aujourdhui)
            erreur = ""
        except PeriodeInvalide as exc:
            self.periode = self.lire("", aujourdhui)
            erreur = str(exc)
        context = self.get_context_data(erreur=erreur, **kwargs)
        return self.render_to_response(context, status=400 if erreur else 200)
