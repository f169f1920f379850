"""The public offer, without a key: places, démarches, free slots, workshops."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from passerelles.views import schemas
from passerelles.views.acces import SLUG, lecture_publique
from permanences.models import Demarche
from permanences.receivers import OFFRE
from permanences.selecteurs.ateliers import ateliers_publics
from permanences.services.disponibilites import creneaux_publics
from ruche.lieux_publics import lieux_publics, url_lieu
from ruche.portees import partie_des_creneaux

router = Router(tags=["Offre publique (sans clé)"])

# The longest period of free slots one request may ask for.
JOURS_MAX = 62
JOURS_PAR_DEFAUT = 14


def _adresse(chemin):
    return settings.SITE_URL.rstrip("/") + chemin


# What each read shows (passerelles.views.acces): the network's places alone; the offer of
# the place asked for (`?lieu=`), or of every place; a démarche's free times too; the
# workshops' registrations too.
RESEAU = ()
INSCRIPTIONS = (*OFFRE, "inscriptions")


def _lieu_demande(request, kwargs):
    return request.GET.get("lieu")


def _lieu_du_chemin(request, kwargs):
    return kwargs.get("lieu", "")


def _creneaux_du_chemin(kwargs):
    demarche = kwargs.get("demarche", "")
    return (*OFFRE, partie_des_creneaux(demarche)) if SLUG.fullmatch(demarche) else None


def _lieux_par_slug():
    return {lieu.slug: lieu for lieu in lieux_publics()}


def _lieu(slug):
    lieu = _lieux_par_slug().get(slug)
    if lieu is None:
        raise HttpError(404, "Lieu inconnu.")
    return lieu


@router.get("/lieux", response=list[schemas.Lieu], summary="Les lieux", operation_id="lieux")
@decorate_view(lecture_publique(RESEAU))
def lieux(request):
    """Chaque lieu, ses coordonnées et ses horaires d'ouverture de la semaine."""
    return [
        {
            "slug": lieu.slug,
            "nom": lieu.nom,
            "adresse": lieu.adresse,
            "code_postal": lieu.code_postal,
            "commune": lieu.commune,
            "telephone": lieu.telephone,
            "courriel": lieu.courriel,
            "site_web": lieu.site_web,
            "latitude": lieu.latitude,
            "longitude": lieu.longitude,
            "presentation": lieu.presentation,
            "horaires": [
                {"jour": h.jour, "debut": h.debut, "fin": h.fin} for h in lieu.horaires.all()
            ],
            "ferme_aujourdhui": lieu.ferme_aujourdhui,
            "url": _adresse(url_lieu("accueil", lieu)),
        }
        for lieu in lieux_publics()
    ]


class FiltreLieu(Schema):
    lieu: str | None = None


def _demarche(demarche, lieu):
    return {
        "lieu": lieu.slug,
        "slug": demarche.slug,
        "nom": demarche.nom,
        "theme": demarche.theme,
        "description": demarche.description,
        "duree_minutes": demarche.duree_minutes,
        "pieces_a_apporter": demarche.pieces(),
        "reservable_heures_avant": demarche.delai_min_heures,
        "reservable_jours_avant": demarche.delai_max_jours,
        "url": _adresse(url_lieu("permanences:demarche_ou_rendez_vous", lieu, demarche.slug)),
    }


@router.get(
    "/demarches",
    response=list[schemas.Demarche],
    summary="Les démarches et leurs papiers",
    operation_id="demarches",
)
@decorate_view(lecture_publique(OFFRE, _lieu_demande))
def demarches(request, filtre: Query[FiltreLieu]):
    """Les démarches proposées sur rendez-vous, avec les papiers à apporter ; `lieu` (slug)
    pour celles d'un seul lieu."""
    lieux = _lieux_par_slug()
    par_pk = {lieu.pk: lieu for lieu in lieux.values()}
    requete = Demarche.objects.actives().order_by("lieu__nom", "lieu_id", "ordre", "nom")
    if filtre.lieu is not None:
        requete = requete.filter(lieu=_lieu(filtre.lieu))
    return [_demarche(d, par_pk[d.lieu_id]) for d in requete if d.lieu_id in par_pk]


@router.get(
    "/lieux/{lieu}/demarches/{demarche}/creneaux",
    response=schemas.Creneaux,
    summary="Les créneaux libres d'une démarche",
    operation_id="creneaux",
)
@decorate_view(lecture_publique(_creneaux_du_chemin, _lieu_du_chemin))
def creneaux(request, lieu: str, demarche: str, periode: Query[schemas.Periode]):
    """Les heures qu'un habitant peut réserver maintenant, du `du` au `au` inclus (14 jours
    par défaut, 62 au plus) ; les mêmes que sur la page de réservation."""
    du, au = periode.jours(par_defaut=JOURS_PAR_DEFAUT, maximum=JOURS_MAX)
    trouve = _lieu(lieu)
    objet = None
    if SLUG.fullmatch(demarche):  # a NUL byte or an accent is no slug (the database refuses NUL)
        objet = Demarche.objects.actives().filter(lieu=trouve, slug=demarche).first()
    if objet is None:
        raise HttpError(404, "Démarche inconnue dans ce lieu.")
    libres = []
    for occurrence_id, debut, fin in creneaux_publics(demarche=objet):
        debut = timezone.localtime(datetime.fromtimestamp(debut, UTC))
        if du <= debut.date() <= au:
            fin = timezone.localtime(datetime.fromtimestamp(fin, UTC))
            libres.append({"occurrence": occurrence_id, "debut": debut, "fin": fin})
    return {"lieu": trouve.slug, "demarche": objet.slug, "du": du, "au": au, "creneaux": libres}


@router.get(
    "/ateliers",
    response=list[schemas.Atelier],
    summary="Les ateliers à venir et leurs places",
    operation_id="ateliers",
)
@decorate_view(lecture_publique(INSCRIPTIONS, _lieu_demande))
def ateliers(request, filtre: Query[FiltreLieu]):
    """Les ateliers collectifs à venir, les places libres et la liste d'attente ; `lieu`
    (slug) pour ceux d'un seul lieu."""
    lieux = _lieux_par_slug()
    par_pk = {lieu.pk: lieu for lieu in lieux.values()}
    lieu = _lieu(filtre.lieu) if filtre.lieu is not None else None
    liste, _cle = ateliers_publics(lieu=lieu)
    return [
        {
            "id": atelier.pk,
            "lieu": par_pk[atelier.salle.lieu_id].slug,
            "titre": atelier.titre,
            "description": atelier.description,
            "public": atelier.public,
            "debut": timezone.localtime(atelier.debut),
            "fin": timezone.localtime(atelier.fin),
            "capacite": atelier.capacite,
            "places_libres": atelier.places_libres,
            "en_attente": atelier.nb_en_attente,
            "url": _adresse(url_lieu("permanences:ateliers", par_pk[atelier.salle.lieu_id])),
        }
        for atelier in liste
        if atelier.salle.lieu_id in par_pk
    ]
