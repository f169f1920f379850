"""What the public pages show of this app, place by place (ruche.portees): each write changes
the versions of the public pages of its place only, and the free slots' summaries and
caches keyed by them.

The slots depend on the partners' conventions too (no slot after a partnership ends,
partenariats.selecteurs.couverture): partenariats registers its models for the whole network,
ruche its places, hours, closures and organisations.
An attendance mark (came, did not come), a reminder, a room booking, a calendar link's token
and the slots' own summary show on no public page: they change no public version."""

from permanences.models import (
    Atelier,
    Calendrier,
    DateSautee,
    DemandePlusTot,
    Demarche,
    Inscription,
    Occurrence,
    Permanence,
    RendezVous,
    Salle,
)
from ruche.portees import lieu_de_la_page, montrer, suivre_public


def par_chemin(*attributs):
    """The place reached from an instance through these relations (the last one a place's
    foreign key), without a query when they are loaded."""

    def lieux(instance, update_fields=None):
        objet = instance
        for attribut in attributs[:-1]:
            objet = getattr(objet, attribut)
        return [getattr(objet, f"{attributs[-1]}_id")]

    return lieux


PRESENCE = {RendezVous.Statut.VENU, RendezVous.Statut.ABSENT}


def lieux_du_rendez_vous(rdv, update_fields=None):
    # Came or did not come: the slot stays taken, no public page changes.
    if update_fields and set(update_fields) <= {"statut", "notes"} and rdv.statut in PRESENCE:
        return []
    return [rdv.demarche.lieu_id]


# The parts of a place's offer (ruche.portees): "offre", what it offers (sessions, démarches,
# rooms, workshops), and "inscriptions", who registered for its workshops. A booking belongs
# to neither: it changes the place's free slots, booking forms and secret links only.
OFFRE = ("offre",)

suivre_public(RendezVous, lieux_du_rendez_vous)
suivre_public(DemandePlusTot, par_chemin("rendez_vous", "demarche", "lieu"))
suivre_public(Occurrence, par_chemin("permanence", "calendrier", "lieu"), OFFRE)
suivre_public(Permanence, par_chemin("calendrier", "lieu"), OFFRE)
suivre_public(DateSautee, par_chemin("permanence", "calendrier", "lieu"), OFFRE)
suivre_public(Calendrier, par_chemin("lieu"), OFFRE)
suivre_public(Demarche, par_chemin("lieu"), OFFRE)
suivre_public(Salle, par_chemin("lieu"), OFFRE)
suivre_public(Atelier, par_chemin("salle", "lieu"), OFFRE)
suivre_public(Inscription, par_chemin("atelier", "salle", "lieu"), ("inscriptions",))

# A place's home (its partners and the association's permanences) and its list of démarches
# show no booking nor registration; its workshops show their registrations, no booking.
montrer(OFFRE, "accueil", "demarches")
montrer(("offre", "inscriptions"), "ateliers", "atelier")


# A secret link's pages show one booking (one registration): keyed by its place's version,
# not by every place's.
def _lieu_du_lien(modele, chemin, cle):
    def sous_requete(kwargs):
        from permanences.views.rendezvous import cle_valide

        secret = kwargs.get(cle, "")
        if not cle_valide(secret):
            return None
        return modele.objects.filter(secret=secret).values(chemin)

    return sous_requete


lieu_de_la_page("demarche_ou_rendez_vous", _lieu_du_lien(RendezVous, "demarche__lieu__slug", "cle"))
lieu_de_la_page("imprimer_rendez_vous", _lieu_du_lien(RendezVous, "demarche__lieu__slug", "secret"))
lieu_de_la_page("inscription", _lieu_du_lien(Inscription, "atelier__salle__lieu__slug", "secret"))
