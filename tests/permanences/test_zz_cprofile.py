import cProfile
import pstats
from datetime import UTC, datetime

import pytest

from permanences.services.disponibilites import creneaux_publics
from permanences.services.rendezvous import annuler_rendez_vous, reserver_rendez_vous
from ruche.models import Lieu
from tests.permanences.factories import DemarcheFactory, occurrence_pour

pytestmark = pytest.mark.django_db(transaction=True)


def test_profil(django_user_model):
    Lieu.objects.create(nom="France Services Pont", slug="pont", commune="Pont")
    demarche = DemarcheFactory(slug="titre-de-sejour")
    for j in range(8, 30):
        from datetime import timedelta

        from django.utils import timezone

        occurrence_pour(demarche, jour=timezone.localdate() + timedelta(days=j))
    auteur = django_user_model.objects.create(username="banc", is_staff=True, is_superuser=True)
    from permanences.models import Occurrence

    libres = creneaux_publics(demarche=demarche)
    for cle, debut, _fin in libres[30:33]:
        r = reserver_rendez_vous(
            occurrence=Occurrence.objects.get(pk=cle),
            demarche=demarche,
            debut=datetime.fromtimestamp(debut, UTC),
            nom="B",
            telephone="0612345678",
            par=auteur,
        )
        annuler_rendez_vous(rendez_vous=r, par=auteur)
    profil = cProfile.Profile()
    profil.enable()
    faits = []
    for cle, debut, _fin in libres[:20]:
        faits.append(
            reserver_rendez_vous(
                occurrence=Occurrence.objects.get(pk=cle),
                demarche=demarche,
                debut=datetime.fromtimestamp(debut, UTC),
                nom="B",
                telephone="0612345678",
                par=auteur,
            )
        )
    for rdv in faits:
        annuler_rendez_vous(rendez_vous=rdv, par=auteur)
    profil.disable()
    pstats.Stats(profil).sort_stats("cumulative").print_stats(70)
