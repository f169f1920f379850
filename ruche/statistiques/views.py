import hashlib
import re
from dataclasses import replace
from functools import cached_property

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from ruche.access import ConventionsMixin, PersonnelOuComiteMixin
from ruche.formats import date_longue
from ruche.pdf import pdf_response, render_pdf
from ruche.perimetre import (
    lieux_au_choix,
    lieux_filtres,
    lieux_visibles,
    partenaire_lecteur,
    tous_les_lieux,
)
from ruche.periodes import Periode
from ruche.portees import version_reseau
from ruche.statistiques import sections
from ruche.statistiques.exports import (
    csv_response,
    fichier_csv_response,
    fichier_xlsx_response,
    xlsx_response,
)
from ruche.statistiques.forms import PeriodeForm
from ruche.statistiques.graphiques import barres_svg
from ruche.statistiques.portees import version_des_activites, version_des_visiteurs
from ruche.statistiques.requetes import statistiques, visiteurs
from ruche.statistiques.reseau import FICHIERS

GABARIT = "ruche/statistiques/tableau_de_bord.html"
PARTIE_VISITEURS = "ruche/statistiques/_tableau_de_bord.html"
PARTIE_SECTIONS = "ruche/statistiques/_sections.html"
# The rendered figures serve at most this long; any write replaces them sooner.
DUREE_CACHE = 3600
# seconds: the longest one computation holds back the others (a process that died at it)
DUREE_CALCUL = 10


class PeriodeMixin(PersonnelOuComiteMixin):
    """Reads the period from the query string; bad input shows the form with its errors."""

    def lire_periode(self):
        if not self.request.GET:
            annee = timezone.localdate().year
            return PeriodeForm(initial={"annee": annee}), Periode.annee(annee)
        form = PeriodeForm(self.request.GET)
        if form.is_valid():
            return form, form.cleaned_data["periode"]
        return form, None

    def erreurs(self, form):
        return render(self.request, GABARIT, {"form": form, **self.choix_lieu()}, status=400)

    @cached_property
    def lieux(self):
        """The places shown: those the person sees, or the one chosen (`?lieu=`)."""
        return lieux_filtres(self.request.user, self.request.GET.get("lieu"))

    def choix_lieu(self):
        """The place filter of the person who sees several places, and the one chosen."""
        choisi = self.lieux[0] if self.request.GET.get("lieu") else None
        return {
            "lieux_au_choix": lieux_au_choix(self.request.user),
            "lieu_choisi": tous_les_lieux().get(choisi),
            # The period stays when another place is chosen.
            "periode_gardee": [
                (nom, self.request.GET.get(nom)) for nom in ("annee", "debut", "fin")
            ],
        }


class ActiviteMixin(ConventionsMixin, PeriodeMixin):
    """The dashboard and its tables: also a partner's representative, who reads its own
    organisation's activity only: the sections for it, the visitors it received
    (`partenaire_lecteur`). The networks' files stay on the Ruche's desk."""

    def perimetre(self):
        """(places, organisations, partner) the figures cover for the person."""
        partenaire = partenaire_lecteur(self.request.user)
        if partenaire is not None:
            return None, [partenaire], partenaire
        return self.lieux, None, None


