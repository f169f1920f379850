"""What a démarche's public pages show, told without rendering them (ruche.cache_pages).

Each booking renews the version of the free times of the démarches of its session
(ruche.portees), so their list of free slots and their booking forms all get new cache keys,
and each page-language was rendered again after nearly every booking (22–29 ms each) though
most bookings change nothing such a page shows. These functions read what the views read,
from the cache, and give a digest of it: a page whose digest was rendered already is served
at once, fresh.

- The list of free slots shows the offer (the démarche, its papers: the offer's version)
  and the first days with free times: its digest is those times and the next page's first
  day. A booking beyond those days keeps it.
- The booking form of a time still offered shows the offer and that time (in its address),
  nothing of the other bookings: its digest is the offer's version and "free". Once the time
  is taken, the form says so with the next free times, which change with each booking: no
  digest, the page follows the démarche's version as before.

How late may they be? The list of free slots may be a few seconds late in a rush of bookings
(RETARD_CRENEAUX, `Contenu.retard`; never after a change of the offer, a session cancelled
or a démarche changed): a time taken a moment ago still shows for those seconds, and the
resident who opens it is told at once on the booking form, which is never late: "ce créneau
vient d'être pris" with the next free times, exactly what a resident who lost the race
between reading the list and opening the form is told anyway. The form is not allowed to be
late: a form served for a time just taken would let the resident type their details for
nothing (they are kept, and the refusal at POST offers the next times, but it is a refusal
after typing); and it needs no such leeway, since its digest keeps it through every booking
of another time. (While one request renders the refusal, the few others asking for the same
form in that moment get its last render, as for every page: they are refused at POST with
that message, the next free times as choices and their details kept, permanences.views.
rendezvous.reserver.) Nothing is booked from a page: the booking checks the time again under the
session's lock (permanences.services.rendezvous).
"""

from permanences.creneaux import lire_valeur
from permanences.services.disponibilites import (
    OFFRE,
    creneau_propose,
    demarches_publiques,
    jours_libres_depuis,
    version_de,
)
from permanences.views.rendezvous import _lire_jour, cle_valide
from ruche.cache_pages import Contenu
from ruche.lieux_publics import lieu_public
from ruche.portees import version_publique

# Seconds the list of a démarche's free slots may be late in a rush of bookings (see above).
RETARD_CRENEAUX = 5


def _demarche(kwargs, cle):
    """(the démarche the address names, its place, the version of the place's offer), as
    `au_lieu` and the views find them, or None when the view would answer otherwise (a
    wrong link, a redirect, a secret link)."""
    slug = kwargs.get(cle, "")
    if not cle_valide(slug):
        return None
    lieu, plusieurs = lieu_public(kwargs.get("lieu"))
    if lieu is None or (kwargs.get("lieu") is not None and not plusieurs):
        return None  # no such place, or one place under its slug: a redirect
    version_offre = version_publique(lieu.slug if plusieurs else None, OFFRE)
    demarche = demarches_publiques(version_offre, lieu).get(slug)
    if demarche is None:
        return None
    return demarche, lieu, version_offre


def contenu_des_creneaux(request, kwargs):
    """The list of a démarche's free slots (`demarche_ou_rendez_vous` for a démarche's slug):
    the offer's version and the times shown; a few seconds late in a rush of bookings."""
    trouve = _demarche(kwargs, "cle")
    if trouve is None:
        return None
    demarche, lieu, version_offre = trouve
    _jours, suite, cle_creneaux = jours_libres_depuis(
        demarche=demarche,
        depuis=_lire_jour(request.GET.get("depuis")),
        version=version_de(demarche, lieu),
    )
    return Contenu(f"{version_offre}|{cle_creneaux}|{suite}", RETARD_CRENEAUX, str(version_offre))


def contenu_du_formulaire(request, kwargs):
    """The booking form of a time still offered: the offer's version; never late."""
    trouve = _demarche(kwargs, "slug")
    if trouve is None:
        return None
    demarche, lieu, version_offre = trouve
    choisi = lire_valeur(request.GET.get("creneau", ""))
    if choisi is None or not creneau_propose(
        demarche=demarche, valeur=choisi, version=version_de(demarche, lieu)
    ):
        return Contenu(None)
    return Contenu(f"{version_offre}|libre")
