"""French sentences about a convention's end, shared by pages and mail."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partenariats import terme
from ruche.formats import date_longue

POURQUOI = {
    terme.NON_RECONDUITE: gettext_lazy("elle n'est pas reconduite"),
    terme.CADUQUE: gettext_lazy("elle devient caduque après un manquement notifié (article 6)"),
    terme.ROMPUE: gettext_lazy("le partenariat est rompu (article 3)"),
    terme.RESILIEE: gettext_lazy("elle est résiliée"),
}


def phrase_fin(fin):
    """« La convention avec X s'applique jusqu'au … (dans 15 jours) : elle est résiliée. »"""
    dans = ngettext("dans %(n)s jour", "dans %(n)s jours", fin.jours_restants) % {
        "n": fin.jours_restants
    }
    if fin.jours_restants == 0:
        dans = _("aujourd'hui")
    phrase = _("La convention avec %(partenaires)s s'applique jusqu'au %(date)s (%(dans)s)") % {
        "partenaires": fin.partenaires or fin.titre,
        "date": date_longue(fin.dernier_jour),
        "dans": dans,
    }
    if fin.motif in POURQUOI:
        phrase += " : " + str(POURQUOI[fin.motif])
    return phrase + "."
