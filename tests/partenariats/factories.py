import factory

from partenariats.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("nom",)

    nom = factory.Sequence(lambda n: f"Association des quartiers n° {n}")
    sigle = factory.Sequence(lambda n: f"AQ{n}")
    nature = Organisation.Nature.ASSOCIATION
    adresse = "12, rue de la République, 30200 Bagnols-sur-Cèze"
    representant_nom = factory.Faker("name", locale="fr_FR")
    representant_qualite = "Présidente"


class RucheFactory(OrganisationFactory):
    nom = "Ville de Bagnols-sur-Cèze"
    sigle = "La Ruche numérique"
    nature = Organisation.Nature.COMMUNE
    representant_nom = "Jean-Yves CHAPELET"
    representant_qualite = "Maire"
    est_la_ruche = True
