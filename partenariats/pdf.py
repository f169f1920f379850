"""The convention and its amendments as printed documents (WeasyPrint via ruche.pdf)."""

from django.utils import timezone

from ruche.pdf import render_pdf

# The signed 2024 text runs to four pages; the first pass starts from there.
PAGES_CONVENTION = 4
PAGES_AVENANT = 2


def convention_pdf(convention, *, signee=False, jour=None):
    """The convention as signed, or its consolidated text in force on the day (today)."""
    jour = jour or timezone.localdate()
    articles = convention.articles_en_vigueur(None if signee else jour)
    modifies = {a.numero for a in articles if a.avenant is not None}
    context = {
        # Beside the consolidated text: the signed wording of each article it changes.
        "originaux_modifies": [
            a for a in convention.articles_en_vigueur(None) if a.numero in modifies
        ],
        "convention": convention,
        "parties": convention.parties.all(),
        "articles": articles,
        "signee": signee,
        "jour": jour,
        "avenants_appliques": []
        if signee
        else [a for a in convention.avenants.all() if a.prend_effet_le <= jour],
    }
    return render_pdf("partenariats/pdf/convention.html", context, pages_hint=PAGES_CONVENTION)


def avenant_pdf(convention, avenant):
    """One amendment as its own document, with what it changes."""
    context = {
        "convention": convention,
        "avenant": avenant,
        "parties": convention.parties.all(),
        "changements": convention.changements().get(avenant.numero, []),
    }
    return render_pdf("partenariats/pdf/avenant.html", context, pages_hint=PAGES_AVENANT)
