"""Week, month and day pages of the volunteers' space."""

import functools
from datetime import timedelta

from django.utils import timezone
from django.views.generic import TemplateView

from permanences.periodes import lire_mois, semaine_iso
from permanences.views.base import EspaceScopeMixin, LecturePeriodeMixin
from ruche.periodes import Periode
from ruche.portees_personnel import version_des_rendez_vous
from ruche.versions import cle_personnelle


class PeriodeView(EspaceScopeMixin, LecturePeriodeMixin, TemplateView):
    """The organisation's occurrences and room bookings of a week or a month."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["periode"] = self.periode
        # Read on first use only: not at all when the week's cached rendering serves.
        context["jours"] = functools.cache(lambda: self.programme(self.periode))
        context["voit_tout"] = self.voit_tout
        return context


class SemaineView(PeriodeView):
    template_name = "permanences/espace/semaine.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lundi = self.periode.debut
        context["precedente"] = semaine_iso(lundi - timedelta(days=7))
        context["suivante"] = semaine_iso(lundi + timedelta(days=7))
        context["mois"] = lundi.strftime("%Y-%m")
        # The days, rendered once per version of the sessions and appointments the person
        # sees (ruche.portees_personnel): a visit typed or another place's booking keeps them.
        context["cle_jours"] = cle_personnelle(
            self.request, version_des_rendez_vous(self.request.user)
        )
        return context


class MoisView(PeriodeView):
    template_name = "permanences/espace/mois.html"
    parametre = "mois"

    def lire(self, saisie, aujourdhui):
        return lire_mois(saisie, aujourdhui)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        premier = self.periode.debut
        context["precedent"] = (premier - timedelta(days=1)).strftime("%Y-%m")
        context["suivant"] = (self.periode.fin + timedelta(days=1)).strftime("%Y-%m")
        context["semaines"] = [
            _fermetures_groupees(jours)
            for jours in _par_semaine(context["jours"]())
            if any(not j.est_vide for j in jours)
        ]
        return context


def _fermetures_groupees(jours):
    """The week's days, each run of days closed for the same reason with nothing else shown
    as its first day up to the last (`jusqu_au`): a summer closure is said once a week, not
    once a day down a phone's screen."""
    groupes = []
    for jour in jours:
        precedent = groupes[-1] if groupes else None
        if (
            precedent is not None
            and jour.seulement_ferme
            and precedent.seulement_ferme
            and jour.fermeture == precedent.fermeture
            and jour.date == (precedent.jusqu_au or precedent.date) + timedelta(days=1)
        ):
            precedent.jusqu_au = jour.date
        else:
            groupes.append(jour)
    return groupes


def _par_semaine(jours):
    semaines = []
    for jour in jours:
        if not semaines or jour.date.weekday() == 0:
            semaines.append([])
        semaines[-1].append(jour)
    return semaines


class JourView(EspaceScopeMixin, TemplateView):
    template_name = "permanences/espace/jour.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jour = kwargs["jour"]
        (context["jour"],) = self.programme(Periode(jour, jour))
        context["veille"] = jour - timedelta(days=1)
        context["lendemain"] = jour + timedelta(days=1)
        context["semaine"] = semaine_iso(jour)
        context["maintenant"] = timezone.now()
        return context
