"""The semester drafted by the association in the browser, and validated by the Ruche.

Every calendar is read through `Calendrier.objects.visibles_par(user)`: another
organisation's draft is a 404. Conflicts are computed on the server at each "Vérifier" and
each save, so the page works without JavaScript.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from permanences.forms.semestre import PermanenceHebdomadaireForm, RenvoiForm, SauterDatesForm
from permanences.models import Calendrier, Permanence
from permanences.services.calendrier import peut_agir_pour
from permanences.services.semestre import (
    conflits_du_calendrier,
    enregistrer_permanence,
    lieux_du_calendrier,
    preparer_calendrier,
    remettre_date,
    renvoyer_calendrier,
    retirer_permanence,
    sauter_dates,
    semestre_suivant,
    soumettre_calendrier,
    valider_calendrier,
)
from ruche.access import EspaceMixin, PersonnelMixin
from ruche.models import Lieu
from ruche.models.lieu import plusieurs_lieux
from ruche.roles import est_personnel


def _calendriers(utilisateur):
    return Calendrier.objects.visibles_par(utilisateur).select_related(
        "organisation", "soumis_par", "valide_par", "lieu"
    )


def _entier(valeur):
    """The number typed, or None (a bad value finds no place rather than a server error)."""
    try:
        return int(valeur)
    except (TypeError, ValueError):
        return None


def _ajouter_erreurs(form, exc):
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field_name if field_name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class CalendriersView(EspaceMixin, View):
    """The organisation's semester calendars, and the next one to prepare."""

    template_name = "permanences/semestre/liste.html"

    def get(self, request):
        calendriers = _calendriers(request.user).annotate(nombre=Count("permanences"))
        annee, semestre = semestre_suivant(timezone.localdate())
        organisation = request.user.organisation
        prochain = None
        # The Ruche validates calendars; the associations draft them, one per place where
        # they hold a convention.
        if organisation is not None and not est_personnel(request.user):
            existants = {
                calendrier.lieu_id: calendrier
                for calendrier in calendriers.filter(
                    organisation=organisation, annee=annee, semestre=semestre
                )
            }
            lieux = lieux_du_calendrier(organisation)
            prochain = {
                "annee": annee,
                "semestre": Calendrier.Semestre(semestre).label,
                "lieux": [(lieu, existants.get(lieu.pk)) for lieu in lieux],
                "plusieurs": len(lieux) > 1,
                "existe": existants.get(lieux[0].pk) if len(lieux) == 1 else None,
            }
        return render(
            request,
            self.template_name,
            {
                "calendriers": calendriers.order_by("-annee", "-semestre", "organisation__nom"),
                "prochain": prochain,
                "plusieurs_lieux": plusieurs_lieux(),
            },
        )

    def post(self, request):
        organisation = request.user.organisation
        if organisation is None or est_personnel(request.user):
            messages.error(
                request, _("Seule une association partenaire prépare son calendrier ici.")
            )
            return redirect("permanences:calendriers")
        annee, semestre = semestre_suivant(timezone.localdate())
        lieu = None
        if request.POST.get("lieu"):
            lieu = Lieu.objects.filter(pk=_entier(request.POST["lieu"])).first()
            if lieu is None:
                messages.error(request, _("Choisissez un lieu dans la liste."))
                return redirect("permanences:calendriers")
        try:
            calendrier = preparer_calendrier(
                organisation=organisation,
                annee=annee,
                semestre=semestre,
                par=request.user,
                lieu=lieu,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("permanences:calendriers")
        return redirect("permanences:calendrier_brouillon", calendrier.pk)


class CalendrierMixin(EspaceMixin):
    def get_calendrier(self, pk):
        return get_object_or_404(_calendriers(self.request.user), pk=pk)

    def peut_modifier(self, calendrier):
        return calendrier.est_modifiable and peut_agir_pour(
            self.request.user, calendrier.organisation
        )

    def lignes(self, calendrier, proposee=None):
        """(rows of (permanence, conflicts), the proposed permanence's conflicts or None)."""
        permanences, conflits = conflits_du_calendrier(calendrier, proposee=proposee)
        lignes = list(zip(permanences, [conflits[i] for i in range(len(permanences))], strict=True))
        if proposee is None:
            return lignes, None
        return lignes[:-1], lignes[-1][1]

    def permanence_proposee(self, calendrier, form, permanence=None):
        data = form.cleaned_data
        proposee = Permanence(
            pk=permanence.pk if permanence else None,
            calendrier=calendrier,
            organisation=calendrier.organisation,
            jour_semaine=data["jour_semaine"],
            heure_debut=data["heure_debut"],
            heure_fin=data["heure_fin"],
            salle=data["salle"],
            accueil=data["accueil"],
        )
        return proposee

    def enregistrer(self, calendrier, form, permanence=None):
        data = form.cleaned_data
        return enregistrer_permanence(
            calendrier=calendrier,
            par=self.request.user,
            permanence=permanence,
            jour_semaine=data["jour_semaine"],
            heure_debut=data["heure_debut"],
            heure_fin=data["heure_fin"],
            salle=data["salle"],
            accueil=data["accueil"],
            demarches=data["demarches"],
            intervenants=data["intervenants"],
        )


class CalendrierBrouillonView(CalendrierMixin, View):
    """The draft: its permanences with their conflicts, the form to add one, sending it;
    for the Ruche staff, validating it or sending it back."""

    template_name = "permanences/semestre/calendrier.html"

    def context(self, calendrier, form=None, apercu=None, renvoi=None, proposee=None):
        lignes, conflits_proposee = self.lignes(calendrier, proposee)
        modifiable = self.peut_modifier(calendrier)
        if form is None and modifiable:
            form = PermanenceHebdomadaireForm(
                organisation=calendrier.organisation, lieu=calendrier.lieu
            )
        detaillees = (
            Permanence.objects.visibles_par(self.request.user)
            .filter(pk__in=[p.pk for p, _c in lignes])
            .prefetch_related("demarches", Prefetch("intervenants"), "dates_sautees")
        )
        details = {p.pk: p for p in detaillees}
        return {
            "calendrier": calendrier,
            "plusieurs_lieux": plusieurs_lieux(),
            "lignes": [(details.get(p.pk, p), c) for p, c in lignes],
            "bloquants": any(c.bloquant for _p, conflits in lignes for c in conflits),
            "form": form,
            "modifiable": modifiable,
            "apercu": apercu,
            "apercu_conflits": conflits_proposee,
            "personnel": est_personnel(self.request.user),
            "renvoi": renvoi or RenvoiForm(),
            "historique": calendrier.history.select_related("history_user").order_by(
                "history_date"
            ),
        }

    def get(self, request, pk):
        calendrier = self.get_calendrier(pk)
        return render(request, self.template_name, self.context(calendrier))

    def post(self, request, pk):
        calendrier = self.get_calendrier(pk)
        if not self.peut_modifier(calendrier):
            messages.error(request, _("Ce calendrier ne se modifie plus ici."))
            return redirect("permanences:calendrier_brouillon", calendrier.pk)
        form = PermanenceHebdomadaireForm(
            request.POST, organisation=calendrier.organisation, lieu=calendrier.lieu
        )
        if not form.is_valid():
            return render(request, self.template_name, self.context(calendrier, form), status=200)
        proposee = self.permanence_proposee(calendrier, form)
        if request.POST.get("action") != "ajouter":
            return render(
                request,
                self.template_name,
                self.context(calendrier, form, apercu=True, proposee=proposee),
            )
        try:
            self.enregistrer(calendrier, form)
        except ValidationError as exc:
            _ajouter_erreurs(form, exc)
            return render(request, self.template_name, self.context(calendrier, form))
        messages.success(request, _("Permanence ajoutée. Regardez les conflits éventuels."))
        return redirect("permanences:calendrier_brouillon", calendrier.pk)


class PermanenceBrouillonView(CalendrierMixin, View):
    template_name = "permanences/semestre/permanence.html"

    def get_permanence(self, calendrier, pk):
        return get_object_or_404(calendrier.permanences.select_related("salle"), pk=pk)

    def page(self, request, calendrier, permanence, form, apercu=None):
        return render(
            request,
            self.template_name,
            {
                "calendrier": calendrier,
                "permanence": permanence,
                "form": form,
                "apercu": apercu is not None,
                "apercu_conflits": apercu,
            },
        )

    def get(self, request, pk, permanence_pk):
        calendrier = self.get_calendrier(pk)
        if not self.peut_modifier(calendrier):
            return redirect("permanences:calendrier_brouillon", calendrier.pk)
        permanence = self.get_permanence(calendrier, permanence_pk)
        form = PermanenceHebdomadaireForm(
            initial=PermanenceHebdomadaireForm.initial_de(permanence),
            organisation=calendrier.organisation,
            lieu=calendrier.lieu,
        )
        return self.page(request, calendrier, permanence, form)

    def post(self, request, pk, permanence_pk):
        calendrier = self.get_calendrier(pk)
        if not self.peut_modifier(calendrier):
            messages.error(request, _("Ce calendrier ne se modifie plus ici."))
            return redirect("permanences:calendrier_brouillon", calendrier.pk)
        permanence = self.get_permanence(calendrier, permanence_pk)
        form = PermanenceHebdomadaireForm(
            request.POST, organisation=calendrier.organisation, lieu=calendrier.lieu
        )
        if not form.is_valid():
            return self.page(request, calendrier, permanence, form)
        if request.POST.get("action") != "enregistrer":
            _lignes, conflits = self.lignes(
                calendrier, self.permanence_proposee(calendrier, form, permanence)
            )
            return self.page(request, calendrier, permanence, form, apercu=conflits)
        try:
            self.enregistrer(calendrier, form, permanence)
        except ValidationError as exc:
            _ajouter_erreurs(form, exc)
            return self.page(request, calendrier, permanence, form)
        messages.success(request, _("Permanence modifiée."))
        return redirect("permanences:calendrier_brouillon", calendrier.pk)


class RetirerPermanenceView(CalendrierMixin, View):
    def post(self, request, pk, permanence_pk):
        calendrier = self.get_calendrier(pk)
        permanence = get_object_or_404(calendrier.permanences.all(), pk=permanence_pk)
        try:
            retirer_permanence(permanence=permanence, par=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied:
            messages.error(request, _("Ce calendrier est celui d'une autre organisation."))
        else:
            messages.success(request, _("Permanence retirée du calendrier."))
        return redirect("permanences:calendrier_brouillon", calendrier.pk)


def _vers_la_ligne(calendrier, permanence):
    """Back to the draft, at the permanence's card (a phone keeps its place on the page)."""
    url = reverse("permanences:calendrier_brouillon", args=[calendrier.pk])
    return redirect(f"{url}#permanence-{permanence.pk}")


class DatesSauteesMixin(CalendrierMixin):
    """Posts dates of one weekly permanence of the draft (ticked or typed), acts on them,
    then goes back to its card."""

    def agir(self, permanence, jours):
        raise NotImplementedError

    def post(self, request, pk, permanence_pk):
        calendrier = self.get_calendrier(pk)
        permanence = get_object_or_404(calendrier.permanences.all(), pk=permanence_pk)
        form = SauterDatesForm(request.POST)
        if not form.is_valid():
            for erreurs in form.errors.values():
                for message in erreurs:
                    messages.error(request, message)
            return _vers_la_ligne(calendrier, permanence)
        try:
            message = self.agir(permanence, form.cleaned_data["jours"])
        except ValidationError as exc:
            for erreur in exc.messages:
                messages.error(request, erreur)
        except PermissionDenied:
            messages.error(request, _("Ce calendrier est celui d'une autre organisation."))
        else:
            messages.success(request, message)
        return _vers_la_ligne(calendrier, permanence)


class SauterDatesView(DatesSauteesMixin, View):
    """The permanence skips those dates: no session those days, every other week stands,
    and the rest of the calendar can be sent."""

    def agir(self, permanence, jours):
        sauter_dates(permanence=permanence, dates=jours, par=self.request.user)
        return ngettext(
            "Pas de permanence ce jour-là. Les autres semaines restent.",
            "Pas de permanence ces jours-là. Les autres semaines restent.",
            len(jours),
        )


class RemettreDateView(DatesSauteesMixin, View):
    """A skipped date gets its session back."""

    def agir(self, permanence, jours):
        for jour in jours:
            remettre_date(permanence=permanence, jour=jour, par=self.request.user)
        return _("La permanence a de nouveau lieu ce jour-là.")


class SoumettreView(CalendrierMixin, View):
    def post(self, request, pk):
        calendrier = self.get_calendrier(pk)
        try:
            soumettre_calendrier(calendrier=calendrier, par=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except PermissionDenied:
            messages.error(request, _("Ce calendrier est celui d'une autre organisation."))
        else:
            messages.success(
                request, _("Calendrier envoyé à la Ruche. Vous recevrez sa réponse par e-mail.")
            )
        return redirect("permanences:calendrier_brouillon", calendrier.pk)


class ValiderView(PersonnelMixin, CalendrierMixin, View):
    def post(self, request, pk):
        calendrier = self.get_calendrier(pk)
        if calendrier.statut != Calendrier.Statut.SOUMIS:
            messages.error(request, _("Ce calendrier n'attend pas de validation."))
            return redirect("permanences:calendrier_brouillon", calendrier.pk)
        try:
            bilan = valider_calendrier(calendrier=calendrier, par=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("permanences:calendrier_brouillon", calendrier.pk)
        messages.success(
            request,
            _("%(calendrier)s validé : %(n)s séances créées. L'association est prévenue.")
            % {"calendrier": calendrier, "n": bilan.creees},
        )
        return redirect("permanences:calendriers_a_valider")


class RenvoyerView(PersonnelMixin, CalendrierBrouillonView):
    http_method_names = ["post"]

    def post(self, request, pk):
        calendrier = self.get_calendrier(pk)
        form = RenvoiForm(request.POST)
        if form.is_valid():
            try:
                renvoyer_calendrier(
                    calendrier=calendrier,
                    par=request.user,
                    commentaire=form.cleaned_data["commentaire"],
                )
            except ValidationError as exc:
                _ajouter_erreurs(form, exc)
            else:
                messages.success(
                    request, _("Calendrier renvoyé à l'association, avec votre commentaire.")
                )
                return redirect("permanences:calendriers_a_valider")
        return render(request, self.template_name, self.context(calendrier, renvoi=form))


class CalendriersAValiderView(PersonnelMixin, View):
    def get(self, request):
        calendriers = (
            _calendriers(request.user)
            .a_valider()
            .annotate(nombre=Count("permanences"))
            .order_by("soumis_le")
        )
        return render(request, "permanences/semestre/a_valider.html", {"calendriers": calendriers})
