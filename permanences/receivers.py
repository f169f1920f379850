"""What the public pages show of this app, place by place (ruche.portees): each write changes
the versions of the public pages of its place only, and the free slots' summaries and
caches keyed by them.

The slots depend on the partners' conventions too (no slot after a partnership ends,
partenariats.selecteurs.couverture): partenariats registers its models for the whole network,
ruche its places, hours, closures and organisations.
An attendance mark (came, did not come), a reminder, a room booking, a calendar link's token
and the slots' own summary show on no public page: they change no public version."""

from django.db.models.signals import post_delete, post_save, pre_save

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
from ruche.cache_pages import contenu_de_la_page
from ruche.portees import (
    changer_public,
    lieu_de_la_page,
    montrer,
    nom_de_l_objet,
    objet_de_la_page,
    partie_des_creneaux,
    suivre_public,
)
from ruche.versions import oublier


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


def nom_du_rendez_vous(pk):
    """The version of a booking's own pages (its secret link, its printable page)."""
    return nom_de_l_objet("rendez-vous", pk)


def _occurrence_avant(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a save that may move a booking to another session: the session it leaves,
    whose démarches get that time back (one query, for those saves only)."""
    instance._occurrence_avant = None
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "occurrence" not in update_fields:
        return
    instance._occurrence_avant = (
        RendezVous._base_manager.filter(pk=instance.pk)
        .values_list("occurrence_id", flat=True)
        .first()
    )


def _rendez_vous_change(sender, instance, raw=False, update_fields=None, supprime=False, **kwargs):
    """A booking changes its own pages and the free times of the démarches taking
    appointments in its session (and in the one it leaves): their free slots and booking
    forms, not the other démarches' of its place (ruche.portees)."""
    if raw:
        return
    lieux = lieux_du_rendez_vous(instance, update_fields)
    if not lieux:
        return
    occurrences = {instance.occurrence_id, getattr(instance, "_occurrence_avant", None)}
    slugs = (
        Demarche.objects.filter(permanences__occurrences__in=occurrences - {None})
        .values_list("slug", flat=True)
        .distinct()
    )
    changer_public(
        lieux,
        parties=[partie_des_creneaux(slug) for slug in sorted(slugs)],
        objets=[] if supprime else [nom_du_rendez_vous(instance.pk)],
    )


def _rendez_vous_supprime(sender, instance, **kwargs):
    """A booking deleted changes its place's pages as any write does; its own version,
    which nothing will renew nor read again (its link opens nothing), is deleted with it
    instead of renewed: the table keeps no row per booking ever made."""
    _rendez_vous_change(sender, instance, supprime=True, **kwargs)
    oublier(nom_du_rendez_vous(instance.pk))


pre_save.connect(_occurrence_avant, sender=RendezVous, dispatch_uid="public_rendez_vous_avant")
post_save.connect(_rendez_vous_change, sender=RendezVous, dispatch_uid="public_rendez_vous")
post_delete.connect(_rendez_vous_supprime, sender=RendezVous, dispatch_uid="public_rendez_vous")


def oublier_versions_des_rendez_vous():
    """Deletes the own versions of the bookings anonymised (their link was replaced: it opens
    nothing) or gone: every booking made leaves one (`nom_du_rendez_vous`), and a network
    makes a hundred thousand a year. One statement, whatever the number (the anonymisation
    runs it every night; it also takes those anonymised before it existed)."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from ruche.models import VersionDonnees

    prefixe = nom_du_rendez_vous("")
    vivants = (
        RendezVous.objects.filter(anonymise_le__isnull=True)
        .annotate(version=Concat(Value(prefixe), Cast("pk", CharField()), output_field=CharField()))
        .values("version")
    )
    return VersionDonnees.objects.filter(pk__startswith=prefixe).exclude(pk__in=vivants).delete()[0]


def _demande_plus_tot_changee(sender, instance, raw=False, **kwargs):
    """A request for an earlier time shows on its booking's own pages only."""
    if not raw:
        changer_public(
            [instance.rendez_vous.demarche.lieu_id],
            objets=[nom_du_rendez_vous(instance.rendez_vous_id)],
        )


post_save.connect(_demande_plus_tot_changee, sender=DemandePlusTot, dispatch_uid="public_plus_tot")
post_delete.connect(
    _demande_plus_tot_changee, sender=DemandePlusTot, dispatch_uid="public_plus_tot"
)


# The parts of a place's offer (ruche.portees): "offre", what it offers (sessions, démarches,
# rooms, workshops), and "inscriptions", who registered for its workshops. A booking belongs
# to neither: it changes the free times of the démarches of its session
# (`partie_des_creneaux`) and its own pages.
OFFRE = ("offre",)

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


# A démarche's free slots and booking form show the offer and that démarche's free times
# (the démarche's slug in the address). `/rendez-vous/<secret>/` is the same address as a
# démarche's: it reads both, and the booking's own version (nothing for a démarche's slug).
def _creneaux_de(cle):
    def partie(kwargs):
        from permanences.views.rendezvous import cle_valide

        # A wrong link (NUL bytes, accents…) names no version: the page is a 404.
        return partie_des_creneaux(kwargs[cle]) if cle_valide(kwargs.get(cle, "")) else None

    return partie


montrer(("offre", _creneaux_de("cle")), "demarche_ou_rendez_vous")
montrer(("offre", _creneaux_de("slug")), "reserver_rendez_vous")
montrer(OFFRE, "imprimer_rendez_vous")


# Most bookings change nothing a démarche's list of free slots or a booking form shows: the
# page is found by a digest of what it shows (permanences/views/contenus.py).
def _contenu(nom):
    def contenu(request, kwargs):
        from permanences.views import contenus

        return getattr(contenus, nom)(request, kwargs)

    return contenu


contenu_de_la_page("demarche_ou_rendez_vous", _contenu("contenu_des_creneaux"))
contenu_de_la_page("reserver_rendez_vous", _contenu("contenu_du_formulaire"))


def _rendez_vous_du_lien(cle):
    def sous_requete(kwargs):
        from django.db import connection

        from permanences.views.rendezvous import cle_valide

        secret = kwargs.get(cle, "")
        if not cle_valide(secret):
            return None
        table = connection.ops.quote_name(RendezVous._meta.db_table)
        return f"SELECT %s || id FROM {table} WHERE secret = %s", [nom_du_rendez_vous(""), secret]

    return sous_requete


objet_de_la_page("demarche_ou_rendez_vous", _rendez_vous_du_lien("cle"))
objet_de_la_page("imprimer_rendez_vous", _rendez_vous_du_lien("secret"))


# A workshop registration's secret link shows one registration: keyed by its place's
# version, not by every place's.
def _lieu_du_lien(modele, chemin, cle):
    def sous_requete(kwargs):
        from permanences.views.rendezvous import cle_valide

        secret = kwargs.get(cle, "")
        if not cle_valide(secret):
            return None
        return modele.objects.filter(secret=secret).values(chemin)

    return sous_requete


lieu_de_la_page("inscription", _lieu_du_lien(Inscription, "atelier__salle__lieu__slug", "secret"))
