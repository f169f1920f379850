"""Who sees what, written once.

By organisation: the Ruche staff see every object of an organisation, a volunteer those of
their own organisation, anyone else none. By place: the staff see the places they belong
to, the network coordination the places it follows (every place when none is given), the
follow-up committee the places of the conventions its organisation is a party to. With a
single place in the install, everyone with a role is in it, as before places existed.

Each model that belongs to an organisation has a queryset built on `PerimetreQuerySet`,
which says how to reach its organisation and its place; every view of the volunteers' space
starts its queries from `Modele.objects.visibles_par(utilisateur)`, so another
organisation's or another place's object is a 404, never a 403 that would confirm it
exists. A test reads the views and fails when one queries such a model another way
(tests/ruche/test_perimetre.py). Models that belong to a place only (rooms, visits,
conventions…) use `DuLieuQuerySet.des_lieux_de(utilisateur)`.
"""

from types import SimpleNamespace

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ruche.portees import version_reseau
from ruche.registres import LIEUX_DE_L_ORGANISATION
from ruche.roles import COMITE, COORDINATION, PERSONNEL, a_le_role, est_personnel, est_representant


def _lieux():
    """The places (`Lieu.objects`), reached through the app registry: the models import this
    module for their querysets, so it imports none of them."""
    return apps.get_model("ruche", "Lieu").objects


def _lieux_visibles(utilisateur):
    if not utilisateur.is_authenticated or not utilisateur.is_active:
        return []
    if utilisateur.is_superuser:
        return None
    lieux = set()
    if a_le_role(utilisateur, PERSONNEL, COORDINATION, COMITE):
        lieux |= set(utilisateur.lieux.values_list("pk", flat=True))
    if not lieux and a_le_role(utilisateur, COORDINATION):
        return None  # the coordination of the whole network
    if a_le_role(utilisateur, COMITE) and utilisateur.organisation_id:
        lieux |= set(LIEUX_DE_L_ORGANISATION(utilisateur.organisation_id, en_vigueur=False))
    if not lieux and not _lieux().plusieurs():
        return None
    return sorted(lieux)


def lieux_visibles(utilisateur):
    """The pks of the places whose activity the person sees; None: every place. Volunteers
    are not limited by place: their organisation's activity is wherever it holds a
    convention (`visibles_par` limits them by organisation)."""
    if not hasattr(utilisateur, "_lieux_visibles"):
        utilisateur._lieux_visibles = _lieux_visibles(utilisateur)
    return utilisateur._lieux_visibles


def partenaire_lecteur(utilisateur):
    """The organisation a partner's representative reads for (its own activity, its own
    conventions), or None: the person reads from the Ruche's desk (staff, committee,
    coordination), or reads nothing."""
    if a_le_role(utilisateur, PERSONNEL, COMITE, COORDINATION) or not est_representant(utilisateur):
        return None
    return utilisateur.organisation_id


def _lieux_de_l_espace(utilisateur):
    if est_personnel(utilisateur) or not getattr(utilisateur, "organisation_id", None):
        return lieux_visibles(utilisateur)
    if not _lieux().plusieurs():
        return None
    return sorted(set(LIEUX_DE_L_ORGANISATION(utilisateur.organisation_id, en_vigueur=True)))


def lieux_de_l_espace(utilisateur):
    """The places whose calendar the volunteers' space shows the person (closures, rooms):
    the staff's places; for a volunteer, the places where their organisation holds a
    convention in force today. None: every place."""
    if not hasattr(utilisateur, "_lieux_de_l_espace"):
        utilisateur._lieux_de_l_espace = _lieux_de_l_espace(utilisateur)
    return utilisateur._lieux_de_l_espace


def tous_les_lieux():
    """{pk: place} of every place as a light object (pk, nom, slug, commune, plusieurs, and
    logo_lieu: its operating organisation's logo file), by name, read once per version of what
    every public page shows of the network (ruche.portees: a place or an organisation saved
    gives a new one): headers and place filters cost no query."""
    valeur = version_reseau()
    cle = f"tous-les-lieux:{valeur}"
    lieux = cache.get(cle) if valeur is not None else None
    if lieux is None:
        lignes = (
            _lieux()
            .order_by("nom", "pk")
            .values_list("pk", "nom", "slug", "commune", "organisation__logo")
        )
        plusieurs = len(lignes) > 1
        lieux = {
            pk: SimpleNamespace(
                pk=pk, nom=nom, slug=slug, commune=commune, plusieurs=plusieurs, logo_lieu=logo
            )
            for pk, nom, slug, commune, logo in lignes
        }
        if valeur is not None:
            cache.set(cle, lieux, 3600)
    return lieux


def lieux_au_choix(utilisateur):
    """The places a person who sees several may look at one at a time (the coordination,
    staff of several places), by name; none when they see one place only."""
    visibles = lieux_visibles(utilisateur)
    lieux = [lieu for pk, lieu in tous_les_lieux().items() if visibles is None or pk in visibles]
    return lieux if len(lieux) > 1 else []


