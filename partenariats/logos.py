"""The partners' own logos, registered in ruche.logos from AppConfig.ready(): the logo each
organisation uploaded, else the drawn placeholder."""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from partenariats.models import Convention, ConventionPartie
from ruche import logos
from ruche.models import Organisation
from ruche.models.organisation import CLE_LOGOS_ENTETE as CLE_ENTETE
from ruche.portees import version_reseau

DUREE_ENTETE = 3600


def logo_de(organisation):
    """The organisation's uploaded logo, else its drawn placeholder."""
    alt = str(organisation.sigle or organisation.nom)
    if organisation.logo:
        return logos.Logo(
            alt=alt,
            web=reverse("partenariats:logo", args=[organisation.pk]),
            pdf=settings.MEDIA_URL + organisation.logo.name,
        )
    if organisation.est_la_ruche:
        return logos.dessin("logo-ruche.svg", alt)
    return logos.dessin("logo-avaqbc.svg", alt)


def organisations_en_vue(jour=None):
    """The Ruche, then the partners of the conventions in force on the day (today by
    default)."""
    en_vigueur = Convention.objects.en_vigueur(jour)
    partenaires = Organisation.objects.filter(conventions__convention__in=en_vigueur)
    ruche = Organisation.objects.filter(est_la_ruche=True)
    return list(ruche) + [o for o in partenaires.distinct().order_by("nom") if not o.est_la_ruche]


def logo_d_entete(place):
    """The logo the page header shows at `place` ("ruche" or "partenaire": the first partner
    in force): (organisation or None, placeholder file)."""
    organisations = Organisation.objects.in_bulk(ids_en_vue())
    en_vue = [organisations[i] for i in ids_en_vue() if i in organisations]
    if place == "ruche":
        trouvee = next((o for o in en_vue if o.est_la_ruche), None)
        return trouvee, "logo-ruche.svg"
    trouvee = next((o for o in en_vue if not o.est_la_ruche), None)
    return trouvee, "logo-avaqbc.svg"


def ids_en_vue():
    """The organisations whose logo the public header shows, kept at the network's public
    version (a logo, an organisation or a convention changed shows on every process and
    machine at the next request) and the day (a convention ends at midnight)."""
    valeur = version_reseau()
    cle = f"{CLE_ENTETE}:{valeur}:{timezone.localdate().isoformat()}"
    ids = cache.get(cle) if valeur is not None else None
    if ids is None:
        ids = [o.pk for o in organisations_en_vue()]
        if valeur is not None:
            cache.set(cle, ids, DUREE_ENTETE)
    return ids


@logos.fournisseur
def logos_partenaires(convention=None, jour=None):
    pk = getattr(convention, "pk", None)
    if pk is not None:
        parties = ConventionPartie.objects.filter(convention_id=pk).select_related("organisation")
        # The Ruche first, as on the header.
        organisations = sorted(
            (p.organisation for p in parties), key=lambda o: (not o.est_la_ruche, o.nom)
        )
    else:
        # Not the header's cached list: a PDF costs the same queries every time. A document
        # dated after a partner's end no longer carries its logo.
        organisations = organisations_en_vue(jour)
    return [logo_de(o) for o in organisations]
