"""What the permanences publish of each place (ruche.donnees_ouvertes.offre): the démarches
that take appointments and the workshops to come, each with its own booking page. Two
queries whatever their number, and one per kind for the date each was last changed."""

from django.db.models import Max
from django.utils import timezone

from permanences.models import Atelier, Demarche
from permanences.selecteurs.ateliers import offerts
from ruche.donnees_ouvertes.offre import ServicePublic, offre_publique
from ruche.lieux_publics import url_lieu

# The workshop publics in the data·inclusion vocabulary; "tous" is everyone.
PUBLICS_ATELIERS = {
    Atelier.Public.SENIORS: ("seniors",),
    Atelier.Public.DEMANDEURS_EMPLOI: ("demandeurs-emploi",),
}


def _modifies(modele, pks):
    """{pk: when it was last changed}, from its history."""
    return dict(
        modele.history.model.objects.filter(id__in=pks)
        .values("id")
        .annotate(quand=Max("history_date"))
        .values_list("id", "quand")
    )


@offre_publique
def demarches_et_ateliers(*, maintenant, plusieurs):
    services = []
    demarches = list(
        Demarche.objects.actives().select_related("lieu").order_by("lieu_id", "ordre", "nom")
    )
    modifiees = _modifies(Demarche, [d.pk for d in demarches])
    for demarche in demarches:
        modifiee = modifiees.get(demarche.pk) or demarche.lieu.date_maj
        services.append(
            ServicePublic(
                lieu_id=demarche.lieu_id,
                cle=f"demarche-{demarche.pk}",
                nature="demarche",
                nom=demarche.nom_fr or demarche.nom,
                description=demarche.description_fr or demarche.description,
                chemin=url_lieu(
                    "permanences:demarche_ou_rendez_vous",
                    demarche.lieu,
                    demarche.slug,
                    plusieurs=plusieurs,
                ),
                date_maj=timezone.localtime(modifiee).date(),
                pieces=tuple(
                    ligne.strip()
                    for ligne in (demarche.pieces_a_apporter_fr or "").splitlines()
                    if ligne.strip()
                ),
            )
        )
    # As the public list: not a partner's workshop its convention does not cover there.
    ateliers = offerts(
        Atelier.objects.a_venir(maintenant).select_related("salle__lieu").order_by("debut", "pk")
    )
    modifies = _modifies(Atelier, [a.pk for a in ateliers])
    for atelier in ateliers:
        lieu = atelier.salle.lieu
        modifie = modifies.get(atelier.pk) or lieu.date_maj
        services.append(
            ServicePublic(
                lieu_id=lieu.pk,
                cle=f"atelier-{atelier.pk}",
                nature="atelier",
                nom=atelier.titre_fr or atelier.titre,
                description=atelier.description_fr or atelier.description,
                chemin=url_lieu("permanences:atelier", lieu, atelier.pk, plusieurs=plusieurs),
                date_maj=timezone.localtime(modifie).date(),
                publics=PUBLICS_ATELIERS.get(atelier.public, ()),
            )
        )
    return services