def lieux_filtres(utilisateur, valeur):
    """The places a page shows: every place the person sees, or the one chosen among them
    (`?lieu=<pk>`). Raises Http404 for a place they do not see, or a malformed value."""
    if not valeur:
        return lieux_visibles(utilisateur)
    if not str(valeur).isdigit() or len(str(valeur)) > 9:
        raise Http404
    pk = int(valeur)
    visibles = lieux_visibles(utilisateur)
    if pk not in tous_les_lieux() or (visibles is not None and pk not in visibles):
        raise Http404
    return [pk]


SANS_LIEU = _(
    "Vous n'êtes rattaché·e à aucun lieu. Demandez à un administrateur de vous rattacher "
    "au vôtre : les passages seront comptés pour ce lieu."
)
CHOISIR_LIEU = _("Choisissez le lieu où la personne est venue.")


def lieux_de_saisie(utilisateur):
    """The places a staff member may record a visit for: theirs, every place for whoever sees
    them all, none for staff without a place once the install has several."""
    lieux = lieux_visibles(utilisateur)
    choix = _lieux().order_by("nom", "pk")
    if lieux is None:
        _lieux().par_defaut()  # a database without a place gets its first one, from the settings
        return choix
    return choix.filter(pk__in=lieux)


def lieu_de_saisie(utilisateur):
    """The place a staff member records for when none is chosen: their only place, the only
    place of the install. Raises ValidationError (French) when that is not one place: staff
    without a place, or with several, must not fill the first place's log by default."""
    lieux = lieux_visibles(utilisateur)
    if lieux is None:
        if _lieux().plusieurs():
            raise ValidationError(CHOISIR_LIEU, code="lieu")
        return _lieux().par_defaut()
    if not lieux:
        raise ValidationError(SANS_LIEU, code="sans_lieu")
    if len(lieux) > 1:
        raise ValidationError(CHOISIR_LIEU, code="lieu")
    return lieux[0]


class DuLieuQuerySet(models.QuerySet):
    # The lookup from the model to its place.
    chemin_lieu = "lieu"

    def des_lieux(self, lieux):
        """The objects of the places `lieux` (pks; None: every place)."""
        if lieux is None:
            return self.all()
        return self.filter(**{f"{self.chemin_lieu}__in": lieux})

    def des_lieux_de(self, utilisateur):
        """The objects of the places the person sees (staff, coordination, committee)."""
        return self.des_lieux(lieux_visibles(utilisateur))


def par_le_lieu_de(chemin):
    """The queryset class of a model whose place is reached through `chemin` (a convention's
    articles: "convention__lieu"), for `objects = par_le_lieu_de(...).as_manager()`."""
    return type(f"DuLieuQuerySet_{chemin}", (DuLieuQuerySet,), {"chemin_lieu": chemin})


class SansLieuQuerySet(DuLieuQuerySet):
    """Objects that hold no place of their own (accounts, organisations): they are a place's
    when something of that place names them. With one place in the install, every one is
    that place's."""

    def des_lieux(self, lieux):
        if lieux is None or len(tous_les_lieux()) <= 1:
            return self.all()
        return self.filter(self.du_lieu(lieux))

    def du_lieu(self, lieux):
        """The condition (a Q or an expression) of an object of the places `lieux`."""
        raise NotImplementedError

    def nomme_par(self, relation, **filtre):
        """EXISTS an object on the reverse `relation` (matching `filtre`) naming this one:
        one indexed probe per row, where a join would repeat each row per visit."""
        champ = self.model._meta.get_field(relation)
        liees = champ.related_model._base_manager.filter(
            **{champ.field.name: models.OuterRef("pk")}, **filtre
        )
        return models.Exists(liees)


def du_perimetre(queryset, utilisateur):
    """What `utilisateur` may see of `queryset`, by its model's one rule: `visibles_par`
    where an organisation owns the objects, `des_lieux_de` where a place does. A model with
    neither has no rule: asking for it is a mistake, never "everything"."""
    if hasattr(queryset, "visibles_par"):
        return queryset.visibles_par(utilisateur)
    if hasattr(queryset, "des_lieux_de"):
        return queryset.des_lieux_de(utilisateur)
    raise ImproperlyConfigured(f"{queryset.model._meta.label} n'a pas de règle d'accès.")


class PerimetreQuerySet(DuLieuQuerySet):
    # The lookup from the model to its organisation.
    chemin_organisation = "organisation"

    def visibles_par(self, utilisateur):
        if est_personnel(utilisateur):
            return self.des_lieux_de(utilisateur)
        organisation_id = getattr(utilisateur, "organisation_id", None)
        if organisation_id is None:
            return self.none()
        return self.filter(**{f"{self.chemin_organisation}_id": organisation_id})
