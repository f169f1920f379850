import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.production import statiques_collectes
from tests.ruche.factories import (
    BenevoleFactory,
    ComiteFactory,
    PersonnelFactory,
    UtilisateurFactory,
)

# No timed tests: a property test is never failed for being slow on a loaded machine (the
# default 200 ms deadline and the too-slow health check made CI depend on the load).
hypothesis_settings.register_profile(
    "ruche", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("ruche")


@pytest.fixture(autouse=True)
def _immediate_tasks_and_memory_mail(settings):
    """Tests run tasks at once and keep sent mail in django.core.mail.outbox.

    Static files keep the production storage (WhiteNoise's compressed manifest, after a real
    collectstatic): only the `production` tests run the task worker as well."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _groupe_de_pytest_django(item):
    """The group pytest-django runs a test in, as its own pytest_collection_modifyitems
    computes it: 0 inside a transaction, 1 committing (flushed after), 2 without database."""
    from pytest_django.plugin import validate_django_db

    marqueur = item.get_closest_marker("django_db")
    transactionnel = False
    if marqueur:
        transaction, reset_sequences, *_ = validate_django_db(marqueur)
        transactionnel = transaction or reset_sequences
    fixtures = getattr(item, "fixturenames", ())
    if transactionnel or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    return 0 if marqueur or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests marked `lent` start first: a test of a minute or more among the last left made
    one xdist worker finish the run alone with it while the other waited. pytest-django's groups
    are kept (committing tests after the others); a test without database may start anywhere."""
    groupes = [_groupe_de_pytest_django(item) for item in items]
    if groupes != sorted(groupes):
        return  # not the order pytest-django gave: left as it is rather than mixed up
    rangs = {id(item): groupe for item, groupe in zip(items, groupes, strict=True)}

    def cle(item):
        lent = item.get_closest_marker("lent") is not None
        if lent and rangs[id(item)] == 2:
            return (-1, 0)
        return (rangs[id(item)], 0 if lent else 1)

    items.sort(key=cle)


def pytest_sessionstart(session):
    # Once, in the main process (xdist workers share its STATIC_ROOT).
    if not hasattr(session.config, "workerinput"):
        statiques_collectes()


@pytest.fixture(scope="session", autouse=True)
def _static_files_listed_once():
    """Each test client loads the middleware afresh, and WhiteNoise's middleware then walks
    the collected static files (~900, with their compressed variants) to build its table of
    answers: about 0.3 s per test, a third of the suite's time. The folder does not change
    during the run: the table is built once per folder and settings, then copied."""
    from django.conf import settings
    from whitenoise.base import WhiteNoise

    construire = WhiteNoise.update_files_dictionary
    tables = {}

    def update_files_dictionary(self, root, prefix):
        noms = sorted(nom for nom in dir(settings) if nom.startswith("WHITENOISE_"))
        cle = (root, prefix, settings.DEBUG, *((nom, repr(getattr(settings, nom))) for nom in noms))
        if cle not in tables:
            avant = dict(self.files)
            construire(self, root, prefix)
            tables[cle] = {url: f for url, f in self.files.items() if avant.get(url) is not f}
        self.files.update(tables[cle])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoise, "update_files_dictionary", update_files_dictionary)
        yield


@pytest.fixture(scope="session", autouse=True)
def _mots_de_passe_haches_vite():
    """Every factory user gets a hashed password: with Django's PBKDF2 (a million rounds),
    0.5 s of CPU each, 2 s on a loaded machine. No test checks the hasher; the production
    tests' processes keep the default one (the smoke test logs in with it)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """With scripts/test.sh, the test database is a copy of the model database it migrated
    once (RUCHE_TEST_MODELE); Django's migrate then finds nothing left to apply."""
    import os

    from django.conf import settings

    modele = os.environ.get("RUCHE_TEST_MODELE")
    if modele:
        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = modele


@pytest.fixture(autouse=True)
def _french_to_start_with():
    """Each test starts in French: a request in English or Arabic leaves its language active
    in the thread, and the next test's data would be typed in it."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cache_redis(settings):
    """The pages' cache in a throwaway Redis behind each process's own tier, as production
    configures it from CACHE_URL (ruche.cache)."""
    import environ

    from ruche.cache import reglages
    from tests.production.outils import RedisJetable

    with RedisJetable() as serveur:
        url = environ.Env.cache_url_config(serveur.url)
        settings.CACHES = {"default": reglages(url, max_entrees=5000)}
        yield serveur


@pytest.fixture
def association_en_vigueur(db):
    """The association, under a convention in force at the place: the public pages present
    it (its card, its logo, its line in the footer) only then."""
    from tests.partenariats.factories import OrganisationFactory

    return OrganisationFactory(nom="A.V.A.Q.B-C", sigle="A.V.A.Q.B-C")


@pytest.fixture
def personnel(db):
    return PersonnelFactory()


@pytest.fixture
def benevole(db):
    return BenevoleFactory()


@pytest.fixture
def comite(db):
    return ComiteFactory()


@pytest.fixture
def sans_role(db):
    return UtilisateurFactory()


@pytest.fixture
def client_de(client):
    """client_de(user) logs the test client in as that user (None: stays anonymous)."""

    def login(utilisateur):
        if utilisateur is not None:
            client.force_login(utilisateur)
        return client

    return login


@pytest.fixture(autouse=True)
def _plafonds_larges(settings):
    """Tests book many times with one phone from one address: the daily caps are raised
    (their own tests lower them). The counters live in the database, emptied per test."""
    settings.LIMITE_RESERVATIONS_PAR_CONTACT = 1000
    settings.LIMITE_RESERVATIONS_PAR_ADRESSE = 1000


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with static files served as in production: by WhiteNoise
    from the collected STATIC_ROOT under their hashed names (Django's test handler would look
    for them with the finders, which only know the unhashed sources)."""
    import os
    from unittest import mock

    from django.contrib.staticfiles import handlers
    from pytest_django.live_server_helper import LiveServer

    adresse = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_SERVER_ADDRESS")
        or "localhost"
    )
    with mock.patch.object(handlers, "StaticFilesHandler", lambda application: application):
        serveur = LiveServer(adresse)
    yield serveur
    serveur.stop()


def pytest_terminal_summary(terminalreporter):
    """Prints the timings the production tests record (smoke test, backups), also under xdist."""
    lignes = []
    for rapport in terminalreporter.stats.get("passed", []):
        for nom, valeur in getattr(rapport, "user_properties", ()):
            if nom.startswith("mesure:"):
                lignes.append(f"{rapport.nodeid.split('::')[-1]} {nom[7:]}: {valeur}")
    if lignes:
        terminalreporter.section("mesures de production")
        for ligne in lignes:
            terminalreporter.write_line(ligne)


@pytest.fixture
def serveur_muet():
    """A TCP server on the loopback that accepts connections and never says a word (a mail
    server that hangs), closed at the end."""
    from tests.production.outils import ServeurMuet

    serveur = ServeurMuet()
    yield serveur
    serveur.fermer()
