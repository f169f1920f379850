"""Each place and the services it opens to the public, in the data·inclusion schema (the
national catalogue of social and inclusion services), built and checked with the schema's
own models (the `data-inclusion-schema` package), for the catalogue to collect as JSON.

- the structure: the place (name, address, SIRET, coordinates, phone, e-mail, opening hours
  in the OpenStreetMap syntax, "France Services" network);
- its services: each démarche that takes appointments and each workshop to come
  (ruche.donnees_ouvertes.offre), with the booking page as the mobilisation link, the papers
  to bring as access conditions, the public concerned, free of charge, in person, booked
  online or by phone.

Identifiers are stable: "<source>--lieu-<pk>", "<source>--demarche-<pk>",
"<source>--atelier-<pk>", where the source names the organisation that runs the places.
A record the schema refuses is left out and logged, never published half-valid; so is a
place without its street address, postcode and commune.
"""

import json
import logging
from datetime import date, datetime

import pydantic
from data_inclusion.schema import v1
from django.utils import timezone
from django.utils.text import slugify

from ruche.donnees_ouvertes.fiche import CODE_INSEE, resume, telephone_international
from ruche.formats import PARIS

journal = logging.getLogger(__name__)

SOURCE_PAR_DEFAUT = "ruche"
THEMATIQUES = {
    "demarche": [
        v1.Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_AUX_DEMARCHES_ADMINISTRATIVES,
        v1.Thematique.NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE,
    ],
    "atelier": [v1.Thematique.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE],
}
TYPES = {"demarche": v1.TypeService.ACCOMPAGNEMENT, "atelier": v1.TypeService.ATELIER}
DESCRIPTIONS = {
    "demarche": "Un rendez-vous gratuit avec une personne qui vous aide pour : {nom}.",
    "atelier": "Un atelier collectif gratuit : {nom}.",
}


def source_de(lieu):
    """The producer's identifier: the organisation that runs the place, as a slug."""
    organisation = getattr(lieu, "organisation", None)
    return slugify(organisation.nom) if organisation is not None else SOURCE_PAR_DEFAUT


def _jour(valeur):
    """A date no later than today wherever the checker runs (the schema refuses a
    modification date in the future, read in its own time zone)."""
    if isinstance(valeur, datetime):
        valeur = timezone.localtime(valeur, PARIS).date()
    return min(valeur or date.today(), date.today())


def _coordonnees(lieu):
    if lieu.latitude is None or lieu.longitude is None:
        return None, None
    return float(lieu.latitude), float(lieu.longitude)


def _adresse(lieu):
    """The address fields both records share, None where the place has nothing."""
    latitude, longitude = _coordonnees(lieu)
    return {
        "commune": lieu.commune or None,
        "code_postal": lieu.code_postal or None,
        "code_insee": lieu.code_insee if CODE_INSEE.fullmatch(lieu.code_insee or "") else None,
        "adresse": lieu.adresse or None,
        "latitude": latitude,
        "longitude": longitude,
        "telephone": telephone_international(lieu.telephone) or None,
        "courriel": lieu.courriel or None,
    }


def structure(lieu, *, horaires, url_lieu):
    """The place's record (a dict of the schema's Structure, not checked yet)."""
    source = source_de(lieu)
    description = " ".join((lieu.presentation or "").split())
    return {
        "source": source,
        "id": f"{source}--lieu-{lieu.pk}",
        "nom": lieu.nom,
        "date_maj": _jour(lieu.date_maj),
        "description": description if len(description) >= 5 else None,
        "lien_source": url_lieu,
        "siret": lieu.siret or None,
        **_adresse(lieu),
        "site_web": lieu.site_web or None,
        "horaires_accueil": horaires or None,
        "reseaux_porteurs": [v1.ReseauPorteur.FRANCE_SERVICE],
    }


