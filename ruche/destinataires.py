"""Who is told at a place, and whose name a message carries.

With several places in one install, what happens at a place (a calendar sent, a session
cancelled, a committee's answer, a convention ending) is told to that place's desk and
staff only: the staff of the other places do not see its partners' affairs in the pages,
and must not read them in their mail either. A message is signed by the place, and a
resident's by the place and the association that receives them, so that someone who deals
with two places knows which one writes.

With a single place every staff account is that place's, as before places existed.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from ruche.models.lieu import Lieu, lieu_par_defaut
from ruche.models.organisation import Organisation
from ruche.roles import PERSONNEL


def _lieu(lieu):
    return lieu if isinstance(lieu, Lieu) else Lieu.objects.get(pk=lieu)


def adresses_du_personnel(lieu):
    """The addresses of the active staff accounts of the place (an instance or its pk),
    each once, sorted; every staff account's when the install has one place."""
    comptes = (
        get_user_model().objects.filter(is_active=True, groups__name=PERSONNEL).exclude(email="")
    )
    if Lieu.objects.plusieurs():
        comptes = comptes.filter(lieux=lieu)
    return sorted(set(comptes.values_list("email", flat=True)))


def adresse_de_l_accueil(lieu):
    """The desk's shared address: the settings' RUCHE_STAFF_EMAIL for the install's first
    place (the one it was set up for), the address typed on the place otherwise; "" when
    that place has none."""
    lieu = _lieu(lieu)
    if lieu.pk == lieu_par_defaut():
        return settings.RUCHE_STAFF_EMAIL
    return lieu.courriel


def adresses_du_lieu(lieu):
    """Who is told on behalf of a place: its desk's shared address; its staff when it has
    none; the install's address when it has no staff with an address either, so that
    nothing is told to no one."""
    lieu = _lieu(lieu)
    accueil = adresse_de_l_accueil(lieu)
    if accueil:
        return [accueil]
    return adresses_du_personnel(lieu) or [settings.RUCHE_STAFF_EMAIL]


def signature(lieu, organisation=None):
    """The name a message ends with: the place's, and the partner's beside it when the
    message speaks for both (a resident's appointment with an association at the place)."""
    nom = _lieu(lieu).nom
    if organisation is None or organisation.est_la_ruche:
        return nom
    partenaire = organisation.sigle or organisation.nom
    if organisation.nature == Organisation.Nature.ASSOCIATION:
        return _("%(lieu)s et l'association %(association)s") % {
            "lieu": nom,
            "association": partenaire,
        }
    return _("%(lieu)s et %(partenaire)s") % {"lieu": nom, "partenaire": partenaire}
