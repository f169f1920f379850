"""Smoke test of a production install: gunicorn (two workers) and `db_worker` on PostgreSQL,
DEBUG off, static files collected into WhiteNoise's manifest storage, behind a TLS proxy
(the test sends the X-Forwarded-* headers), mail to an SMTP server started by the test.
A resident books over HTTP, staff download every PDF, the confirmation mail arrives once."""

import re
import time

import psycopg
import pytest

from tests.production.outils import (
    PYTHON,
    BoiteSmtp,
    Navigateur,
    Processus,
    attendre,
    attendre_gunicorn,
    environnement,
    formulaires,
    gunicorn,
    liens,
    manage,
    port_libre,
    reserver_en_ligne,
)

HOTE = "ruche.exemple.fr"
# The resident's address as the proxy forwards it (a loopback one: nothing leaves the host).
ADRESSE_RESIDENT = "127.0.0.23"
COURRIEL = "awa.diallo@exemple.fr"

AVENANT = """
import datetime
from partenariats.models import Avenant, ArticleAvenant, Convention
avenant = Avenant.objects.create(
    convention=Convention.objects.get(), numero=1, date=datetime.date(2025, 6, 1),
    prend_effet_le=datetime.date(2025, 7, 1), motif="Permanence du jeudi après-midi.",
)
ArticleAvenant.objects.create(
    avenant=avenant, numero=7, titre="Créneau supplémentaire",
    texte="Un créneau est ouvert le jeudi de 14 h à 17 h.",
)
"""


def taches_en_attente(database_url):
    with psycopg.connect(database_url) as cnx:
        requete = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = ANY(%s)"
        return cnx.execute(requete, [["READY", "RUNNING"]]).fetchone()[0]


def pdf(navigateur, chemin):
    reponse = navigateur.get(chemin)
    assert reponse.status == 200, (chemin, reponse.status, reponse.texte[:500])
    assert reponse.headers["Content-Type"] == "application/pdf", chemin
    assert reponse.contenu.startswith(b"%PDF"), chemin
    return reponse


@pytest.mark.lent
def test_a_production_install_books_prints_and_mails(base_a_migrer, tmp_path, record_property):
    durees = {}

    def mesurer(etape, debut):
        durees[etape] = round(time.monotonic() - debut, 1)

    port = port_libre()
    with BoiteSmtp() as boite:
        env = environnement(
            database_url=base_a_migrer,
            ALLOWED_HOSTS=HOTE,
            CSRF_TRUSTED_ORIGINS=f"https://{HOTE}",
            HTTPS="true",
            BEHIND_PROXY="true",
            SITE_URL=f"https://{HOTE}",
            EMAIL_URL=f"smtp://127.0.0.1:{boite.port}",
            MEDIA_ROOT=tmp_path / "media",
            SMS_BACKEND="ruche.sms.ConsoleBackend",
            FORMULAIRE_DUREE_MIN_SECONDES=0,
        )
        debut = time.monotonic()
        manage("migrate", "--noinput", env=env)
        mesurer("migrate", debut)
        debut = time.monotonic()
        manage("demo", "--force", env=env)
        manage("shell", "-c", AVENANT, env=env)
        mesurer("demo", debut)

        debut = time.monotonic()
        web = gunicorn(env=env, journal=tmp_path / "gunicorn.log", adresses=[f"127.0.0.1:{port}"])
        worker = Processus(
            [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
            env=env,
            journal=tmp_path / "db_worker.log",
        )
        try:
            resident = Navigateur(port, hote=HOTE, adresse_client=ADRESSE_RESIDENT)

            attendre_gunicorn(web, resident)
            mesurer("gunicorn prêt", debut)

            # Static files: WhiteNoise serves the hashed names, cached for good.
            accueil = resident.get("/").texte
            feuille_de_style = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', accueil)
            assert feuille_de_style, "pas de CSS aux noms hachés sur l'accueil"
            css = resident.get(feuille_de_style.group(1))
            assert css.status == 200
            assert "immutable" in css.headers["Cache-Control"]

            debut = time.monotonic()
            reponse, occurrence = reserver_en_ligne(resident, nom="Awa Diallo", email=COURRIEL)
            assert reponse.status == 200, reponse.texte[:2000]
            assert "C'est réservé" in reponse.texte or "C&#x27;est réservé" in reponse.texte
            mesurer("réservation", debut)

            debut = time.monotonic()
            agent = Navigateur(port, hote=HOTE, adresse_client="127.0.0.24")
            connexion = formulaires(agent.get("/connexion/").texte)[-1]
            reponse = agent.post(
                "/connexion/",
                {**connexion["champs"], "username": "agent", "password": "ruche-agent-2026"},
            )
            assert "sessionid" in agent.cookies, reponse.texte[:2000]
            detail = liens(agent.get("/conventions/").texte, r"^/conventions/\d+/$")[0]
            page = agent.get(detail).texte
            a_telecharger = [
                *liens(page, r"^/conventions/\d+/pdf/"),
                *liens(page, r"/avenants/1/pdf/$"),
                f"/espace/occurrences/{occurrence}/feuille.pdf",
                *liens(agent.get("/statistiques/").texte, r"/rapport\.pdf$"),
            ]
            assert len(a_telecharger) == 5, a_telecharger
            for chemin in a_telecharger:
                pdf(agent, chemin)
            mesurer("5 PDF", debut)

            debut = time.monotonic()
            attendre(lambda: boite.pour(COURRIEL), quoi="le courriel de confirmation")
            attendre(lambda: taches_en_attente(base_a_migrer) == 0, quoi="la file vide")
            mesurer("courriel reçu", debut)
            recus = boite.pour(COURRIEL)
            assert len(recus) == 1
            texte = recus[0].get_body(preferencelist=("plain",)).get_content()
            assert f"https://{HOTE}/rendez-vous/" in texte
            assert web.vivant() and worker.vivant()
        except BaseException:
            print(web.sortie()[-5000:], worker.sortie()[-5000:], sep="\n----\n")
            raise
        finally:
            web.arreter()
            worker.arreter()

    for etape, secondes in durees.items():
        record_property(f"mesure:{etape} (s)", secondes)
