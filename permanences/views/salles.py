"""The Ruche staff's view of every room for a week."""

from datetime import timedelta

from django.utils import timezone
from django.views.generic import TemplateView

from permanences.models import ReservationSalle, Salle
from permanences.occurrences import jours_feries
from permanences.periodes import semaine_iso
from permanences.views.base import LecturePeriodeMixin, fermetures_par_jour
from ruche.access import PersonnelMixin


class OccupationView(PersonnelMixin, LecturePeriodeMixin, TemplateView):
    """Rooms × days of a week, with each active booking: a fixed number of queries."""

    template_name = "permanences/personnel/occupation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        periode = self.periode
        days = periode.jours()
        rooms = list(Salle.objects.all())
        cells = {(room.pk, day): [] for room in rooms for day in days}
        bookings = (
            ReservationSalle.objects.visibles_par(self.request.user)
            .actives()
            .filter(debut__gte=periode.debut, debut__lt=periode.fin)
            .select_related("organisation", "occurrence")
        )
        for booking in bookings:
            key = (booking.salle_id, timezone.localdate(booking.debut))
            if key in cells:
                cells[key].append(booking)
        closed = {**fermetures_par_jour(periode), **jours_feries(days[0], days[-1])}
        context.update(
            periode=periode,
            jours=[{"date": day, "ferme": closed.get(day, "")} for day in days],
            lignes=[
                {"salle": room, "cellules": [cells[(room.pk, day)] for day in days]}
                for room in rooms
            ],
            precedente=semaine_iso(periode.premier_jour - timedelta(days=7)),
            suivante=semaine_iso(periode.premier_jour + timedelta(days=7)),
        )
        return context
