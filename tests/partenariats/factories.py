import datetime

import factory

from partenariats.models import (
    Article,
    ArticleAvenant,
    Avenant,
    ComiteSuivi,
    Convention,
    ConventionPartie,
    DocumentCommunication,
    Engagement,
    Manquement,
    Resiliation,
    Signature,
    Visa,
)
from ruche.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("nom",)
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"Association des quartiers n° {n}")
    sigle = factory.Sequence(lambda n: f"AQ{n}")
    nature = Organisation.Nature.ASSOCIATION
    adresse = "12, rue de la République, 30200 Bagnols-sur-Cèze"
    representant_nom = factory.Faker("name", locale="fr_FR")
    representant_qualite = "Présidente"

    @factory.post_generation
    def en_convention(organisation, create, extracted, **kwargs):
        """A partner holds activity only under a convention in force (Article 1): by
        default the organisation gets one, in force since 2020 and renewed ever since.
        `OrganisationFactory(en_convention=False)` makes a partner without any."""
        if not create or organisation.est_la_ruche or extracted is False:
            return
        if organisation.conventions.exists():
            return  # get_or_create found an organisation already under a convention
        convention = ConventionFactory(
            titre=f"Convention de partenariat avec {organisation.sigle or organisation.nom}",
            debut=datetime.date(2020, 1, 1),
            premiere_fin=datetime.date(2020, 12, 31),
        )
        PartieFactory(convention=convention, organisation=organisation, ordre=1)


class RucheFactory(OrganisationFactory):
    nom = "Ville de Bagnols-sur-Cèze"
    sigle = "La Ruche numérique"
    nature = Organisation.Nature.COMMUNE
    representant_nom = "Jean-Yves CHAPELET"
    representant_qualite = "Maire"
    est_la_ruche = True


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention

    titre = "CONVENTION DE PARTENARIAT - La Ruche Numérique"
    debut = datetime.date(2024, 1, 1)
    premiere_fin = datetime.date(2024, 12, 31)
    chapeau_objectifs = "Dans ce contexte, un partenariat semble opportun pour :"
    chapeau_moyens = "Ce partenariat consiste en :"


class PartieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConventionPartie

    convention = factory.SubFactory(ConventionFactory)
    # The convention made here is the organisation's only one.
    organisation = factory.SubFactory(OrganisationFactory, en_convention=False)
    ordre = factory.Sequence(lambda n: n + 1)
    role = "Association partenaire"
    designation = factory.LazyAttribute(lambda p: f"L'association {p.organisation.sigle}")
    comparution = factory.LazyAttribute(
        lambda p: (
            f"L'association {p.organisation.nom}, représentée par "
            f"{p.organisation.representant_nom}, agissant en qualité de Présidente"
        )
    )


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    partie = factory.SubFactory(PartieFactory)
    pour = factory.LazyAttribute(lambda s: f"Pour {s.partie.designation}")
    signataire_nom = factory.LazyAttribute(lambda s: s.partie.organisation.representant_nom)
    signataire_qualite = "Présidente"
    signee_le = datetime.date(2024, 1, 10)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    convention = factory.SubFactory(ConventionFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Sequence(lambda n: f"Article de test n° {n + 1}")
    texte = (
        "Les Parties se rencontrent chaque trimestre.\n\n- pour faire le bilan,\n- pour prévoir."
    )


ACCORDS_DE_LA_DECISION = {
    ComiteSuivi.Decision.RECONDUIRE: ComiteSuivi.Accord.ACCORD,
    ComiteSuivi.Decision.NE_PAS_RECONDUIRE: ComiteSuivi.Accord.REFUS,
    ComiteSuivi.Decision.EN_ATTENTE: ComiteSuivi.Accord.EN_ATTENTE,
}


class ComiteSuiviFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComiteSuivi

    convention = factory.SubFactory(ConventionFactory)
    date = datetime.date(2024, 11, 28)
    participants = "Maryse NORDEZ-RYEZ\nSophie Martin"
    compte_rendu = "Bilan positif, reconduction."

    class Params:
        # The decision the two agreements make: both agree, both refuse, or neither spoke.
        decision = ComiteSuivi.Decision.RECONDUIRE

    accord_ruche = factory.LazyAttribute(lambda c: ACCORDS_DE_LA_DECISION[c.decision])
    accord_association = factory.LazyAttribute(lambda c: ACCORDS_DE_LA_DECISION[c.decision])


class AvenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Avenant

    convention = factory.SubFactory(ConventionFactory)
    date = datetime.date(2025, 6, 1)
    prend_effet_le = datetime.date(2025, 7, 1)
    motif = "Ajout d'un créneau le jeudi après-midi."


class ArticleAvenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleAvenant

    avenant = factory.SubFactory(AvenantFactory)
    numero = 7
    titre = "Créneau supplémentaire"
    texte = "Un créneau est ouvert le jeudi de 14 h à 17 h."


class ManquementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Manquement

    convention = factory.SubFactory(ConventionFactory)
    notifie_le = datetime.date(2025, 3, 31)
    recue_le = factory.SelfAttribute("notifie_le")
    description = "Permanences non tenues sans prévenir, trois semaines de suite."


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentCommunication

    convention = factory.SubFactory(ConventionFactory)
    titre = factory.Sequence(lambda n: f"Flyer des permanences n° {n}")
    nature = DocumentCommunication.Nature.FLYER
    fichier = factory.django.FileField(filename="flyer.pdf", data=b"%PDF-1.4\n%test\n")


class VisaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visa

    document = factory.SubFactory(DocumentFactory)
    partie = factory.SubFactory(PartieFactory)
    vise_par = "Sophie Martin"
    vise_le = datetime.date(2026, 11, 20)


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    article = factory.SubFactory(ArticleFactory)
    partie = factory.SubFactory(PartieFactory)
    ordre = factory.Sequence(lambda n: n + 1)
    texte = "participer à l'activité de la Ruche Numérique,"


class ResiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resiliation

    convention = factory.SubFactory(ConventionFactory)
    date = datetime.date(2025, 6, 1)
    motif = "L'association cesse ses activités."
