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


def lettre_manquement_pdf(convention, manquement):
    """The notification letter of a breach, for staff to sign and send (Articles 3 and 6)."""
    parties = list(convention.parties.all())
    ruche = next((p.organisation for p in parties if p.organisation.est_la_ruche), None)
    partenaire = next((p.organisation for p in parties if not p.organisation.est_la_ruche), None)
    articles = convention.articles_en_vigueur(manquement.notifie_le)
    context = {
        "convention": convention,
        "manquement": manquement,
        "ruche": ruche,
        "partenaire": partenaire,
        "article": next((a for a in articles if a.numero == manquement.article), None),
    }
    return render_pdf("partenariats/pdf/lettre_manquement.html", context)
