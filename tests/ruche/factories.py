import factory
from django.contrib.auth.models import Group

from ruche.models import Passage, TotalHistorique, Utilisateur
from ruche.roles import BENEVOLE, COMITE, COORDINATION, PERSONNEL, REPRESENTANT
from tests.partenariats.factories import OrganisationFactory, RucheFactory

PASSWORD = "mot-de-passe-de-test-2026"


def role_hook(default):
    """Puts the user in a role's group; `Factory(role=...)` picks another one."""

    def hook(utilisateur, create, extracted, **kwargs):
        name = extracted or default
        if create and name:
            utilisateur.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(hook)


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.fr")
    password = factory.django.Password(PASSWORD)
    role = role_hook(None)


class PersonnelFactory(UtilisateurFactory):
    is_staff = True
    organisation = factory.SubFactory(RucheFactory)
    role = role_hook(PERSONNEL)


class BenevoleFactory(UtilisateurFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    role = role_hook(BENEVOLE)


class RepresentantFactory(UtilisateurFactory):
    """A partner's Présidente (or whoever she designates): a volunteer who also speaks for
    the association as a party to its convention."""

    organisation = factory.SubFactory(OrganisationFactory)
    role = role_hook(REPRESENTANT)

    @factory.post_generation
    def benevole(utilisateur, create, extracted, **kwargs):
        if create and extracted is not False:
            utilisateur.groups.add(Group.objects.get(name=BENEVOLE))


class ComiteFactory(UtilisateurFactory):
    organisation = factory.SubFactory(RucheFactory)
    role = role_hook(COMITE)


class CoordinationFactory(UtilisateurFactory):
    role = role_hook(COORDINATION)


class PassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passage

    accompagnement = factory.Iterator(Passage.Accompagnement.values)
    theme = factory.Iterator(["", *Passage.Theme.values])
    auteur = factory.SubFactory(PersonnelFactory)


class TotalHistoriqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TotalHistorique

    annee = 2023
    mois = None
    accompagnement = ""
    nombre = 948
    source = "Rapport d'activité 2023"
