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


def formule_d_appel(signature):
    """ "Madame la Présidente" when the civility is known, else "Madame, Monsieur"."""
    civilite = (signature.civilite or "").strip() if signature else ""
    qualite = (signature.signataire_qualite or "").strip() if signature else ""
    article = {"Madame": "la", "Monsieur": "le"}.get(civilite)
    if article and qualite:
        return f"{civilite} {article} {qualite}"
    return "Madame, Monsieur"


def fonction(signature):
    """The signatory's function as a letter is signed: "La Présidente", "Le Maire"."""
    if signature is None or not signature.signataire_qualite:
        return ""
    article = "La" if (signature.civilite or "").strip() == "Madame" else "Le"
    return f"{article} {signature.signataire_qualite.strip()}"


def _signature(partie):
    from partenariats.models import Signature

    if partie is None:
        return None
    try:
        return partie.signature
    except Signature.DoesNotExist:
        return None


def lettre_manquement_pdf(convention, manquement):
    """The notification letter of a breach, from the party that notifies it to the other,
    for its signatory to sign and send (Articles 3 and 6): it opens on the recipient's
    title ("Madame la Présidente,") and is signed by the signatory's function."""
    parties = list(convention.parties.all())
    auteur = manquement.auteur(parties)
    destinataire = manquement.destinataire(parties)
    articles = convention.articles_en_vigueur(manquement.notifie_le)
    signature_auteur, signature_destinataire = _signature(auteur), _signature(destinataire)
    context = {
        "convention": convention,
        "manquement": manquement,
        "auteur": auteur,
        "destinataire": destinataire,
        "par_la_ruche": auteur is None or auteur.organisation.est_la_ruche,
        "signature": signature_auteur,
        "signature_destinataire": signature_destinataire,
        "appel": formule_d_appel(signature_destinataire),
        "fonction": fonction(signature_auteur),
        "engagements": list(manquement.engagements.all()),
        "article": next((a for a in articles if a.numero == manquement.article), None),
    }
    return render_pdf("partenariats/pdf/lettre_manquement.html", context)
