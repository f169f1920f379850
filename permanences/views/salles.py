"""The Ruche staff's view of every room for a week."""

from datetime import timedelta

from django.utils import timezone
from django.views.generic import TemplateView

from permanences.models import ReservationSalle, Salle
from permanences.occurrences import jours_feries
from permanences.periodes import semaine_iso
from permanences.views.base import LecturePeriodeMixin, fermetures_par_lieu
from ruche.access import PersonnelMixin
from ruche.perimetre import lieux_visibles


class OccupationView(PersonnelMixin, LecturePeriodeMixin, TemplateView):
    """Rooms × days of a week, with each active booking: a fixed number of queries.

    A closure closes its place's rooms only: a day is marked closed at the head of its column
    when every place shown is closed (or on a public holiday), else in the closed rooms' cells.
    """

    template_name = "permanences/personnel/occupation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        periode = self.periode
        debut, fin = periode.bornes()
        jours = periode.jours()
        lieux = lieux_visibles(self.request.user)
        salles = list(Salle.objects.des_lieux(lieux))
        cellules = {(salle.pk, jour): [] for salle in salles for jour in jours}
        reservations = (
            ReservationSalle.objects.visibles_par(self.request.user)
            .actives()
            .filter(debut__gte=debut, debut__lt=fin)
            .select_related("organisation", "occurrence")
        )
        for reservation in reservations:
            cle = (reservation.salle_id, timezone.localdate(reservation.debut))
            if cle in cellules:
                cellules[cle].append(reservation)
        feries = jours_feries(jours[0], jours[-1])
        fermes = fermetures_par_lieu(periode, lieux)
        lieux_des_salles = {salle.lieu_id for salle in salles} or set(fermes)

        def ferme_partout(jour):
            motifs = [fermes.get(lieu, {}).get(jour) for lieu in sorted(lieux_des_salles)]
            return feries.get(jour) or (motifs[0] if motifs and all(motifs) else "")

        colonnes = {jour: ferme_partout(jour) for jour in jours}

        def cellule(salle, jour):
            ferme = "" if colonnes[jour] else fermes.get(salle.lieu_id, {}).get(jour, "")
            return {"reservations": cellules[(salle.pk, jour)], "ferme": ferme}

        context.update(
            periode=periode,
            jours=[{"date": jour, "ferme": colonnes[jour]} for jour in jours],
            lignes=[
                {"salle": salle, "cellules": [cellule(salle, jour) for jour in jours]}
                for salle in salles
            ],
            precedente=semaine_iso(periode.debut - timedelta(days=7)),
            suivante=semaine_iso(periode.debut + timedelta(days=7)),
        )
        return context
