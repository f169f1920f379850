"""A breach notification's life: its letter as a PDF, its receipt, its remedy (Articles 3
and 6), for the party that notified it; the association notifies the Ruche's failures from
its own page (Article 6 runs both ways)."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from partenariats import forms
from partenariats.models import Manquement
from partenariats.models.convention import partie_de
from partenariats.pdf import lettre_manquement_pdf
from partenariats.services.manquements import (
    engagements_de,
    notifier_manquement,
    peut_noter_reception,
    peut_noter_remede,
)
from partenariats.views.conventions import conventions_completes
from partenariats.views.formulaires import ConventionFormView
from ruche.access import ConventionsMixin, RepresentantMixin
from ruche.langues import nom_en_phrase
from ruche.pdf import pdf_response
from ruche.roles import PERSONNEL, REPRESENTANT, est_personnel


class ManquementCreateView(ConventionFormView):
    """The Ruche notifies the association (Article 3 or 6); the association notifies the
    Ruche from its own page (ManquementDeLaRucheView below)."""

    form_class = forms.ManquementForm
    titre = _("Notifier un manquement")
    message = _(
        "La notification est enregistrée. Téléchargez la lettre, faites-la signer et envoyez-la "
        "en recommandé. Notez sa réception au retour de l'accusé de réception."
    )

    @cached_property
    def partie(self):
        """The party that notifies: the one the person speaks for."""
        partie = partie_de(self.request.user, self.convention)
        if partie is None:
            raise Http404
        return partie

    def get_instance(self):
        return self.form_class._meta.model(convention=self.convention, partie=self.partie)

    def get_form_kwargs(self):
        autres = [p for p in self.convention.parties.all() if p.pk != self.partie.pk]
        engagements = engagements_de(self.convention, autres[0]) if autres else None
        return {**super().get_form_kwargs(), "engagements": engagements}

    def enregistrer(self, form):
        donnees = form.cleaned_data
        self.manquement = notifier_manquement(
            convention=self.convention,
            partie=self.partie,
            par=self.request.user,
            article=donnees.get("article", form.instance.article),
            notifie_le=donnees["notifie_le"],
            recue_le=donnees.get("recue_le"),
            description=donnees["description"],
            engagements=donnees.get("engagements", []),
        )

    def form_valid(self, form):
        reponse = super().form_valid(form)
        if self.manquement.fin_le is not None and est_personnel(self.request.user):
            return redirect("partenariats:fin", pk=self.convention.pk)
        return reponse


class LettreManquementView(ConventionsMixin, View):
    """The letter to sign and send: whoever reads the convention (both parties)."""

    def get(self, request, pk, manquement):
        convention = get_object_or_404(conventions_completes(request.user), pk=pk)
        manquement = get_object_or_404(Manquement, pk=manquement, convention=convention)
        contenu = lettre_manquement_pdf(convention, manquement)
        return pdf_response(contenu, f"convention-{pk}-manquement-{manquement.pk}-lettre.pdf")


class ManquementDeLaRucheView(RepresentantMixin, ManquementCreateView):
    """The association notifies a failure of the Ruche's commitments (Article 2, the Ruche's
    list): the lapse, the remedy and the ending then work as for the association's."""

    form_class = forms.ManquementPartenaireForm

    @property
    def titre(self):
        return _("Notifier un manquement de %(lieu)s (article 6)") % {
            "lieu": nom_en_phrase(self.convention.lieu.nom)
        }

    @property
    def message(self):
        return _(
            "La notification est enregistrée et l'équipe de %(lieu)s est prévenue. Téléchargez "
            "la lettre, signez-la et envoyez-la en recommandé avec accusé de réception. Notez "
            "sa réception au retour de l'accusé de réception."
        ) % {"lieu": nom_en_phrase(self.convention.lieu.nom)}

    @cached_property
    def partie(self):
        partie = super().partie
        if partie.organisation.est_la_ruche:
            raise Http404
        return partie

    def get_instance(self):
        return Manquement(
            convention=self.convention, partie=self.partie, article=Manquement.Article.ENGAGEMENTS
        )

    def get_context_data(self, **kwargs):
        sous_titre = _(
            "Selon l'article 6, la convention devient caduque un mois après la réception de la "
            "lettre, sauf si le manquement est réparé avant."
        )
        return super().get_context_data(sous_titre=sous_titre, **kwargs)


class ManquementFormView(ConventionFormView):
    """A form about one notification of the convention (a 404 for another convention's),
    for the party allowed to fill it (`autorise`)."""

    roles = (PERSONNEL, REPRESENTANT)

    @cached_property
    def manquement(self):
        manquement = get_object_or_404(
            Manquement, pk=self.kwargs["manquement"], convention=self.convention
        )
        if not self.autorise(self.request.user, manquement, list(self.convention.parties.all())):
            raise PermissionDenied
        return manquement

    def get_instance(self):
        return self.manquement

    def get_context_data(self, **kwargs):
        return super().get_context_data(sous_titre=str(self.manquement), **kwargs)


class ReceptionView(ManquementFormView):
    form_class = forms.ReceptionForm
    titre = _("Noter la réception de la lettre")
    autorise = staticmethod(peut_noter_reception)

    def form_valid(self, form):
        with transaction.atomic():
            manquement = form.save()
        messages.success(self.request, manquement.consequence().capitalize() + ".")
        if manquement.fin_le is not None and est_personnel(self.request.user):
            # The end is now known: the confirmed step shows what it cancels.
            return redirect("partenariats:fin", pk=self.convention.pk)
        return redirect("partenariats:detail", pk=self.convention.pk)


class RemedeView(ManquementFormView):
    form_class = forms.RemedeForm
    titre = _("Constater que le manquement est réparé")
    message = _("La réparation est notée : la convention ne devient pas caduque.")
    autorise = staticmethod(peut_noter_remede)
