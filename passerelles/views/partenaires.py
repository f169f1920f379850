"""What a partner organisation's or a place's key reads: its bookings, its workshop
registrations, its sessions, its places' visits. Every query starts from the site's own
access rule (`visibles_par`) applied to the member the key stands for
(passerelles.services.membres): a key sees exactly what that member sees on the site."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from passerelles.services.membres import lieux_geres, membre_de
from passerelles.views import schemas
from passerelles.views.acces import CleApiBearer, lecture_partenaire
from permanences.models import Inscription, Occurrence, RendezVous
from ruche.formats import PARIS
from ruche.models import Passage

router = Router(tags=["Partenaires (avec une clé)"], auth=CleApiBearer())

JOURS_MAX = 366
JOURS_PAR_DEFAUT = 31
REPONSES = {401: schemas.Erreur, 422: schemas.Erreur, 429: schemas.Erreur}


def _bornes(periode):
    """[start, end) of the days du…au inclusive, Paris time (31 days from today by default,
    366 at most)."""
    du, au = periode.jours(par_defaut=JOURS_PAR_DEFAUT, maximum=JOURS_MAX)
    debut = datetime.combine(du, time(0), tzinfo=PARIS)
    fin = datetime.combine(au + timedelta(days=1), time(0), tzinfo=PARIS)
    return debut, fin


def _membre(request):
    return membre_de(request.auth)


@router.get("/cle", response={200: schemas.Titulaire, **REPONSES}, summary="La clé utilisée")
@decorate_view(lecture_partenaire)
def cle(request):
    """À qui appartient la clé envoyée : utile pour vérifier une installation."""
    titulaire = request.auth
    return {
        "cle": titulaire.prefixe,
        "nom": titulaire.nom,
        "organisation": str(titulaire.organisation) if titulaire.organisation_id else None,
        "lieu": titulaire.lieu.slug if titulaire.lieu_id else None,
    }


@router.get(
    "/rendez-vous",
    response={200: list[schemas.RendezVous], **REPONSES},
    summary="Les rendez-vous",
    operation_id="rendez_vous",
)
@decorate_view(lecture_partenaire)
@paginate(LimitOffsetPagination)
def rendez_vous(request, periode: Query[schemas.Periode]):
    """Les rendez-vous des permanences que la clé voit, par heure de début, du `du` au `au`
    inclus (31 jours par défaut, 366 au plus) ; les coordonnées sont celles que voient les
    bénévoles sur leurs pages, vides une fois anonymisées."""
    debut, fin = _bornes(periode)
    return (
        RendezVous.objects.visibles_par(_membre(request))
        .filter(debut__gte=debut, debut__lt=fin)
        .select_related(
            "demarche",
            "occurrence__reservation__salle",
            "occurrence__permanence__calendrier__lieu",
            "occurrence__permanence",
        )
        .order_by("debut", "pk")
    )


@router.get(
    "/inscriptions",
    response={200: list[schemas.Inscription], **REPONSES},
    summary="Les inscriptions aux ateliers",
    operation_id="inscriptions",
)
@decorate_view(lecture_partenaire)
@paginate(LimitOffsetPagination)
def inscriptions(request, periode: Query[schemas.Periode]):
    """Les inscriptions aux ateliers que la clé voit, des ateliers qui commencent du `du`
    au `au` inclus, avec le rang de qui attend."""
    debut, fin = _bornes(periode)
    return (
        Inscription.objects.visibles_par(_membre(request))
        .filter(atelier__debut__gte=debut, atelier__debut__lt=fin)
        .avec_rang()
        .select_related("atelier__salle__lieu")
        .order_by("atelier__debut", "atelier_id", "pk")
    )


@router.get(
    "/occurrences",
    response={200: list[schemas.Occurrence], **REPONSES},
    summary="Les séances de permanence",
    operation_id="occurrences",
)
@decorate_view(lecture_partenaire)
@paginate(LimitOffsetPagination)
def occurrences(request, periode: Query[schemas.Periode]):
    """Les séances des calendriers que la clé voit, prévues ou annulées, du `du` au `au`
    inclus, avec le nombre de rendez-vous qui y tiennent leur place."""
    debut, fin = _bornes(periode)
    return (
        Occurrence.objects.visibles_par(_membre(request))
        .filter(debut__gte=debut, debut__lt=fin)
        .select_related("reservation__salle", "permanence__calendrier__lieu")
        .prefetch_related("permanence__demarches")
        .annotate(
            nb_rendez_vous=Count(
                "rendez_vous", filter=Q(rendez_vous__statut__in=RendezVous.STATUTS_ACTIFS)
            )
        )
        .order_by("debut", "pk")
    )


class Annee(Schema):
    annee: int | None = None


@router.get(
    "/passages/mensuels",
    response={200: list[schemas.PassagesMois], **REPONSES},
    summary="Les passages par mois",
    operation_id="passages_mensuels",
)
@decorate_view(lecture_partenaire)
def passages_mensuels(request, filtre: Query[Annee]):
    """Le nombre de personnes reçues chaque mois de l'année (l'année en cours par défaut)
    dans les lieux de la clé : son lieu, ou ceux que porte son organisation (aucun pour
    une association partenaire)."""
    annee = filtre.annee or timezone.localdate().year
    if not 2000 <= annee <= 2100:
        raise HttpError(422, "Année invalide.")
    debut = datetime.combine(date(annee, 1, 1), time(0), tzinfo=PARIS)
    fin = datetime.combine(date(annee + 1, 1, 1), time(0), tzinfo=PARIS)
    lignes = (
        Passage.objects.des_lieux(lieux_geres(request.auth))
        .filter(quand__gte=debut, quand__lt=fin)
        .annotate(mois=TruncMonth("quand", tzinfo=PARIS))
        .values("lieu__slug", "mois")
        .annotate(passages=Count("pk"))
        .order_by("lieu__slug", "mois")
    )
    return [
        {"lieu": ligne["lieu__slug"], "mois": ligne["mois"].date(), "passages": ligne["passages"]}
        for ligne in lignes
    ]