class TableauDeBordView(ActiviteMixin, View):
    def get(self, request):
        form, periode = self.lire_periode()
        if periode is None:
            return self.erreurs(form)
        return render(
            request,
            GABARIT,
            {
                "form": form,
                "contenu": self.contenu(periode),
                "cle_filtres": self.cle_filtres(),
                **self.choix_lieu(),
            },
        )

    def cle_filtres(self):
        """The key of the page's heading and filters (ruche/statistiques/_filtres.html), kept
        in the cache whole: everything they show is in it. The query (the period and place
        typed), the language, the day (the years offered end at this one), the places the
        person may choose among and the network's version (their names)."""
        return hashlib.sha256(
            f"{version_reseau()}|{timezone.localdate()}|{self.request.GET.urlencode()}|"
            f"{get_language()}|{lieux_visibles(self.request.user)}".encode()
        ).hexdigest()

    def contenu(self, periode):
        """The figures, in two parts each rendered once per version of what it shows and kept
        in the shared cache: the same page serves every staff member until the next write
        that changes it. The versions are scoped as the figures (ruche.statistiques.portees):
        the sections (bookings, workshops, Article 2) follow the appointments and workshop
        registrations of the places shown (of the partner's organisation for its
        representative), the visitor tables (with the period's heading and the convention's
        links) the visits typed there too; both follow the rest of what the staff's pages
        show. A booking at another place, or a visit typed here, keeps the sections. Keyed
        by today's date too: the current year and the committees still to hold move with it.

        While the visits come one a second many requests may ask for the new figures at
        once: one request computes a part (it holds a short lock in the cache) while the
        others are served that part's previous render, for that moment, as the public pages
        are (ruche.cache_pages)."""
        requete = self.request.GET.urlencode()
        # The places seen are part of the key: each place's staff get their own figures,
        # each partner its own.
        lieux, organisations, partenaire = self.perimetre()
        empreinte = hashlib.sha256(
            f"{timezone.localdate()}|{periode.debut}|{periode.fin}|{requete}|"
            f"{get_language()}|{lieux}|{partenaire}".encode()
        ).hexdigest()
        partie_visiteurs = en_cache(
            "visiteurs",
            version_des_visiteurs(lieux),
            empreinte,
            lambda: self.calculer_visiteurs(periode, requete, lieux, partenaire),
        )
        partie_sections = en_cache(
            "sections",
            version_des_activites(lieux=lieux, organisations=organisations),
            empreinte,
            lambda: self.calculer_sections(periode, requete, lieux, organisations),
        )
        return partie_visiteurs + partie_sections

    def calculer_visiteurs(self, periode, requete, lieux, partenaire):
        stats = visiteurs(periode, lieux=lieux, partenaire=partenaire)
        return render_to_string(
            PARTIE_VISITEURS,
            {
                "convention": sections.convention_de(
                    periode.fin.year, lieux=lieux, organisation=partenaire
                ),
                "partenaire": partenaire,
                "stats": stats,
                "graphiques": {t.cle: t.graphique() for t in stats.visiteurs},
                "requete": requete,
                "annee_rapport": periode.fin.year,
                **self.choix_lieu(),
            },
            request=self.request,
        )

    def calculer_sections(self, periode, requete, lieux, organisations):
        return render_to_string(
            PARTIE_SECTIONS,
            {
                "sections": sections.remplir(periode, organisations=organisations, lieux=lieux),
                "requete": requete,
            },
            request=self.request,
        )


def en_cache(partie, valeur, empreinte, calculer):
    """The part `partie` of the dashboard at the version `valeur` (None: not cached), from
    the cache or from `calculer()`; while one request computes it, the others get its
    previous render (see `TableauDeBordView.contenu`)."""
    if valeur is None:
        return calculer()
    cle = f"tableau-de-bord:{partie}:{valeur}:{empreinte}"
    if (contenu := cache.get(cle)) is not None:
        return contenu
    cle_precedente = f"tableau-de-bord-precedent:{partie}:{empreinte}"
    cle_verrou = f"tableau-de-bord-en-calcul:{partie}:{empreinte}"
    if not cache.add(cle_verrou, True, DUREE_CALCUL):  # another request computes it
        if (contenu := cache.get(cle_precedente)) is not None:
            return contenu
        cle_verrou = None  # none kept: computed here too, the lock left to its owner
    try:
        contenu = calculer()
        cache.set_many({cle: contenu, cle_precedente: contenu}, DUREE_CACHE)
    finally:
        if cle_verrou is not None:
            cache.delete(cle_verrou)
    return contenu


class ExportView(ActiviteMixin, View):
    """One table as CSV or XLSX, or every table (`tout`) as one XLSX workbook."""

    def get(self, request, cle, format):
        form, periode = self.lire_periode()
        if periode is None:
            return self.erreurs(form)
        lieux, organisations, partenaire = self.perimetre()
        stats = statistiques(
            periode, lieux=lieux, organisations=organisations, partenaire=partenaire
        )
        nom = f"statistiques-{cle}-{periode.debut:%Y%m%d}-{periode.fin:%Y%m%d}.{format}"
        if cle == "tout" and format == "xlsx":
            return xlsx_response(stats.tableaux(), nom)
        tableau = stats.tableau(cle)
        if tableau is None:
            raise Http404
        if format == "csv":
            return csv_response(tableau, nom)
        return xlsx_response([tableau], nom)


class ReseauExportView(PeriodeMixin, View):
    """A network's file (France Services, digital mediation) for the period, as CSV or
    XLSX, of the places the person sees or the one chosen (docs/reseau.md)."""

    def get(self, request, fichier, format):
        if fichier not in FICHIERS:
            raise Http404
        form, periode = self.lire_periode()
        if periode is None:
            return self.erreurs(form)
        colonnes, lignes, titre = FICHIERS[fichier]
        rangees = lignes(periode, lieux=self.lieux)
        nom = f"{fichier}-{periode.debut:%Y%m%d}-{periode.fin:%Y%m%d}.{format}"
        if format == "csv":
            return fichier_csv_response(colonnes, rangees, nom)
        return fichier_xlsx_response(colonnes, rangees, nom, titre)


