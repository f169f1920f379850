"""Model rules: constraints, cross-field checks in clean(), uploads, queryset methods."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from partenariats import texte
from partenariats.models import ComiteSuivi, Convention, Manquement, Resiliation
from tests.partenariats.factories import (
    ArticleAvenantFactory,
    AvenantFactory,
    ComiteSuiviFactory,
    ConventionFactory,
    DocumentFactory,
    ManquementFactory,
    PartieFactory,
    VisaFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def erreurs(objet):
    with pytest.raises(ValidationError) as exc:
        objet.full_clean()
    return exc.value.message_dict


def test_end_before_start_is_refused_in_french_and_by_the_database():
    convention = ConventionFactory.build(debut=date(2024, 12, 31), premiere_fin=date(2024, 1, 1))
    assert "doit être après le début" in erreurs(convention)["premiere_fin"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        convention.save()


def test_committee_outside_any_period_in_force(convention):
    avant = ComiteSuivi(convention=convention, date=date(2023, 12, 1), participants="X")
    assert "ne commence que le 1er janvier 2024" in erreurs(avant)["date"][0]

    ComiteSuiviFactory(
        convention=convention,
        date=date(2024, 11, 5),
        decision=ComiteSuivi.Decision.NE_PAS_RECONDUIRE,
    )
    apres = ComiteSuivi(convention=convention, date=date(2025, 11, 5), participants="X")
    message = erreurs(apres)["date"][0]
    assert "n'est plus en vigueur depuis le 1er janvier 2025" in message


def test_committee_in_the_future_cannot_have_decided(convention):
    futur = ComiteSuivi(
        convention=convention,
        date=date(2099, 11, 5),
        participants="X",
        accord_ruche=ComiteSuivi.Accord.ACCORD,
    )
    assert "pas encore eu lieu" in erreurs(futur)["__all__"][0]


def test_editing_a_committee_is_checked_without_itself(convention):
    comite = ComiteSuiviFactory(
        convention=convention,
        date=date(2024, 11, 5),
        decision=ComiteSuivi.Decision.NE_PAS_RECONDUIRE,
    )
    comite.compte_rendu = "Compte rendu complété."
    comite.full_clean()  # its own refusal does not put it outside the period


def test_amendment_on_a_terminated_convention(convention):
    Resiliation.objects.create(convention=convention, date=date(2025, 3, 1), motif="Fin d'activité")
    avenant = AvenantFactory.build(
        convention=convention, date=date(2025, 4, 1), prend_effet_le=date(2025, 5, 1)
    )
    assert "ne peut plus la modifier" in erreurs(avenant)["date"][0]


def test_amendment_on_a_lapsed_convention(convention):
    ManquementFactory(convention=convention, notifie_le=date(2025, 1, 31))
    avenant = AvenantFactory.build(
        convention=convention, date=date(2025, 2, 28), prend_effet_le=date(2025, 3, 1)
    )
    assert "depuis le 28 février 2025" in erreurs(avenant)["date"][0]


def test_amendment_effective_before_the_start(convention):
    avenant = AvenantFactory.build(
        convention=convention, date=date(2024, 2, 1), prend_effet_le=date(2023, 12, 1)
    )
    assert "avant le début de la convention" in erreurs(avenant)["prend_effet_le"][0]


def test_amendments_are_numbered_in_turn(convention):
    premier = AvenantFactory(convention=convention)
    second = AvenantFactory(convention=convention)
    assert (premier.numero, second.numero) == (1, 2)


def test_breach_and_termination_need_a_convention_in_force(convention):
    ResiliationBefore = Resiliation(convention=convention, date=date(2024, 1, 1), motif="x")
    assert "doit suivre le début" in erreurs(ResiliationBefore)["date"][0]
    Resiliation.objects.create(convention=convention, date=date(2025, 3, 1), motif="x")
    convention = Convention.objects.avec_vie().get(pk=convention.pk)
    manquement = Manquement(convention=convention, notifie_le=date(2025, 4, 1), description="x")
    assert "n'est plus en vigueur" in erreurs(manquement)["notifie_le"][0]


def test_a_convention_has_at_most_one_termination(convention):
    Resiliation.objects.create(convention=convention, date=date(2025, 3, 1), motif="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Resiliation.objects.create(convention=convention, date=date(2025, 4, 1), motif="y")


def test_the_scan_must_be_a_pdf_by_its_content(convention):
    convention.scan_signe = SimpleUploadedFile("scan.pdf", b"GIF89a pas un pdf")
    assert "n'est pas un PDF" in erreurs(convention)["scan_signe"][0]


def test_the_scan_size_is_limited(convention, settings):
    settings.UPLOAD_MAX_BYTES = 10
    convention.scan_signe = SimpleUploadedFile("scan.pdf", PDF)
    assert "trop lourd" in erreurs(convention)["scan_signe"][0]


def test_the_scan_is_kept_with_its_sha256(convention):
    import hashlib

    convention.scan_signe = SimpleUploadedFile("scan.pdf", PDF)
    convention.full_clean()
    convention.save()
    convention.refresh_from_db()
    assert convention.scan_sha256 == hashlib.sha256(PDF).hexdigest()
    assert convention.history.count() == 2  # creation, then the scan


def test_communication_documents_accept_images_but_not_anything(convention):
    document = DocumentFactory.build(
        convention=convention, fichier=SimpleUploadedFile("flyer.png", b"\x89PNG\r\n\x1a\nxx")
    )
    document.full_clean()
    document.fichier = SimpleUploadedFile("flyer.pdf", b"<html>pas un document</html>")
    assert "PDF ou PNG ou JPEG" in erreurs(document)["fichier"][0]


def test_missing_visas(convention):
    association, ville = convention.parties.all()
    document = DocumentFactory(convention=convention)
    VisaFactory(document=document, partie=ville)
    assert document.visas_manquants() == [association]
    autre = PartieFactory()  # a party to another convention
    visa = VisaFactory.build(document=document, partie=autre)
    assert "pas partie à cette convention" in erreurs(visa)["partie"][0]


def test_in_force_queryset(convention):
    refusee = ConventionFactory()
    ComiteSuiviFactory(
        convention=refusee, date=date(2024, 11, 5), decision=ComiteSuivi.Decision.NE_PAS_RECONDUIRE
    )
    future = ConventionFactory(debut=date(2030, 1, 1), premiere_fin=date(2030, 12, 31))
    assert set(Convention.objects.en_vigueur(date(2024, 6, 1))) == {convention, refusee}
    assert set(Convention.objects.en_vigueur(date(2026, 11, 26))) == {convention}
    assert set(Convention.objects.en_vigueur(date(2030, 6, 1))) == {convention, future}


def test_term_input_is_built_with_a_constant_number_of_queries(django_assert_num_queries):
    for _ in range(3):
        convention = ConventionFactory()
        for annee in (2024, 2025):
            ComiteSuiviFactory(convention=convention, date=date(annee, 11, 5))
    with django_assert_num_queries(6):  # the avenants too: they may change the term
        etats = [c.etat(date(2026, 11, 26)) for c in Convention.objects.avec_vie()]
    assert all(e.en_vigueur and e.alerte_comite for e in etats)


def test_consolidated_text_and_changes(convention):
    avenant = AvenantFactory(convention=convention, prend_effet_le=date(2025, 7, 1))
    ArticleAvenantFactory(avenant=avenant, numero=2, titre="Engagements", texte="Nouveau texte.")
    ArticleAvenantFactory(avenant=avenant, numero=7, titre="Ajout", texte="Article ajouté.")
    avant = convention.articles_en_vigueur(date(2025, 6, 30))
    apres = convention.articles_en_vigueur(date(2025, 7, 1))
    assert [a.numero for a in avant] == [1, 2, 3]
    assert [a.numero for a in apres] == [1, 2, 3, 7]
    assert apres[1].texte == "Nouveau texte." and apres[1].avenant == 1
    changes = convention.changements()[1]
    assert [(c.numero, c.ajout) for c in changes] == [(2, False), (7, True)]


def test_text_markup():
    blocs = texte.blocs("Intro\nsuite.\n\n- un,\n  - détail\n- deux.\n\n[[logos]]\n\nFin.")
    assert [b.nature for b in blocs] == ["paragraphe", "liste", "logos", "paragraphe"]
    assert blocs[0].texte == "Intro suite."
    assert [i.texte for i in blocs[1].items] == ["un,", "deux."]
    assert blocs[1].items[0].sous_items == ["détail"]
    assert texte.en_lettres(2) == "deux" and texte.en_lettres(12) == "12"
