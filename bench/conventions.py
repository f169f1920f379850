"""Benchmark of the convention pages: query counts and PDF render time.

Run: .venv/bin/python bench/conventions.py  (uses the database of .env, inside a transaction
that is rolled back: nothing is left behind).
"""

import contextlib
import os
import statistics
import sys
import time
from datetime import date
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from partenariats.models import (  # noqa: E402
    Article,
    ArticleAvenant,
    Avenant,
    ComiteSuivi,
    Convention,
    ConventionPartie,
    DocumentCommunication,
    Engagement,
    Visa,
)
from partenariats.pdf import convention_pdf  # noqa: E402
from partenariats.views.conventions import conventions_completes  # noqa: E402
from ruche.models import Utilisateur  # noqa: E402
from tests.pdf import pdf_text  # noqa: E402


class Annuler(Exception):
    pass


def requetes(client, url):
    with CaptureQueriesContext(connection) as contexte:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(contexte)


def grossir(convention, n, depart=0):
    """n committees, amendments (two articles each), documents with a visa, new articles."""
    parties = list(convention.parties.all())
    for i in range(depart, depart + n):
        jour = date(2024, 1, 1 + i % 28)
        ComiteSuivi.objects.create(
            convention=convention, date=jour, participants="Bench", decision="en_attente"
        )
        avenant = Avenant.objects.create(
            convention=convention, date=jour, prend_effet_le=date(2030, 1, 1), motif="Bench"
        )
        ArticleAvenant.objects.create(avenant=avenant, numero=1000 + i, titre="Ajout", texte="x")
        ArticleAvenant.objects.create(avenant=avenant, numero=4, titre="Suivi", texte=f"v{i}")
        document = DocumentCommunication.objects.create(
            convention=convention, titre=f"Flyer {i}", nature="flyer", fichier="bench.pdf"
        )
        Visa.objects.create(document=document, partie=parties[0], vise_par="B", vise_le=jour)
        article = Article.objects.create(
            convention=convention, numero=2000 + i, titre=f"Article {i}", texte="Texte."
        )
        for partie in parties:
            Engagement.objects.create(article=article, partie=partie, ordre=1, texte="s'engager")


def main():
    setup_test_environment()
    with transaction.atomic():
        call_command("demo", force=True, stdout=StringIO())
        convention = Convention.objects.get()
        client = Client()
        client.force_login(Utilisateur.objects.get(username="agent"))
        detail = reverse("partenariats:detail", args=[convention.pk])

        # The real convention: render time of its PDF (median of 5).
        convention = conventions_completes().get(pk=convention.pk)
        durees = []
        for _ in range(5):
            debut = time.perf_counter()
            contenu = convention_pdf(convention)
            durees.append(time.perf_counter() - debut)
        print(
            f"PDF de la convention réelle : {len(pdf_text(contenu))} pages, "
            f"médiane {statistics.median(durees):.2f} s (min {min(durees):.2f} s, "
            f"{len(contenu) // 1024} Kio)"
        )
        debut = time.perf_counter()
        client.get(reverse("partenariats:pdf", args=[convention.pk]))
        print(f"GET /conventions/<pk>/pdf/ : {time.perf_counter() - debut:.2f} s")

        print(f"Requêtes de /conventions/<pk>/ (démo) : {requetes(client, detail)}")
        fait = 0
        for n in (10, 100, 300):
            grossir(convention, n - fait, depart=fait)
            fait = n
            debut = time.perf_counter()
            nombre = requetes(client, detail)
            print(
                f"Requêtes de /conventions/<pk>/ avec {n} comités, avenants, documents, "
                f"articles de plus : {nombre} ({time.perf_counter() - debut:.2f} s)"
            )

        # The list with 50 conventions.
        for i in range(50):
            autre = Convention.objects.create(
                titre=f"Convention {i}", debut=date(2024, 1, 1), premiere_fin=date(2024, 12, 31)
            )
            for partie in convention.parties.all():
                ConventionPartie.objects.create(
                    convention=autre,
                    organisation=partie.organisation,
                    ordre=partie.ordre,
                    role=partie.role,
                    designation=partie.designation,
                    comparution=partie.comparution,
                )
        print(f"Requêtes de /conventions/ (51 conventions) : {requetes(client, '/conventions/')}")
        raise Annuler


if __name__ == "__main__":
    with contextlib.suppress(Annuler):
        main()