def nom_du_rapport(convention, lieux):
    """Whom the annual report speaks of: the convention's place, the one place it shows, or
    the network when it shows several."""
    tous = tous_les_lieux()
    pks = (
        [convention.lieu_id] if convention is not None else (list(tous) if lieux is None else lieux)
    )
    if len(pks) == 1 and pks[0] in tous:
        return tous[pks[0]].nom
    return _("le réseau")


class RapportView(ConventionsMixin, View):
    """The annual report the follow-up committee prints: the visitor figures of the Ruche,
    and the activity of the partners of the convention it reviews (`?convention=<pk>`, by
    default the one in force that year). A partner's representative reads the report of
    its own conventions, at their place, other partners on one line."""

    def get(self, request, annee):
        if not 2000 <= annee <= 2100:
            raise Http404
        convention_pk = request.GET.get("convention")
        if convention_pk is not None and not re.fullmatch(r"[0-9]{1,9}", convention_pk):
            raise Http404
        partenaire = partenaire_lecteur(request.user)
        lieux = (
            None if partenaire is not None else lieux_filtres(request.user, request.GET.get("lieu"))
        )
        convention = sections.convention_de(
            annee,
            convention_pk=int(convention_pk) if convention_pk else None,
            lieux=lieux,
            organisation=partenaire,
        )
        if (convention_pk or partenaire is not None) and convention is None:
            raise Http404
        organisations = list(convention.partenaires) if convention else None
        if partenaire is not None:
            lieux = [convention.lieu_id]
        stats = statistiques(
            Periode.annee(annee),
            organisations=organisations,
            lieux=lieux,
            nommes={partenaire} if partenaire is not None else None,
        )
        # Renewal is asked only for a period the convention covers (never with none).
        suivante = None
        if convention is not None and convention.prochaine_periode_debut is not None:
            suivante = (convention.prochaine_periode_debut, convention.prochaine_periode_fin)
        # No visitor figure the year before: "pas de données en 2022", never "0 en 2022".
        sans_precedent = not stats.total_precedent
        visiteurs = [sans_colonne_precedente(t) if sans_precedent else t for t in stats.visiteurs]
        contenu = render_pdf(
            "ruche/statistiques/rapport.html",
            {
                "annee": annee,
                "stats": stats,
                "sans_precedent": sans_precedent,
                "sections_rapport": [s for s in stats.sections if s.section.dans_rapport],
                "engagements": convention
                and not convention.avant_debut
                and sections.engagements_de(annee, convention_pk=convention.pk),
                "graphiques": [(t, barres_svg(graphique_de(t))) for t in visiteurs],
                "convention": convention,
                "premiere_annee": convention is not None
                and convention.debut is not None
                and convention.debut.year == annee,
                "lien_convention": convention
                and convention.pk
                and request.build_absolute_uri(
                    reverse("partenariats:detail", args=[convention.pk])
                ),
                "periode_convention": convention
                and [date_longue(convention.periode_debut), date_longue(convention.periode_fin)],
                "debut_convention": convention
                and convention.debut
                and date_longue(convention.debut),
                "fin_convention": convention
                and convention.fin_le
                and date_longue(convention.fin_le),
                "periode_suivante": suivante and [date_longue(d) for d in suivante],
                "debut": date_longue(stats.periode.debut),
                "fin": date_longue(stats.periode.fin),
                "edite_le": timezone.localdate(),
                "nom_du_lieu": nom_du_rapport(convention, lieux),
                # Without a convention, the logos of the partners in force on the year's
                # day of reference (today during the year): none whose end came before.
                "jour_du_document": min(
                    max(timezone.localdate(), stats.periode.debut), stats.periode.fin
                ),
            },
        )
        return pdf_response(contenu, f"rapport-comite-de-suivi-{annee}.pdf")


def sans_colonne_precedente(tableau):
    """The table without the previous year's column, which holds no data."""
    return replace(
        tableau,
        colonnes=tableau.colonnes[:2],
        rangees=[rangee[:2] for rangee in tableau.rangees],
        total=tableau.total[:2] if tableau.total else None,
    )


def graphique_de(tableau):
    """The bars of the printed report: the columns of figures the table has (one or two)."""
    return {
        "titre": tableau.titre,
        "libelles": [str(rangee[0]) for rangee in tableau.rangees],
        "series": [
            {"libelle": str(tableau.colonnes[i]), "valeurs": [r[i] for r in tableau.rangees]}
            for i in range(1, min(3, len(tableau.colonnes)))
        ],
    }