def service(lieu, offre, *, horaires, url_mobilisation):
    """A démarche's or workshop's record (a dict of the schema's Service, not checked)."""
    source = source_de(lieu)
    description = " ".join((offre.description or "").split())
    if len(description) < 5:
        description = DESCRIPTIONS[offre.nature].format(nom=offre.nom)
    modes = [v1.ModeMobilisation.UTILISER_LIEN_MOBILISATION]
    if lieu.telephone:
        modes.append(v1.ModeMobilisation.TELEPHONER)
    return {
        "source": source,
        "structure_id": f"{source}--lieu-{lieu.pk}",
        "id": f"{source}--{offre.cle}",
        "nom": resume(offre.nom)[:150],
        "description": description,
        "lien_source": url_mobilisation,
        "date_maj": _jour(offre.date_maj),
        "type": TYPES[offre.nature],
        "thematiques": THEMATIQUES[offre.nature],
        "frais": v1.Frais.GRATUIT,
        "publics": list(offre.publics) or [v1.Public.TOUS_PUBLICS],
        "conditions_acces": (
            "Papiers à apporter : " + " ; ".join(offre.pieces) + "." if offre.pieces else None
        ),
        **_adresse(lieu),
        "modes_accueil": [v1.ModeAccueil.EN_PRESENTIEL],
        "lien_mobilisation": url_mobilisation,
        "modes_mobilisation": modes,
        "mobilisable_par": [
            v1.PersonneMobilisatrice.USAGERS,
            v1.PersonneMobilisatrice.PROFESSIONNELS,
        ],
        "mobilisation_precisions": (
            "Réservez en ligne sur la page du lien, ou appelez l'accueil."
            if lieu.telephone
            else "Réservez en ligne sur la page du lien."
        ),
        "horaires_accueil": horaires or None,
    }


# Records checked in this process, by what they are made of: after one place's edit a rebuild
# of a national network's file checks that place's records only (the schema's models are
# most of a rebuild's time). A record is plain data, so equal data means an equal result.
_VERIFIES = {}
VERIFIES_MAX = 20_000


def valider(modele, donnees):
    """The record as JSON-ready data once the schema's model accepts it; None (and a log
    line) when it refuses it. Kept per process by the record's data (`_VERIFIES`)."""
    cle = (modele.__name__, json.dumps(donnees, sort_keys=True, default=str))
    if cle not in _VERIFIES:
        if len(_VERIFIES) >= VERIFIES_MAX:
            _VERIFIES.clear()
        _VERIFIES[cle] = _verifier(modele, donnees)
    # Shared with the earlier builds: the file's readers only serialise it, never change it.
    return _VERIFIES[cle]


def _verifier(modele, donnees):
    try:
        objet = modele.model_validate(donnees)
    except pydantic.ValidationError as erreur:
        journal.error("data·inclusion : %s %s refusé : %s", modele.__name__, donnees["id"], erreur)
        return None
    return objet.model_dump(mode="json", exclude_none=True)


def publier(lieux, offres, *, horaires, url_lieu, url_absolue):
    """(structures, services) of the places, checked by the schema. `horaires[pk]` is a
    place's OSM hours, `url_lieu(lieu)` its public home, `url_absolue(path)` an address
    of the site."""
    # A place without its address could not be found from the catalogue: left out, as from
    # the national map's file, and its staff are told (ruche.donnees_ouvertes.manquants).
    lieux = [lieu for lieu in lieux if lieu.adresse and lieu.code_postal and lieu.commune]
    par_lieu = {lieu.pk: lieu for lieu in lieux}
    structures = [
        valider(v1.Structure, structure(lieu, horaires=horaires[lieu.pk], url_lieu=url_lieu(lieu)))
        for lieu in lieux
    ]
    services = [
        valider(
            v1.Service,
            service(
                par_lieu[offre.lieu_id],
                offre,
                horaires=horaires[offre.lieu_id],
                url_mobilisation=url_absolue(offre.chemin),
            ),
        )
        for offre in offres
        if offre.lieu_id in par_lieu
    ]
    structures = [s for s in structures if s]
    # A service of a place the schema refused would point to no structure.
    publiees = {s["id"] for s in structures}
    return structures, [s for s in services if s and s["structure_id"] in publiees]
