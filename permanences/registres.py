"""What permanences tells the ground floor (ruche.registres): the weekly permanences of a
place's validated calendar, and the démarche themes and workshop publics each place offers.
Registered on import, from PermanencesConfig.ready()."""

from collections import defaultdict

from partenariats.selecteurs.couverture import couvertures
from permanences.models import Atelier, Calendrier, Demarche, Permanence
from ruche.donnees_ouvertes.fiche import Offre
from ruche.registres import OFFRE_DES_LIEUX, PERMANENCES_DU_LIEU


@PERMANENCES_DU_LIEU.enregistrer
def permanences_du_lieu(lieu, jour):
    """The weekly permanences of the place's validated calendar for the day's semester,
    but those of a partner whose convention no longer covers the day: from its first day
    no longer in force, the home page stops giving its hours."""
    permanences = list(
        Permanence.objects.filter(
            calendrier__statut=Calendrier.Statut.VALIDE,
            calendrier__annee=jour.year,
            calendrier__semestre=1 if jour.month <= 6 else 2,
            calendrier__lieu=lieu,
            jour_semaine__isnull=False,
        )
        .values_list("organisation_id", "jour_semaine", "heure_debut", "heure_fin")
        .distinct()
        .order_by("jour_semaine", "heure_debut", "heure_fin")
    )
    couvertes = couvertures({organisation for organisation, *_reste in permanences})
    return [
        tuple(horaire)
        for organisation, *horaire in permanences
        if organisation is None or couvertes[organisation].couvre(jour, lieu.pk)
    ]


@OFFRE_DES_LIEUX.enregistrer
def offre_des_lieux(maintenant):
    """Two queries, whatever the number of places."""
    themes = defaultdict(set)
    for lieu_id, theme in (
        Demarche.objects.filter(active=True).values_list("lieu_id", "theme").distinct()
    ):
        themes[lieu_id].add(theme)
    publics = defaultdict(set)
    for lieu_id, public in (
        Atelier.objects.a_venir(maintenant).values_list("salle__lieu_id", "public").distinct()
    ):
        publics[lieu_id].add(public)
    return [
        (
            lieu_id,
            Offre(
                themes_demarches=frozenset(themes[lieu_id]),
                publics_ateliers=frozenset(publics[lieu_id]),
            ),
        )
        for lieu_id in {*themes, *publics}
    ]
