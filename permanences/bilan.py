"""What the permanences measure of the commitments of Article 2 in the committee's report
(partenariats.bilan), registered from PermanencesConfig.ready(): the association's part in
the activity, the sessions not held and the notice given, the people the Ruche referred and
those received; the Ruche's rooms lent, and the internet access it gave (visits at the
free-access computers, hours open to the public). Each reuses the statistics' sections, for
the convention's partners at its place."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from partenariats.bilan import Mesure, mesure
from partenariats.models import Engagement
from permanences import engagements as sections_article2
from permanences import statistiques as sections_activite
from permanences.occurrences import jours, jours_fermes
from ruche.formats import date_longue
from ruche.models import Fermeture, HoraireOuverture
from ruche.models.passage import Accompagnement
from ruche.statistiques.sources import collecter

Sorte = Engagement.Mesure


def _nombre(valeur):
    return f"{valeur:,}".replace(",", "\u202f")


def _heures(valeur):
    """Hours with one decimal when needed, French style."""
    arrondi = round(valeur, 1)
    texte = f"{arrondi:.0f}" if arrondi == int(arrondi) else f"{arrondi:.1f}".replace(".", ",")
    return texte


def _args(contexte):
    return {"organisations": list(contexte.partenaires), "lieux": list(contexte.lieux)}


@mesure(Sorte.PARTICIPATION)
def participation(contexte):
    activite = sections_activite.activite_association(contexte.periode, **_args(contexte))
    ateliers = sections_activite.bilan_ateliers(contexte.periode, **_args(contexte))
    lignes = []
    if activite is None or not activite.permanences:
        lignes.append(_("Séances de permanence prévues dans l'application : aucune."))
    else:
        lignes.append(
            _(
                "Séances de permanence tenues : %(tenues)s sur %(prevues)s prévues ; non "
                "maintenues : %(annulees)s."
            )
            % {
                "tenues": activite.permanences_tenues,
                "prevues": activite.permanences_prevues,
                "annulees": activite.permanences_annulees,
            }
        )
    if activite is not None and activite.rendez_vous:
        lignes.append(
            _("Rendez-vous pris : %(pris)s ; honorés : %(honores)s ; manqués : %(manques)s.")
            % {
                "pris": sum(r.pris for r in activite.rendez_vous),
                "honores": sum(r.honores for r in activite.rendez_vous),
                "manques": sum(r.manques for r in activite.rendez_vous),
            }
        )
    if ateliers is not None:
        lignes.append(
            _(
                "Ateliers collectifs : %(ateliers)s ; places prises : %(prises)s ; présences : "
                "%(presents)s."
            )
            % {
                "ateliers": sum(a.ateliers for a in ateliers.lignes),
                "prises": ateliers.places_prises,
                "presents": ateliers.presents,
            }
        )
    return Mesure(lignes)


@mesure(Sorte.NON_MAINTENUES)
def non_maintenues(contexte):
    contenu = sections_article2.permanences_non_maintenues(contexte.periode, **_args(contexte))
    rangees = contenu.tableau.rangees
    if not rangees:
        return Mesure([_("Permanences annoncées comme non maintenues : aucune.")])
    nombre, semaine, jours_avant, tard = (sum(r[i] for r in rangees) for i in range(1, 5))
    ligne = _(
        "Permanences non maintenues : %(nombre)s — annoncées 7 jours avant ou plus : "
        "%(semaine)s ; de 2 à 6 jours avant : %(jours)s ; moins de 2 jours avant : %(tard)s."
    ) % {"nombre": nombre, "semaine": semaine, "jours": jours_avant, "tard": tard}
    return Mesure([ligne])


@mesure(Sorte.ORIENTES)
def orientes(contexte):
    contenu = sections_article2.orientes_par_la_ruche(contexte.periode, **_args(contexte))
    rangees = contenu.tableau.rangees
    if not rangees:
        return Mesure([_("Personnes orientées par la Ruche dans l'application : aucune.")])
    orientes_, recus, absents, annules, a_venir = (sum(r[i] for r in rangees) for i in range(1, 6))
    ligne = _(
        "Personnes orientées par la Ruche : %(orientes)s — reçues : %(recus)s ; pas venues : "
        "%(absents)s ; rendez-vous annulés : %(annules)s ; à venir : %(a_venir)s."
    ) % {
        "orientes": orientes_,
        "recus": recus,
        "absents": absents,
        "annules": annules,
        "a_venir": a_venir,
    }
    return Mesure([ligne])


@mesure(Sorte.SALLES)
def salles(contexte):
    contenu = sections_article2.heures_de_salle(contexte.periode, **_args(contexte))
    rangees = contenu.tableau.rangees
    if not rangees:
        return Mesure([_("Heures de salle réservées pour l'association : aucune.")])
    permanences_, ateliers, autres, total = (sum(r[i] for r in rangees) for i in range(1, 5))
    ligne = _(
        "Heures de salle prêtées gracieusement : %(total)s — permanences : %(permanences)s ; "
        "ateliers : %(ateliers)s ; autres usages : %(autres)s."
    ) % {
        "total": _heures(total),
        "permanences": _heures(permanences_),
        "ateliers": _heures(ateliers),
        "autres": _heures(autres),
    }
    return Mesure([ligne])


def heures_d_ouverture(lieu_id, debut, fin):
    """Hours the place was open to the public from `debut` to `fin` (included): its weekly
    opening hours, without public holidays and its closures. Two queries."""
    spans = {}
    for horaire in HoraireOuverture.objects.filter(lieu_id=lieu_id):
        duree = datetime.combine(date.min, horaire.fin) - datetime.combine(date.min, horaire.debut)
        spans[horaire.jour] = spans.get(horaire.jour, timedelta()) + duree
    fermetures = Fermeture.objects.filter(lieu_id=lieu_id).touchant(debut, fin)
    fermes = jours_fermes(debut, fin, [(f.debut, f.fin) for f in fermetures])
    total = sum(
        (
            spans.get(jour.weekday(), timedelta())
            for jour in jours(debut, fin)
            if jour not in fermes
        ),
        timedelta(),
    )
    return total.total_seconds() / 3600


@mesure(Sorte.INTERNET)
def acces_internet(contexte):
    """The public's free access: visits at the computers (the visitor log, autonomous
    access) and the hours open. Whether the association's volunteers had their connection
    during their sessions, the app cannot know."""
    debut, fin = contexte.periode.debut, min(contexte.periode.fin, timezone.localdate())
    visites = sum(
        ligne.nombre
        for ligne in collecter(contexte.periode, list(contexte.lieux), par_lieu=False)
        if ligne.accompagnement == Accompagnement.AUTONOMIE
    )
    heures = sum(heures_d_ouverture(lieu, debut, fin) for lieu in contexte.lieux)
    lignes = [
        _("Passages en accès libre à un ordinateur (journal des passages) : %(visites)s.")
        % {"visites": _nombre(visites)},
        _(
            "Heures d'ouverture au public du %(debut)s au %(fin)s (jours fériés et fermetures "
            "déduits) : %(heures)s."
        )
        % {
            "heures": _nombre(round(heures)),
            "debut": date_longue(debut),
            "fin": date_longue(fin),
        },
    ]
    return Mesure(
        lignes,
        a_completer=_(
            "L'accès internet des intervenants de l'association pendant leurs permanences "
            "(wifi, poste) : a-t-il fonctionné ? L'application ne le sait pas."
        ),
    )
