"""Article 2 in figures: for every commitment of each party, in the convention's order, what
the software knows of the year, and what the parties add where it cannot know.

Each kind of commitment (`Engagement.Mesure`) is measured by a function registered with
`@mesure(...)`, here for what partenariats knows (communication, breaches, review meetings)
and from `PermanencesConfig.ready()` for the activity (sessions, referrals, rooms, opening
hours). A commitment without a measure, or whose measure says what it cannot know, asks the
parties to fill it in before the committee (`ComplementBilan`); the report prints what
they wrote, or what is still to fill in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from partenariats.models import ComiteSuivi, ComplementBilan, Engagement, Rencontre
from partenariats.models.communication import DocumentCommunication
from partenariats.models.vie import Manquement
from ruche.formats import date_longue
from ruche.periodes import Periode


@dataclass(frozen=True)
class Contexte:
    """What a measure reads: the convention, the year, the partners it covers (ids, not the
    Ruche), the place of the convention, and the party whose commitment it is."""

    convention: object
    annee: int
    partenaires: tuple
    lieux: tuple
    partie: object

    @property
    def periode(self):
        return Periode.annee(self.annee)


@dataclass
class Mesure:
    """Sentences with figures, tables, and what the software cannot know (to fill in)."""

    lignes: list = field(default_factory=list)
    tableaux: list = field(default_factory=list)
    a_completer: str = ""


MESURES: dict[str, Callable] = {}


def mesure(cle):
    """Registers the function `(contexte) -> Mesure` for a kind of commitment."""

    def enregistrer(fonction):
        MESURES[cle] = fonction
        return fonction

    return enregistrer


A_COMPLETER = _("L'application ne mesure pas cet engagement : dites ce qui a été fait cette année.")


@dataclass
class LigneEngagement:
    engagement: Engagement
    mesure: Mesure | None
    complement: ComplementBilan | None = None

    @property
    def question(self):
        """What the parties are asked to fill in (empty: nothing is asked)."""
        if self.mesure is None:
            return str(A_COMPLETER)
        return self.mesure.a_completer

    @property
    def manque(self):
        """Still to fill in before the committee."""
        return bool(self.question) and (self.complement is None or not self.complement.texte)


@dataclass
class ListeEngagements:
    partie: object
    lignes: list

    @property
    def manques(self):
        return sum(1 for ligne in self.lignes if ligne.manque)


def bilan_article2(convention, annee):
    """[ListeEngagements] of each party with commitments, in the convention's order (the
    Article 2 of the text in force at the end of the year, or the last day it was)."""
    engagements = list(
        Engagement.objects.filter(article__convention=convention)
        .select_related("partie__organisation", "article")
        .order_by("partie__ordre", "article__numero", "ordre")
    )
    complements = {
        c.engagement_id: c
        for c in ComplementBilan.objects.filter(
            engagement__in=[e.pk for e in engagements], annee=annee
        )
    }
    parties = list(convention.parties.all())
    partenaires = tuple(p.organisation_id for p in parties if not p.organisation.est_la_ruche)
    listes = {}
    for engagement in engagements:
        contexte = Contexte(
            convention, annee, partenaires, (convention.lieu_id,), engagement.partie
        )
        fournir = MESURES.get(engagement.mesure)
        ligne = LigneEngagement(
            engagement,
            fournir(contexte) if fournir else None,
            complements.get(engagement.pk),
        )
        listes.setdefault(engagement.partie_id, ListeEngagements(engagement.partie, []))
        listes[engagement.partie_id].lignes.append(ligne)
    return list(listes.values())


def _dans_l_annee(annee):
    return date(annee, 1, 1), date(annee, 12, 31)


@mesure(Engagement.Mesure.COMMUNICATION)
def communication(contexte):
    """The documents published in the year with both visas, with their dates; those still
    waiting. What went out without the app is the parties' to tell."""
    debut, fin = _dans_l_annee(contexte.annee)
    documents = list(
        DocumentCommunication.objects.filter(convention=contexte.convention)
        .filter(depose_le__date__lte=fin)
        .prefetch_related("visas__partie__organisation")
        .order_by("depose_le")
    )
    publies = [d for d in documents if d.publie_le and debut <= d.publie_le <= fin]
    attente = [d for d in documents if d.publie_le is None and d.depose_le.date() >= debut]
    resultat = Mesure()
    resultat.lignes.append(
        _("Documents publiés avec les deux visas en %(annee)s : %(nombre)s.")
        % {"annee": contexte.annee, "nombre": len(publies) or _("aucun")}
    )
    for document in publies:
        visas = ", ".join(
            _("visa %(partie)s le %(date)s")
            % {"partie": v.partie.nom_court, "date": date_longue(v.vise_le)}
            for v in document.visas.all()
        )
        resultat.lignes.append(
            _("« %(titre)s » (%(nature)s) : %(visas)s ; publié le %(date)s.")
            % {
                "titre": document.titre,
                "nature": document.get_nature_display(),
                "visas": visas,
                "date": date_longue(document.publie_le),
            }
        )
    if attente:
        resultat.lignes.append(
            _("En attente d'un visa : %(titres)s.")
            % {"titres": ", ".join(f"« {d.titre} »" for d in attente)}
        )
    if not publies:
        resultat.a_completer = _(
            "Décrivez la communication faite hors de l'application (presse, réseaux sociaux, "
            "affichage), le cas échéant."
        )
    return resultat


