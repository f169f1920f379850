"""The records of the install's places as CSV and JSON, at stable public addresses, for the
national map of digital-inclusion places to collect. No personal data: places only."""

import json
from types import SimpleNamespace

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ruche.donnees_ouvertes.fiche import en_csv, en_json
from ruche.donnees_ouvertes.selecteurs import data_inclusion, fiches_des_lieux
from ruche.lieux_publics import url_lieu
from ruche.models.lieu import plusieurs_lieux
from ruche.portees import PUBLIC, version_reseau
from ruche.versions import changer_version, version, versions

CLE = "donnees-ouvertes-lieux"
# The version of the places' data, kept in the database: an edit committed by any process
# changes it, so no process serves the records from before the edit.
VERSION = "lieux"
DUREE = 3600  # a place's address or hours change rarely; the map collects once a day


# Stands for a place's slug in its booking page's address, made once per export.
_SLUG = "lieu-a-remplacer"


def _url_rdv(request):
    """The place's own booking page (un-prefixed when the install has one place): the
    address is resolved once and each place's slug put in it, rather than resolved for each
    of a network's thousand places."""
    modele = request.build_absolute_uri(
        url_lieu("permanences:demarches", SimpleNamespace(slug=_SLUG), plusieurs=plusieurs_lieux())
    )

    def url(lieu):
        return modele.replace(_SLUG, lieu.slug, 1)

    return url


def oublier_les_fiches():
    """The next request, in any process, reads the places again (a place, its hours…
    changed); in the writer's transaction, so it shows when the edit commits."""
    changer_version(VERSION)


def _versions():
    """The places' version and the network's public version, read in one query. A partner's
    workshops are published while its convention covers them there: the conventions follow
    the network's public version."""
    lues = versions(VERSION, PUBLIC)
    valeur = lues[VERSION]
    if valeur is None:  # a new database: its first request gives the data a version
        changer_version(VERSION)
        valeur = version(VERSION)
    return f"{valeur}:{lues[PUBLIC] or version_reseau()}"


def _fiches(request):
    # The host is part of the key: prise_rdv is an absolute address.
    cle = f"{CLE}:{_versions()}:{request.get_host()}"
    fiches = cache.get(cle)
    if fiches is None:
        fiches = fiches_des_lieux(url_rdv=_url_rdv(request))
        cache.set(cle, fiches, DUREE)
    return fiches


def _reponse(contenu, content_type, nom):
    reponse = HttpResponse(contenu, content_type=content_type)
    reponse["Content-Disposition"] = f'inline; filename="{nom}"'
    # Open data: any site may read it, any cache may keep it for a while.
    reponse["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(reponse, public=True, max_age=DUREE)
    return reponse


@require_safe
def lieux_csv(request):
    return _reponse(
        en_csv(_fiches(request)),
        "text/csv; charset=utf-8",
        "lieux-de-mediation-numerique.csv",
    )


@require_safe
def lieux_json(request):
    return _reponse(
        en_json(_fiches(request)),
        "application/json; charset=utf-8",
        "lieux-de-mediation-numerique.json",
    )


def _data_inclusion(request):
    """(structures, services), cached like the records above at the places' version."""
    cle = f"data-inclusion:{_versions()}:{request.get_host()}"
    donnees = cache.get(cle)
    if donnees is None:
        plusieurs = plusieurs_lieux()
        donnees = data_inclusion(
            url_lieu=lambda lieu: request.build_absolute_uri(
                url_lieu("accueil", lieu, plusieurs=plusieurs)
            ),
            url_absolue=request.build_absolute_uri,
        )
        cache.set(cle, donnees, DUREE)
    return donnees


def _json(donnees, nom):
    return _reponse(
        json.dumps(donnees, ensure_ascii=False, indent=1),
        "application/json; charset=utf-8",
        nom,
    )


@require_safe
def data_inclusion_structures(request):
    return _json(_data_inclusion(request)[0], "structures.json")


@require_safe
def data_inclusion_services(request):
    return _json(_data_inclusion(request)[1], "services.json")


@require_safe
def data_inclusion_lieu(request, pk):
    """One place's structure and its services."""
    structures, services = _data_inclusion(request)
    suffixe = f"--lieu-{pk}"
    structure = next((s for s in structures if s["id"].endswith(suffixe)), None)
    if structure is None:
        raise Http404
    return _json(
        {
            "structure": structure,
            "services": [s for s in services if s["structure_id"] == structure["id"]],
        },
        f"lieu-{pk}.json",
    )
