"""Text messages sent: each one kept with its cost (masked number, segments), the provider's
delivery reports at /sms/rapports/ (authenticated), failures shown with the failed sends, and
the month's count for the staff."""

import base64
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ruche.alertes import nombre_envois_echoues
from ruche.models import Sms
from ruche.sms import MemoryBackend, envoyer_sms_tache
from ruche.versions import changer_version

URL = "/sms/rapports/"
JETON = "jeton-du-fournisseur-0123456789"


@pytest.fixture(autouse=True)
def _memoire(settings):
    settings.SMS_BACKEND = "ruche.sms.MemoryBackend"
    settings.SMS_RAPPORTS_JETON = JETON
    MemoryBackend.outbox.clear()
    cache.clear()


def basic(secret, nom="fournisseur"):
    return "Basic " + base64.b64encode(f"{nom}:{secret}".encode()).decode()


def rapport(client, donnees, json_=False):
    authorization = basic(JETON)
    if json_:
        return client.post(
            URL, json.dumps(donnees), "application/json", HTTP_AUTHORIZATION=authorization
        )
    return client.post(URL, donnees, HTTP_AUTHORIZATION=authorization)


@pytest.mark.django_db
def test_each_message_sent_is_kept_with_its_cost_not_its_text():
    envoyer_sms_tache.enqueue("0612345678", "Rendez-vous mardi 3 mars 10:00. https://r.fr/x")
    envoyer_sms_tache.enqueue("0612345678", "موعدك يوم الثلاثاء " * 5)
    latin, arabe = Sms.objects.order_by("pk")
    assert (latin.numero, latin.encodage, latin.segments) == ("061•••78", "GSM-7", 1)
    assert latin.reference.startswith("memoire-") and latin.statut == Sms.Statut.ENVOYE
    assert (arabe.encodage, arabe.caracteres, arabe.segments) == ("UCS-2", 95, 2)
    assert not any("Rendez-vous" in str(v) for v in Sms.objects.values_list())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("authorization", "statut"),
    [
        ("", 401),
        (basic("mauvais"), 401),
        (f"Bearer {JETON}x", 401),
        ("Basic pas-du-base64", 401),
        (basic(JETON), 200),
        (f"Bearer {JETON}", 200),
    ],
)
def test_reports_are_authenticated(client, authorization, statut):
    reponse = client.post(
        URL, {"reference": "inconnue", "statut": "distribue"}, HTTP_AUTHORIZATION=authorization
    )
    assert reponse.status_code == statut
    if statut == 401:
        assert reponse["WWW-Authenticate"] == 'Basic realm="sms"'


@pytest.mark.django_db
def test_without_a_secret_set_there_is_no_address(client, settings):
    settings.SMS_RAPPORTS_JETON = ""
    assert rapport(client, {"reference": "x", "statut": "distribue"}).status_code == 404
    assert client.get(URL).status_code in (404, 405)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "donnees",
    [{}, {"reference": "x"}, {"reference": "x", "statut": "perdu"}, {"statut": "echoue"}],
)
def test_a_malformed_report_is_refused(client, donnees):
    assert rapport(client, donnees).status_code == 400
    assert rapport(client, [donnees, 3], json_=True).status_code == 400


@pytest.mark.django_db
def test_bad_json_is_refused(client):
    reponse = client.post(URL, "{", "application/json", HTTP_AUTHORIZATION=basic(JETON))
    assert reponse.status_code == 400


@pytest.mark.django_db
def test_delivered_is_kept_and_final(client):
    envoyer_sms_tache.enqueue("0612345678", "Bonjour")
    sms = Sms.objects.get()
    assert rapport(client, {"reference": sms.reference, "statut": "distribue"}).status_code == 200
    sms.refresh_from_db()
    assert sms.statut == Sms.Statut.DISTRIBUE and sms.statut_le is not None
    # A late "not received" does not undo a delivery.
    rapport(client, [{"reference": sms.reference, "statut": "echoue"}], json_=True)
    sms.refresh_from_db()
    assert sms.statut == Sms.Statut.DISTRIBUE