def _issue(manquement):
    return manquement.consequence()


@mesure(Engagement.Mesure.CADRE)
def respect_du_cadre(contexte):
    """The breaches notified to this party in the year, each with its outcome; none is a
    figure too."""
    debut, fin = _dans_l_annee(contexte.annee)
    notifies = [
        m
        for m in Manquement.objects.filter(
            convention=contexte.convention, notifie_le__gte=debut, notifie_le__lte=fin
        )
        .select_related("partie__organisation")
        .order_by("notifie_le")
        if m.destinataire(list(contexte.convention.parties.all())) == contexte.partie
    ]
    lignes = [
        _("Manquements notifiés en %(annee)s : %(nombre)s.")
        % {"annee": contexte.annee, "nombre": len(notifies) or _("aucun")}
    ]
    for m in notifies:
        lignes.append(
            _("%(date)s, %(article)s : %(description)s (%(issue)s).")
            % {
                "date": date_longue(m.notifie_le),
                "article": m.get_article_display(),
                "description": m.description,
                "issue": _issue(m),
            }
        )
    return Mesure(lignes)


@mesure(Engagement.Mesure.BILANS)
def temps_de_bilan(contexte):
    """The follow-up committees and the parties' meetings (Article 4) of the year."""
    debut, fin = _dans_l_annee(contexte.annee)
    comites = list(
        ComiteSuivi.objects.filter(
            convention=contexte.convention, date__gte=debut, date__lte=fin
        ).order_by("date")
    )
    rencontres = list(
        Rencontre.objects.filter(
            convention=contexte.convention, date__gte=debut, date__lte=fin
        ).order_by("date")
    )
    lignes = []
    for comite in comites:
        etat = (
            _("tenu")
            if comite.a_eu_lieu
            else (_("prévu") if comite.est_a_venir else _("non renseigné"))
        )
        invitation = (
            _("invitation envoyée le %(date)s")
            % {"date": date_longue(comite.invitation_envoyee_le)}
            if comite.invitation_envoyee_le
            else _("invitation non envoyée par l'application")
        )
        lignes.append(
            _("Comité de suivi du %(date)s (%(etat)s) : %(invitation)s.")
            % {"date": date_longue(comite.date), "etat": etat, "invitation": invitation}
        )
    for rencontre in rencontres:
        lignes.append(
            _("Rencontre du %(date)s (article 4) : %(notes)s")
            % {"date": date_longue(rencontre.date), "notes": rencontre.notes}
        )
    if not comites:
        lignes.insert(
            0,
            _("Comité de suivi en %(annee)s : aucun planifié dans l'application.")
            % {"annee": contexte.annee},
        )
    if not rencontres:
        lignes.append(
            _("Rencontres entre les parties (article 4) en %(annee)s : aucune notée.")
            % {"annee": contexte.annee}
        )
    resultat = Mesure(lignes)
    if not rencontres:
        resultat.a_completer = _(
            "Notez les rencontres de l'année entre les parties (article 4) sur la page de la "
            "convention, ou dites ici les autres temps de mise en commun."
        )
    return resultat
