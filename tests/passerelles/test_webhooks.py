"""Signed webhooks: what is sent, to whom, signed how, retried, paused, replayed. The
endpoint is a local HTTP server that verifies each signature with `standardwebhooks`."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from passerelles.models import Abonnement, Evenement, Livraison
from passerelles.services.abonnements import faire_tourner_secret
from passerelles.services.adresses import AdresseRefusee, adresses_permises
from passerelles.services.livraisons import rejouer, reprendre
from permanences.models import Inscription
from permanences.services.ateliers import annuler_inscription, inscrire
from permanences.services.calendrier import annuler_occurrence
from permanences.services.rendezvous import annuler_rendez_vous, reserver_rendez_vous
from tests.partenariats.factories import OrganisationFactory
from tests.passerelles.conftest import abonner
from tests.passerelles.recepteur import Recepteur
from tests.permanences.factories import AtelierFactory
from tests.ruche.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


def reserver(occurrence, nom="Awa Diallo"):
    return reserver_rendez_vous(
        occurrence=occurrence,
        demarche=occurrence.permanence.demarches.get(),
        debut=occurrence.debut,
        nom=nom,
        email="awa@exemple.fr",
        telephone="06 12 34 56 78",
    )


def test_a_booking_reaches_its_organisations_endpoint_signed_without_personal_data(
    local, association, occurrence, django_capture_on_commit_callbacks
):
    with Recepteur() as recepteur:
        _abonnement, secret = abonner(recepteur.url, organisation=association)
        recepteur.secrets.append(secret)
        with django_capture_on_commit_callbacks(execute=True):
            rdv = reserver(occurrence)

    [(identifiant, corps, valide)] = recepteur.recus
    assert valide  # the partner's check of the signature, with the package
    livraison = Livraison.objects.get()
    assert identifiant == livraison.identifiant
    assert livraison.statut == Livraison.Statut.REUSSIE and livraison.tentatives == 1
    assert corps["type"] == "rendez_vous.cree"
    donnees = corps["data"]
    assert donnees["rendez_vous"] == rdv.pk and donnees["demarche"] == "retraite"
    assert donnees["organisation"] == association.pk and donnees["statut"] == "reserve"
    texte = str(corps)
    assert "Awa" not in texte and "awa@" not in texte and "06 12" not in texte


def test_another_organisations_endpoint_receives_nothing(
    local, association, occurrence, django_capture_on_commit_callbacks
):
    autre = OrganisationFactory(nom="Autre association")
    with Recepteur() as recepteur:
        abonner(recepteur.url, organisation=autre)
        with django_capture_on_commit_callbacks(execute=True):
            reserver(occurrence)
    assert recepteur.recus == []
    assert not Evenement.objects.exists()


def test_a_places_endpoint_receives_its_places_events(
    local, occurrence, django_capture_on_commit_callbacks
):
    lieu = occurrence.permanence.calendrier.lieu
    with Recepteur() as recepteur:
        abonner(recepteur.url, lieu=lieu, evenements=["rendez_vous.cree"])
        with django_capture_on_commit_callbacks(execute=True):
            reserver(occurrence)
    assert [corps["data"]["lieu"] for _i, corps, _v in recepteur.recus] == [lieu.slug]


def test_cancellations_say_by_whom_and_a_cancelled_session_is_announced(
    local, association, occurrence, django_capture_on_commit_callbacks
):
    with Recepteur() as recepteur:
        _a, secret = abonner(recepteur.url, organisation=association)
        recepteur.secrets.append(secret)
        with django_capture_on_commit_callbacks(execute=True):
            premier = reserver(occurrence, "Awa Diallo")
            annuler_rendez_vous(rendez_vous=premier)
            deuxieme = reserver(occurrence, "Jean Martin")
            annuler_rendez_vous(rendez_vous=deuxieme, par=PersonnelFactory())
            reserver(occurrence, "Fatima Benali")
            annuler_occurrence(
                occurrence=occurrence, motif="Bénévole malade", par=PersonnelFactory()
            )
    recus = [(c["type"], c["data"].get("annule_par")) for _i, c, valide in recepteur.recus]
    assert all(valide for _i, _c, valide in recepteur.recus)
    assert recus == [
        ("rendez_vous.cree", None),
        ("rendez_vous.annule", "habitant"),
        ("rendez_vous.cree", None),
        ("rendez_vous.annule", "accueil"),
        ("rendez_vous.cree", None),
        ("occurrence.annulee", None),
        ("rendez_vous.annule", "association"),
    ]


def test_a_place_freed_goes_to_the_waiting_list_and_is_announced(
    local, association, django_capture_on_commit_callbacks
):
    atelier = AtelierFactory(organisation=association, capacite=1)
    with Recepteur() as recepteur:
        abonner(recepteur.url, organisation=association)
        with django_capture_on_commit_callbacks(execute=True):
            premiere = inscrire(atelier=atelier, nom="Awa Diallo", email="awa@exemple.fr")
            seconde = inscrire(atelier=atelier, nom="Jean Martin", email="jean@exemple.fr")
            annuler_inscription(inscription=premiere)
    types = [
        (c["type"], c["data"]["inscription"], c["data"]["statut"]) for _i, c, _v in recepteur.recus
    ]
    assert types == [
        ("inscription.creee", premiere.pk, Inscription.Statut.INSCRIT),
        ("inscription.creee", seconde.pk, Inscription.Statut.EN_ATTENTE),
        ("inscription.annulee", premiere.pk, Inscription.Statut.ANNULE),
        ("inscription.promue", seconde.pk, Inscription.Statut.INSCRIT),
    ]


def test_a_failed_delivery_is_retried_later_with_the_same_id(
    local, association, occurrence, django_capture_on_commit_callbacks
):
    with Recepteur(erreurs=2) as recepteur:
        _a, secret = abonner(recepteur.url, organisation=association)
        recepteur.secrets.append(secret)
        with django_capture_on_commit_callbacks(execute=True):
            reserver(occurrence)
        livraison = Livraison.objects.get()
        assert livraison.statut == Livraison.Statut.A_ENVOYER
        assert livraison.tentatives == 1 and livraison.dernier_code == 500
        premier_essai = livraison.prochain_essai - livraison.derniere_tentative
        # The queue of the tests cannot wait: the next try is made by relancer_webhooks.
        with time_machine.travel(livraison.prochain_essai + dt.timedelta(minutes=3)):
            call_command("relancer_webhooks", verbosity=0)
        livraison.refresh_from_db()
        second_essai = livraison.prochain_essai - livraison.derniere_tentative
        with time_machine.travel(livraison.prochain_essai + dt.timedelta(minutes=3)):
            call_command("relancer_webhooks", verbosity=0)
    livraison.refresh_from_db()
    assert (premier_essai, second_essai) == (dt.timedelta(minutes=1), dt.timedelta(minutes=2))
    assert livraison.statut == Livraison.Statut.REUSSIE and livraison.tentatives == 3
    assert set(recepteur.identifiants) == {livraison.identifiant}
    assert len(recepteur.dedoublonnes()) == 1


def test_an_endpoint_that_keeps_failing_is_paused_the_staff_told_then_resumed(
    local, settings, association, occurrence, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_TENTATIVES_MAX = 2
    with Recepteur(erreurs=2) as recepteur:
        abonnement, _secret = abonner(recepteur.url, organisation=association)
        with django_capture_on_commit_callbacks(execute=True):
            reserver(occurrence)
        livraison = Livraison.objects.get()
        with (
            time_machine.travel(livraison.prochain_essai + dt.timedelta(minutes=3)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("relancer_webhooks", verbosity=0)
        livraison.refresh_from_db()
        abonnement.refresh_from_db()
        assert livraison.statut == Livraison.Statut.ECHOUEE
        assert abonnement.en_pause
        [courriel] = [m for m in mail.outbox if m.to == [settings.RUCHE_STAFF_EMAIL]]
        assert "en pause" in courriel.subject and abonnement.url in courriel.body

        with django_capture_on_commit_callbacks(execute=True):
            assert rejouer(livraisons=[livraison]) == 1  # paused: waits
        assert len(recepteur.recus) == 2
        with django_capture_on_commit_callbacks(execute=True):
            assert reprendre(abonnement=abonnement) == 1
    livraison.refresh_from_db()
    assert livraison.statut == Livraison.Statut.REUSSIE
    assert len(recepteur.recus) == 3 and len(set(recepteur.identifiants)) == 1


def test_a_rotated_secret_signs_beside_the_old_one_until_it_expires(
    local, association, occurrence, django_capture_on_commit_callbacks
):
    with Recepteur() as ancien, Recepteur() as nouveau:
        abonnement, secret = abonner(ancien.url, organisation=association)
        ancien.secrets.append(secret)
        nouveau_secret = faire_tourner_secret(abonnement=abonnement)
        nouveau.secrets.append(nouveau_secret)
        with django_capture_on_commit_callbacks(execute=True):
            rdv = reserver(occurrence)
        abonnement.url = nouveau.url
        abonnement.save()
        with (
            time_machine.travel(timezone.now() + dt.timedelta(hours=25)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            annuler_rendez_vous(rendez_vous=rdv, par=PersonnelFactory())
            # Past the rotation, the old secret no longer signs.
            assert abonnement.secrets_valides() == [nouveau_secret]
    # During the rotation the partner still checking with the old secret accepts it, and
    # the signature header holds both; afterwards only the new secret's.
    assert [v for _i, _c, v in ancien.recus] == [True]
    assert [v for _i, _c, v in nouveau.recus] == [True]
    apres = Recepteur(secret)
    assert not apres._verifier(*nouveau.bruts[0])
    pendant = Recepteur(nouveau_secret)
    assert pendant._verifier(*ancien.bruts[0])


def test_endpoints_must_be_https_and_public(settings):
    settings.WEBHOOKS_LOCAL_AUTORISE = False
    abonnement = Abonnement(
        nom="x", url="http://partenaire.example.fr/", organisation=OrganisationFactory()
    )
    with pytest.raises(ValidationError, match="https://"):
        abonnement.full_clean()
    for hote in ("127.0.0.1", "localhost", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1"):
        with pytest.raises(AdresseRefusee):
            adresses_permises(hote, 443)
    assert adresses_permises("93.184.215.14", 443) == ["93.184.215.14"]


def test_moves_attendance_and_a_conventions_end_are_announced(
    local, association, occurrence, django_capture_on_commit_callbacks
):
    from permanences.services.rendezvous import deplacer_rendez_vous, marquer_presence

    with Recepteur() as recepteur:
        abonner(recepteur.url, organisation=association)
        with django_capture_on_commit_callbacks(execute=True):
            rdv = reserver(occurrence)
            deplacer_rendez_vous(
                rendez_vous=rdv,
                occurrence=occurrence,
                debut=occurrence.debut + dt.timedelta(minutes=rdv.demarche.duree_minutes),
            )
        with (
            time_machine.travel(occurrence.debut + dt.timedelta(hours=2)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            rdv.refresh_from_db()
            marquer_presence(rendez_vous=rdv, venu=True)
    recus = [(c["type"], c["data"].get("venu")) for _i, c, _v in recepteur.recus]
    assert recus == [
        ("rendez_vous.cree", None),
        ("rendez_vous.deplace", None),
        ("rendez_vous.presence", True),
    ]


def test_a_conventions_end_reaches_its_partner_once(local, django_capture_on_commit_callbacks):
    from partenariats.services.fin import mettre_fin
    from tests.partenariats.factories import ConventionFactory, PartieFactory, RucheFactory

    partenaire = OrganisationFactory(nom="Partenaire qui s'en va", en_convention=False)
    convention = ConventionFactory()
    PartieFactory(convention=convention, organisation=RucheFactory(), ordre=1)
    PartieFactory(convention=convention, organisation=partenaire, ordre=2)
    personnel = PersonnelFactory()
    with Recepteur() as recepteur:
        _a, secret = abonner(
            recepteur.url, organisation=partenaire, evenements=["convention.terminee"]
        )
        recepteur.secrets.append(secret)
        with django_capture_on_commit_callbacks(execute=True):
            mettre_fin(
                convention=convention,
                par=personnel,
                resilier_le=timezone.localdate() + dt.timedelta(days=10),
                motif_resiliation="Accord des deux parties",
            )
        # Confirmed again (a second click, a second person): nothing more is announced.
        with django_capture_on_commit_callbacks(execute=True):
            mettre_fin(convention=convention, par=personnel)
    assert Evenement.objects.filter(type="convention.terminee").count() == 1
    [(_i, corps, valide)] = recepteur.recus
    assert valide and corps["type"] == "convention.terminee"
    assert corps["data"]["convention"] == convention.pk
    assert corps["data"]["organisations"] == [partenaire.pk]


def test_the_log_of_old_deliveries_is_deleted_what_waits_is_kept(
    local, association, occurrence, django_capture_on_commit_callbacks
):
    with Recepteur(erreurs=1) as recepteur:
        abonner(recepteur.url, organisation=association)
        with django_capture_on_commit_callbacks(execute=True):
            premier = reserver(occurrence)  # fails: waits
            annuler_rendez_vous(rendez_vous=premier)  # received
    assert sorted(Livraison.objects.values_list("statut", flat=True)) == ["a_envoyer", "reussie"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        call_command("relancer_webhooks", verbosity=0)
    assert list(Livraison.objects.values_list("statut", flat=True)) == ["a_envoyer"]
    assert Evenement.objects.count() == 1


# --- The subscriptions kept in the process under the listeners' version ------------------


def livrees_a(abonnement):
    return Livraison.objects.filter(abonnement=abonnement).count()


def test_a_subscription_switched_off_or_deleted_elsewhere_gets_no_later_event(
    local, association, occurrence, django_capture_on_commit_callbacks
):
    """Each process keeps the subscriptions it read under the listeners' version, which a
    subscription saved or deleted (in any process) renews in its transaction: this process
    reads them again at the next booking. One switched off without a signal (a change
    committed while the booking ran) is left out too: those listening are read again when
    their deliveries are written."""
    eteint, _secret = abonner("http://127.0.0.1:9/a", organisation=association)
    supprime, _secret = abonner("http://127.0.0.1:9/b", organisation=association)
    sans_signal, _secret = abonner("http://127.0.0.1:9/c", organisation=association)
    with django_capture_on_commit_callbacks(execute=False):
        premier = reserver(occurrence)
    assert [livrees_a(a) for a in (eteint, supprime, sans_signal)] == [1, 1, 1]
    eteint.actif = False
    eteint.save()
    Abonnement.objects.filter(pk=supprime.pk).delete()
    Abonnement.objects.filter(pk=sans_signal.pk).update(actif=False)
    with django_capture_on_commit_callbacks(execute=False):
        annuler_rendez_vous(rendez_vous=premier)
    assert livrees_a(eteint) == 1 and livrees_a(sans_signal) == 1
    assert not Livraison.objects.filter(abonnement_id=supprime.pk).exists()


def test_a_subscription_made_after_the_process_kept_the_list_gets_the_next_event(
    local, association, occurrence, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        rdv = reserver(occurrence)  # nobody listens: the empty list kept
    assert not Evenement.objects.exists()
    nouveau, _secret = abonner("http://127.0.0.1:9/a", organisation=association)
    with django_capture_on_commit_callbacks(execute=False):
        annuler_rendez_vous(rendez_vous=rdv)
    [livraison] = Livraison.objects.filter(abonnement=nouveau)
    assert livraison.evenement.type == "rendez_vous.annule"
