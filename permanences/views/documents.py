"""The printable day sheet (PDF) and the private calendar feed (ICS) of a volunteer."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from permanences.models import JetonCalendrier
from permanences.services.agenda import flux_des_occurrences
from permanences.views.base import EspaceScopeMixin
from ruche.models.lieu import plusieurs_lieux
from ruche.pdf import pdf_response, render_pdf
from ruche.roles import BENEVOLE, PERSONNEL, a_le_role

# Empty lines on the day sheet, for residents who come without an appointment.
LIGNES_A_REMPLIR = 10


class FeuilleView(EspaceScopeMixin, View):
    def get(self, request, pk):
        occurrence = get_object_or_404(self.occurrences(), pk=pk)
        # With several places, rooms share names: the sheet says which place it is.
        lieu = occurrence.reservation.salle.lieu if plusieurs_lieux() else None
        contenu = render_pdf(
            "permanences/pdf/feuille.html",
            {
                "occurrence": occurrence,
                "lignes": range(LIGNES_A_REMPLIR),
                "lieu": lieu,
                # The partners in force on the session's day: no ended partner's logo.
                "jour_du_document": occurrence.date,
            },
        )
        return pdf_response(contenu, f"permanence-{occurrence.date.isoformat()}.pdf")


class AgendaView(EspaceScopeMixin, TemplateView):
    """Create, change or remove the secret address of one's calendar feed."""

    template_name = "permanences/espace/agenda.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jeton = JetonCalendrier.objects.filter(utilisateur=self.request.user).first()
        context["jeton"] = jeton
        if jeton is not None:
            chemin = reverse("permanences:agenda_ics", kwargs={"cle": jeton.cle})
            context["adresse"] = self.request.build_absolute_uri(chemin)
            context["adresse_webcal"] = "webcal://" + context["adresse"].split("://", 1)[1]
        return context

    def post(self, request):
        action = request.POST.get("action")
        JetonCalendrier.objects.filter(utilisateur=request.user).delete()
        if action == "supprimer":
            messages.success(request, _("L'ancienne adresse ne marche plus."))
        else:
            JetonCalendrier.objects.create(utilisateur=request.user)
            messages.success(request, _("Votre adresse d'agenda est prête."))
        return redirect("permanences:agenda")


class AgendaIcsView(View):
    """The feed itself: no login (phones cannot log in), the secret address is the key."""

    def get(self, request, cle):
        jeton = JetonCalendrier.objects.select_related("utilisateur").filter(cle=cle).first()
        if jeton is None or not a_le_role(jeton.utilisateur, BENEVOLE, PERSONNEL):
            raise Http404
        contenu = flux_des_occurrences(jeton.utilisateur)
        response = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="permanences.ics"'
        response["Cache-Control"] = "private, no-store"
        return response