@pytest.mark.django_db
def test_reports_reach_a_backend_named_before_text_messages_came_down_to_ruche(client, settings):
    # An install's SMS_BACKEND written as permanences.sms.X sends (ruche.sms.get_backend):
    # its delivery reports must not fail on the old path either.
    settings.SMS_BACKEND = "permanences.sms.MemoryBackend"
    envoyer_sms_tache.enqueue("0612345678", "Bonjour")
    sms = Sms.objects.get()
    assert rapport(client, {"reference": sms.reference, "statut": "distribue"}).status_code == 200
    sms.refresh_from_db()
    assert sms.statut == Sms.Statut.DISTRIBUE


@pytest.mark.django_db
def test_not_received_is_kept_also_without_a_task_row(client):
    envoyer_sms_tache.enqueue("0612345678", "Bonjour")  # the tests' queue keeps no row
    sms = Sms.objects.get()
    assert rapport(client, {"reference": sms.reference, "statut": "echoue"}).status_code == 200
    assert Sms.objects.get().statut == Sms.Statut.ECHOUE


def worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_message_not_received_shows_like_a_failed_mail_and_is_resent(client, settings, personnel):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    envoyer_sms_tache.enqueue("+33612345678", "Votre rendez-vous : https://r.fr/abc")
    worker()
    sms = Sms.objects.get()
    assert sms.tache == str(DBTaskResult.objects.get().pk)
    reponse = rapport(
        client, {"reference": sms.reference, "statut": "echoue", "erreur": "Numéro inconnu"}
    )
    assert reponse.status_code == 200
    sms.refresh_from_db()
    assert sms.statut == Sms.Statut.ECHOUE and sms.erreur == "Numéro inconnu"
    tache = DBTaskResult.objects.get()
    assert tache.status == "FAILED"

    client.force_login(personnel)
    tableau = client.get("/espace/journee/").content.decode()
    assert "1 message n&#x27;est pas parti." in tableau or "1 message n'est pas parti." in tableau
    liste = client.get("/admin/ruche/envoiechoue/").content.decode()
    assert "+33•••78" in liste and "SmsNonRecu" in liste and "https://r.fr" not in liste
    reponse = client.post(
        "/admin/ruche/envoiechoue/", {"action": "renvoyer", "_selected_action": [tache.pk]}
    )
    assert reponse.status_code == 302
    worker()
    assert MemoryBackend.outbox[-1] == ("+33612345678", "Votre rendez-vous : https://r.fr/abc")
    assert Sms.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_message_not_received_counts_on_a_day_board_already_counted(client, settings, personnel):
    """The count of failed sends is kept per version of the data: the report, which fails
    the task row without a signal, gives the data a new version, or the day board would
    show the old count until it expires (an hour)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    envoyer_sms_tache.enqueue("+33612345678", "Votre rendez-vous : https://r.fr/abc")
    worker()
    changer_version()
    assert nombre_envois_echoues(personnel) == 0  # counted, and kept at this version
    sms = Sms.objects.get()
    assert rapport(client, {"reference": sms.reference, "statut": "echoue"}).status_code == 200
    assert nombre_envois_echoues(personnel) == 1


@pytest.mark.django_db
def test_staff_see_the_month_s_count(client, personnel, benevole):
    for _ in range(3):
        envoyer_sms_tache.enqueue("0612345678", "a" * 200)  # two segments each
    client.force_login(personnel)
    page = client.get("/admin/ruche/sms/").content.decode()
    assert ": 3 SMS, 6 segments" in page
    assert "061•••78" in page and "a" * 50 not in page
    client.force_login(benevole)
    assert client.get("/admin/ruche/sms/").status_code in (302, 403)


@pytest.mark.django_db
def test_with_two_places_staff_see_their_own_places_messages_and_cost(client, personnel):
    from ruche.models import Lieu

    alpha = Lieu.objects.order_by("pk").first()
    beta = Lieu.objects.create(nom="France Services Pont", slug="pont")
    personnel.lieux.set([alpha])
    envoyer_sms_tache.enqueue("0612345678", "a" * 200, lieu=alpha.pk)  # two segments
    for _ in range(2):
        envoyer_sms_tache.enqueue("0698765432", "b" * 20, lieu=beta.pk)
    assert sorted(Sms.objects.values_list("lieu_id", flat=True)) == [alpha.pk, beta.pk, beta.pk]
    client.force_login(personnel)
    page = client.get("/admin/ruche/sms/").content.decode()
    assert ": 1 SMS, 2 segments" in page
    assert "061•••78" in page and "069•••32" not in page
