"""The volunteers' side of appointments: the day's list, attendance, notes, desk bookings."""

import re
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from permanences.forms.rendezvous import GuichetForm, NotesForm, contact
from permanences.models import Demarche, Occurrence, RendezVous
from permanences.services.disponibilites import occurrences_de, prochains_creneaux
from permanences.services.rendezvous import (
    CANAUX_GUICHET,
    marquer_presence,
    reserver_rendez_vous,
    trouver_creneau,
)
from ruche.access import EspaceMixin
from ruche.portees_personnel import version_des_rendez_vous
from ruche.roles import est_personnel
from ruche.versions import cle_personnelle


class RendezVousDuJourView(EspaceMixin, View):
    def get(self, request, jour=None):
        jour = jour or timezone.localdate()
        occurrences = lambda: (  # noqa: E731 - built only when the part is rendered
            Occurrence.objects.visibles_par(request.user)
            .filter(date=jour)
            .select_related("permanence__salle", "permanence__organisation")
            .avec_liste_rendez_vous()
            .order_by("debut")
        )
        return render(
            request,
            "permanences/espace/rendez_vous_jour.html",
            {
                "jour": jour,
                "occurrences": occurrences,
                "veille": jour - timedelta(days=1),
                "lendemain": jour + timedelta(days=1),
                "aujourdhui": timezone.localdate(),
                # The day's sessions, rendered once per version of the appointments the
                # person sees (ruche.portees_personnel): the query above does not run on a hit.
                "cle_occurrences": cle_personnelle(request, version_des_rendez_vous(request.user)),
            },
        )


class RendezVousScopeMixin(EspaceMixin):
    def get_rendez_vous(self, pk):
        return get_object_or_404(
            RendezVous.objects.visibles_par(self.request.user).select_related(
                "demarche", "occurrence__permanence__salle", "occurrence__permanence__organisation"
            ),
            pk=pk,
        )


def retour(request, rdv):
    cible = request.POST.get("next", "")
    # Only a path of this site: redirect() would read any other word as a view name.
    if cible.startswith("/") and url_has_allowed_host_and_scheme(
        cible, {request.get_host()}, request.is_secure()
    ):
        return HttpResponseRedirect(cible)
    return redirect("permanences:espace_rendez_vous_jour", timezone.localdate(rdv.debut))


class PresenceView(RendezVousScopeMixin, View):
    def post(self, request, pk):
        rdv = self.get_rendez_vous(pk)
        statut = request.POST.get("statut")
        if statut not in (RendezVous.Statut.VENU, RendezVous.Statut.ABSENT):
            messages.error(request, _("Choisissez « Venu » ou « Pas venu »."))
            return retour(request, rdv)
        try:
            marquer_presence(rendez_vous=rdv, venu=statut == RendezVous.Statut.VENU)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request,
                _("%(nom)s : %(statut)s.") % {"nom": rdv.nom, "statut": rdv.get_statut_display()},
            )
        return retour(request, rdv)


def voit_les_notes(utilisateur, rdv):
    """Notes are for the organisation that holds the permanence, nobody else."""
    return utilisateur.organisation_id == rdv.occurrence.permanence.organisation_id


class RendezVousDetailView(RendezVousScopeMixin, View):
    template_name = "permanences/espace/rendez_vous_detail.html"

    def get(self, request, pk):
        rdv = self.get_rendez_vous(pk)
        form = NotesForm(instance=rdv) if voit_les_notes(request.user, rdv) else None
        return render(request, self.template_name, {"rdv": rdv, "form": form})

    def post(self, request, pk):
        rdv = self.get_rendez_vous(pk)
        if not voit_les_notes(request.user, rdv):
            raise PermissionDenied
        form = NotesForm(request.POST, instance=rdv)
        if form.is_valid():
            form.save()
            messages.success(request, _("Notes enregistrées."))
            return redirect("permanences:espace_rendez_vous", rdv.pk)
        return render(request, self.template_name, {"rdv": rdv, "form": form})


class NouveauRendezVousView(EspaceMixin, View):
    """Step 1: the démarche (?demarche=); step 2: the slot and the resident's contact."""

    template_name = "permanences/espace/rendez_vous_nouveau.html"

    def canaux(self):
        if est_personnel(self.request.user):
            return CANAUX_GUICHET
        return (RendezVous.Canal.TELEPHONE, RendezVous.Canal.SUR_PLACE)

    def occurrences_ouvertes(self, demarche):
        return occurrences_de(demarche).filter(
            pk__in=Occurrence.objects.visibles_par(self.request.user).values("pk")
        )

    def context(self, demarche, data=None):
        context = {"demarches": Demarche.objects.actives(), "demarche": demarche}
        if demarche is not None:
            creneaux = prochains_creneaux(
                demarche=demarche,
                nombre=60,
                guichet=True,
                occurrences=self.occurrences_ouvertes(demarche),
            )
            context["form"] = GuichetForm(
                data,
                creneaux=creneaux,
                canaux=self.canaux(),
                initial={"canal": self.canaux()[0]},
            )
        return context

    def demarche(self, saisie):
        # isdigit() also accepts "²", which int() refuses: ASCII digits only, within int4.
        if not re.fullmatch(r"[0-9]{1,9}", saisie or ""):
            return None
        return Demarche.objects.actives().filter(pk=saisie).first()

    def get(self, request):
        demarche = self.demarche(request.GET.get("demarche"))
        context = self.context(demarche)
        if request.GET.get("demarche") and demarche is None:
            context["erreur"] = _("Choisissez une démarche dans la liste.")
        return render(request, self.template_name, context)

    def post(self, request):
        demarche = self.demarche(request.POST.get("demarche"))
        if demarche is None:
            context = self.context(None)
            context["erreur"] = _("Choisissez une démarche dans la liste.")
            return render(request, self.template_name, context)
        context = self.context(demarche, request.POST)
        form = context["form"]
        if form.is_valid():
            try:
                occurrence, debut = trouver_creneau(
                    demarche=demarche,
                    valeur=form.cleaned_data["creneau"],
                    guichet=True,
                    occurrences=self.occurrences_ouvertes(demarche),
                )
                rdv = reserver_rendez_vous(
                    occurrence=occurrence,
                    demarche=demarche,
                    debut=debut,
                    **contact(form),
                    canal=form.cleaned_data["canal"],
                    par=request.user,
                    consentement=form.cleaned_data["accepte"],
                )
            except ValidationError as exc:
                form.add_error("creneau", exc.messages[0])
            else:
                messages.success(
                    request,
                    _("Rendez-vous pris pour %(nom)s.") % {"nom": rdv.nom},
                )
                return redirect(
                    reverse(
                        "permanences:espace_rendez_vous_jour", args=[timezone.localdate(rdv.debut)]
                    )
                )
        return render(request, self.template_name, context)
