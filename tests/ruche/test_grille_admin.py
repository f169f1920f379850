"""The admin's URL × role × place grid: every registered ModelAdmin's pages (list, add,
change, delete, history, a past version, a password, its autocompletes) and the POST of each
of its actions, for every role, on an object of place A and one of place B.

The rule, the site's: people without a staff account are sent to the admin's login; the
staff of place A get on A's objects what a superuser gets, except what only superusers do;
B's objects are a 404 for them, their actions act on nothing of B, and no page they open
names anything of B (every name of B carries « Bêta »). The superuser opens everything.

The world is built once for the module; each test runs in a savepoint, each POST in one of
its own, rolled back: the grid is a few thousand requests without a PDF.
"""

import datetime as dt
import logging
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

from partenariats.models import Considerant, Moyen, Objectif
from passerelles.models import Abonnement, Evenement, Livraison
from passerelles.services.cles import creer_cle
from permanences.models import Calendrier, JetonCalendrier, Permanence, Rappel, Salle
from ruche.admin.perimetre import PerimetreAdmin
from ruche.evenements import TYPES
from ruche.models import (
    AuditAccessibilite,
    EnvoiEchoue,
    HoraireOuverture,
    Lieu,
    Operateur,
    PlanAccessibilite,
    Sms,
)
from ruche.models.lieu import lieu_principal
from ruche.models.taches import TACHE_COURRIEL
from ruche.roles import BENEVOLE
from tests.partage import une_fois_par_module
from tests.partenariats.factories import (
    ArticleAvenantFactory,
    ArticleFactory,
    AvenantFactory,
    ComiteSuiviFactory,
    ConventionFactory,
    DocumentFactory,
    EngagementFactory,
    ManquementFactory,
    OrganisationFactory,
    PartieFactory,
    ResiliationFactory,
    RucheFactory,
    SignatureFactory,
    VisaFactory,
)
from tests.permanences.factories import (
    AtelierFactory,
    DemarcheFactory,
    FermetureFactory,
    InscriptionFactory,
    OccurrenceFactory,
    RendezVousFactory,
    ReservationSalleFactory,
    occurrence_pour,
    paris,
)
from tests.ruche.factories import (
    BenevoleFactory,
    ComiteFactory,
    CoordinationFactory,
    PassageFactory,
    PersonnelFactory,
    TotalHistoriqueFactory,
    UtilisateurFactory,
)

pytestmark = pytest.mark.django_db

NOMS = {"a": "Alpha", "b": "Bêta"}
FUITES = ("Bêta", "Beta", "beta")
ROLES = [
    "anonyme",
    "sans_role",
    "benevole",
    "comite",
    "coordination",
    "benevole_staff",  # a volunteer's account marked staff by mistake: no permission
    "personnel",
    "superutilisateur",
]
LIEUX = ("a", "b")


def _objets_du_lieu(cle, lieu):
    nom = NOMS[cle]
    mot = "alpha" if cle == "a" else "beta"
    ville = RucheFactory(nom=f"Ville {nom}", sigle=f"Ruche {nom}")
    lieu.organisation = ville
    lieu.save()
    HoraireOuverture.objects.create(lieu=lieu, jour=0, debut="09:00", fin="12:00")
    partenaire = OrganisationFactory(
        nom=f"Association {nom}", sigle=f"AS {nom}", en_convention=False
    )
    convention = ConventionFactory(lieu=lieu, titre=f"Convention {nom}")
    partie = PartieFactory(
        convention=convention, organisation=partenaire, ordre=1, designation=f"L'AS {nom}"
    )
    PartieFactory(
        convention=convention,
        organisation=ville,
        ordre=2,
        role="Commune",
        designation=f"La ville {nom}",
    )
    article = ArticleFactory(convention=convention, numero=1, titre=f"Article {nom}")
    avenant = AvenantFactory(convention=convention, motif=f"Avenant {nom}")
    document = DocumentFactory(convention=convention, titre=f"Flyer {nom}")
    close = ConventionFactory(lieu=lieu, titre=f"Convention close {nom}")
    salle = Salle.objects.create(nom=f"Salle {nom}", capacite=8, lieu=lieu)
    demarche = DemarcheFactory(lieu=lieu, nom=f"Démarche {nom}", slug=f"demarche-{mot}")
    calendrier = Calendrier.objects.create(
        lieu=lieu, organisation=partenaire, annee=2027, semestre=1
    )
    occurrence = occurrence_pour(demarche, calendrier=calendrier, salle=salle)
    rdv = RendezVousFactory(
        occurrence=occurrence, demarche=demarche, nom=f"Habitant {nom}", email=f"{mot}@exemple.fr"
    )
    # An extra permanence, booked by the partner outside the calendar.
    ponctuelle = Permanence.objects.create(
        organisation=partenaire,
        date=dt.date(2027, 3, 2),
        heure_debut=dt.time(14),
        heure_fin=dt.time(16),
        salle=salle,
    )
    OccurrenceFactory(permanence=ponctuelle, date=ponctuelle.date)
    atelier = AtelierFactory(salle=salle, organisation=partenaire, titre=f"Atelier {nom}")
    agent = PersonnelFactory(username=f"agent_{mot}", organisation=ville, last_name=f"Agent {nom}")
    agent.lieux.add(lieu)
    benevole = BenevoleFactory(
        username=f"benevole_{mot}", organisation=partenaire, last_name=f"Bénévole {nom}"
    )
    envoi = DBTaskResult.objects.create(
        status=TaskResultStatus.FAILED,
        task_path=TACHE_COURRIEL,
        args_kwargs={
            "args": [{"to": [f"{mot}@exemple.fr"], "subject": f"Rappel {nom}", "lieu": lieu.pk}],
            "kwargs": {},
        },
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback=f"Refusé ({nom})",
    )
    titulaire = {"organisation": partenaire} if cle == "a" else {"lieu": lieu}
    abonnement = Abonnement.objects.create(
        nom=f"Logiciel {nom}", url=f"https://{mot}.exemple.fr/recevoir", **titulaire
    )
    acces = {
        "username": benevole.username,
        "ip_address": "192.0.2.10",
        "user_agent": f"Navigateur {nom}",
        "http_accept": "text/html",
        "path_info": "/connexion/",
    }
    objets = [
        lieu,
        ville,
        convention,
        partie,
        SignatureFactory(partie=partie, signataire_nom=f"Signataire {nom}"),
        article,
        EngagementFactory(article=article, partie=partie, texte=f"Engagement {nom}"),
        Considerant.objects.create(convention=convention, ordre=1, texte=f"Vu {nom}"),
        Objectif.objects.create(convention=convention, ordre=1, texte=f"Objectif {nom}"),
        Moyen.objects.create(convention=convention, ordre=1, texte=f"Moyen {nom}"),
        ComiteSuiviFactory(convention=convention, participants=f"Comité {nom}"),
        avenant,
        ArticleAvenantFactory(avenant=avenant, titre=f"Article d'avenant {nom}"),
        ManquementFactory(convention=convention, description=f"Manquement {nom}"),
        ResiliationFactory(convention=close, motif=f"Résiliation {nom}"),
        document,
        VisaFactory(document=document, partie=partie, vise_par=f"Visa {nom}"),
        salle,
        FermetureFactory(
            lieu=lieu, debut=dt.date(2027, 8, 3), fin=dt.date(2027, 8, 4), motif=f"Fermé {nom}"
        ),
        demarche,
        calendrier,
        ponctuelle,
        occurrence,
        rdv,
        Rappel.objects.create(rendez_vous=rdv, type=f"J-2 {nom}"),
        ReservationSalleFactory(
            salle=salle,
            organisation=partenaire,
            objet="autre",
            debut=paris(2027, 4, 6, 9),
            fin=paris(2027, 4, 6, 11),
        ),
        atelier,
        InscriptionFactory(atelier=atelier, nom=f"Inscrit {nom}"),
        PassageFactory(lieu=lieu, auteur=agent, partenaire=partenaire),
        TotalHistoriqueFactory(lieu=lieu, source=f"Rapport {nom}"),
        benevole,
        JetonCalendrier.objects.create(utilisateur=benevole),
        EnvoiEchoue.objects.get(pk=envoi.pk),
        envoi,
        AccessAttempt.objects.create(**acces, get_data="", post_data="", failures_since_start=2),
        AccessLog.objects.create(**acces),
        AccessFailureLog.objects.create(**acces),
        # A's keys and webhooks are its partner's, B's the place's own.
        creer_cle(nom=f"Clé {nom}", **titulaire)[0],
        abonnement,
        Livraison.objects.create(
            abonnement=abonnement, evenement=Evenement.objects.create(type=sorted(TYPES)[0])
        ),
    ]
    return {type(obj): obj for obj in objets} | {"agent": agent, "benevole": benevole}


def _monde():
    a = lieu_principal()
    a.nom = "Lieu Alpha"
    a.save()
    b = Lieu.objects.create(nom="Lieu Bêta", slug="lieu-beta", commune="Pont-Saint-Esprit")
    monde = {"a": _objets_du_lieu("a", a), "b": _objets_du_lieu("b", b)}
    # Roles, the France Services operators and the accessibility statement belong to no
    # place: the grid opens one, as "A's", and none as B's.
    audit = AuditAccessibilite.objects.create(
        date=dt.date(2026, 11, 2), auditeur="Cabinet Accès", taux=Decimal("62.5"), pages="Accueil"
    )
    plan = PlanAccessibilite.objects.create(
        nature=PlanAccessibilite.Nature.ANNUEL, debut=2027, fin=2027, actions="Formulaires"
    )
    for modele, obj in (
        (Group, Group.objects.get(name=BENEVOLE)),
        (Operateur, Operateur.objects.first()),
        (AuditAccessibilite, audit),
        (PlanAccessibilite, plan),
    ):
        monde["a"][modele], monde["b"][modele] = obj, None
    for cle, lieu in (("a", a), ("b", b)):
        monde[cle][Sms] = Sms.objects.create(
            numero="+33•••78", caracteres=120, encodage="GSM-7", segments=1, lieu=lieu
        )
    ville_a = monde["a"][type(a.organisation)]
    comite = ComiteFactory(username="comite_alpha", organisation=ville_a)
    comite.lieux.add(a)
    monde["utilisateurs"] = {
        "anonyme": None,
        "sans_role": UtilisateurFactory(username="sans_role"),
        "benevole": monde["a"]["benevole"],
        "comite": comite,
        "coordination": CoordinationFactory(username="coordination"),
        "benevole_staff": BenevoleFactory(
            username="benevole_staff",
            organisation=monde["a"]["benevole"].organisation,
            is_staff=True,
        ),
        "personnel": monde["a"]["agent"],
        "superutilisateur": UtilisateurFactory(username="racine", is_staff=True, is_superuser=True),
    }
    return monde


@pytest.fixture(scope="module")
def monde_du_module(django_db_setup, django_db_blocker, tmp_path_factory):
    medias = tmp_path_factory.mktemp("media")
    with une_fois_par_module(django_db_blocker, medias):
        yield {**_monde(), "medias": medias}


@pytest.fixture
def monde(monde_du_module, db, settings):
    settings.MEDIA_ROOT = monde_du_module["medias"]
    # The task list reads each task from its backend, as in production.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    cache.clear()
    # Each refusal would log its traceback: thousands of them are the grid's expected answers.
    journal = logging.getLogger("django.request")
    niveau = journal.level
    journal.setLevel(logging.ERROR)
    yield monde_du_module
    journal.setLevel(niveau)
    cache.clear()


MODELES = sorted(admin.site._registry, key=lambda m: m._meta.label)


def test_every_admin_and_inline_takes_the_sites_rule():
    sans_regle = [
        f"{modele._meta.label} {classe.__name__}"
        for modele, modele_admin in admin.site._registry.items()
        for classe in (type(modele_admin), *modele_admin.inlines)
        if not issubclass(classe, PerimetreAdmin)
    ]
    assert sans_regle == []


def test_the_grid_has_an_object_of_each_place_for_every_admin(monde):
    assert {m for m in MODELES if monde["a"].get(m) is None} == set()
    assert {m for m in MODELES if monde["b"].get(m) is None} == {
        Group,
        Operateur,
        AuditAccessibilite,
        PlanAccessibilite,
    }


def _prefixe(modele):
    return f"admin:{modele._meta.app_label}_{modele._meta.model_name}"


def _urls_objet(modele, obj):
    """(kind, method, url, data) of the pages of one object."""
    prefixe, pk = _prefixe(modele), quote(obj.pk)
    change = reverse(f"{prefixe}_change", args=[pk])
    urls = [
        ("change", "get", change, None),
        ("change", "post", change, {}),
        ("delete", "get", reverse(f"{prefixe}_delete", args=[pk]), None),
        ("delete", "post", reverse(f"{prefixe}_delete", args=[pk]), {"post": "yes"}),
        ("history", "get", reverse(f"{prefixe}_history", args=[pk]), None),
    ]
    version = None
    if isinstance(admin.site._registry[modele], SimpleHistoryAdmin):
        # Rows a migration created have no past version.
        version = obj.history.order_by("-history_date").first()
    if version is not None:
        version_url = reverse(f"{prefixe}_simple_history", args=[pk, version.history_id])
        urls += [("version", "get", version_url, None), ("version", "post", version_url, {})]
    if modele._meta.label == "ruche.Utilisateur":
        mot = reverse("admin:auth_user_password_change", args=[pk])
        lien = reverse(f"{prefixe}_lien_mot_de_passe", args=[pk])
        urls += [
            ("password", "get", mot, None),
            ("password", "post", mot, {}),
            ("lien", "get", lien, None),
            ("lien", "post", lien, {}),
        ]
    return urls


def _actions(modele, requete):
    return sorted(admin.site._registry[modele].get_actions(requete))


def _autocompletes(modele):
    """The autocomplete addresses of the admin's own fields and its inlines'."""
    modele_admin = admin.site._registry[modele]
    sources = [(modele, modele_admin)] + [
        (inline.model, inline(modele, admin.site)) for inline in modele_admin.inlines
    ]
    return [
        reverse("admin:autocomplete")
        + "?"
        + urlencode(
            {
                "app_label": source._meta.app_label,
                "model_name": source._meta.model_name,
                "field_name": champ,
                "term": "",
            }
        )
        for source, source_admin in sources
        for champ in source_admin.autocomplete_fields
    ]


def _etat(obj):
    """What an action could change of the object: its row (None once deleted)."""
    ligne = type(obj)._base_manager.filter(pk=obj.pk).first()
    return None if ligne is None else model_to_dict(ligne)


def _attendu_hors_staff(status, response):
    return status == 302 and response.url.startswith(reverse("admin:login"))


# What only superusers do, although staff hold the model's permissions.
RESERVE_AU_SUPERUTILISATEUR = {
    ("ruche.Lieu", "add"),
    ("ruche.Lieu", "delete"),
    ("ruche.Utilisateur", "password"),
}
# National lists every place's statistics read: staff see them, superusers alone write.
LECTURE_SEULE_DU_PERSONNEL = {"ruche.Operateur"}
# Third-party models: staff hold no permission on them.
SANS_PERMISSION_DU_PERSONNEL = ("auth.", "axes.", "django_tasks_database.")


def refuse_au(label):
    """True when staff hold no permission on the model (third-party ones)."""
    return label.startswith(SANS_PERMISSION_DU_PERSONNEL)


class Grille:
    """The requests of one admin's grid, each role logged in once, and what went wrong."""

    def __init__(self, client, monde):
        self.client, self.monde, self.ecarts, self.requetes = client, monde, [], 0
        self.role = None

    def _connecter(self, role):
        if role != self.role:
            self.client.logout()
            if self.monde["utilisateurs"][role] is not None:
                self.client.force_login(self.monde["utilisateurs"][role])
            self.role = role
        self.requetes += 1

    def demander(self, role, methode, url, data=None):
        """The response of `role`; what a POST changed is rolled back."""
        self._connecter(role)
        if methode == "get":
            return self.client.get(url)
        return self.effet(role, url, data or {})[0]

    def effet(self, role, url, data, obj=None):
        """(response, whether the POST changed `obj` or queued a message), rolled back."""
        self._connecter(role)
        with transaction.atomic():
            avant = obj and _etat(obj), DBTaskResult.objects.count()
            response = self.client.post(url, data)
            apres = obj and _etat(obj), DBTaskResult.objects.count()
            transaction.set_rollback(True)
        return response, avant != apres

    def ecart(self, *quoi):
        self.ecarts.append(quoi)


def _reference(grille, urls):
    """What the superuser gets on A's pages: the staff of A get the same, unless refused."""
    return {
        (methode, url): grille.demander("superutilisateur", methode, url, data).status_code
        for _genre, methode, url, data in urls
    }


# The admin's gate (an active staff account) is one for every page and method: the roles it
# turns away ask each page (GET), and the anonymous also post to each. Posting as each of
# them too would ask the same gate again.
AUX_PORTES = ("sans_role", "benevole", "comite", "coordination", "benevole_staff")


def _demande(role, methode):
    return methode == "get" or role not in AUX_PORTES


@pytest.mark.parametrize("modele", MODELES, ids=lambda m: m._meta.label)
def test_admin_grid(client, monde, modele, rf):
    grille = Grille(client, monde)
    label = modele._meta.label
    prefixe = _prefixe(modele)
    listes = [
        ("changelist", "get", reverse(f"{prefixe}_changelist"), None),
        ("add", "get", reverse(f"{prefixe}_add"), None),
        ("add", "post", reverse(f"{prefixe}_add"), {}),
        *(("autocomplete", "get", url, None) for url in _autocompletes(modele)),
    ]
    par_lieu = {
        cle: _urls_objet(modele, monde[cle][modele]) if monde[cle][modele] is not None else []
        for cle in LIEUX
    }
    # The superuser opens B's object as A's: its page once, as a check; every page when A
    # has none (a model no place owns), to know which pages are refused on any object.
    temoins = par_lieu["a"] or par_lieu["b"]
    reference = _reference(grille, listes + temoins + par_lieu["b"][:1])
    reference_a = {(g, m): reference[(m, u)] for g, m, u, _d in temoins}
    for (methode, url), status in reference.items():
        if status >= 500 or status == 404 and "/autocomplete/" not in url:
            grille.ecart("superutilisateur", methode, url, status)
    for role in ROLES:
        if role == "superutilisateur":
            continue
        for cle, urls in (("", listes), *par_lieu.items()):
            for genre, methode, url, data in urls:
                if not _demande(role, methode):
                    continue
                response = grille.demander(role, methode, url, data)
                status = response.status_code
                if role not in ("personnel", "benevole_staff"):
                    if not _attendu_hors_staff(status, response):
                        grille.ecart(role, methode, url, status, "login attendu")
                    continue
                if role == "benevole_staff":
                    if status != 403:
                        grille.ecart(role, methode, url, status, "403 attendu")
                    continue
                refuse = (
                    refuse_au(label)
                    or (label, genre) in RESERVE_AU_SUPERUTILISATEUR
                    or label in LECTURE_SEULE_DU_PERSONNEL
                    and (methode == "post" or genre in ("add", "delete"))
                )
                if refuse:
                    attendu = {403}
                elif cle == "b":
                    # A page refused on any object is refused before the object is looked
                    # up: the same 403 as for A's, which tells nothing of B's.
                    attendu = {404, 403} if reference_a.get((genre, methode)) == 403 else {404}
                else:
                    attendu = {reference[(methode, url)]}
                if status not in attendu:
                    grille.ecart(role, methode, url, status, f"{attendu} attendu")
                if status == 200:
                    html = response.content.decode()
                    for mot in FUITES:
                        if mot in html:
                            grille.ecart(role, methode, url, f"« {mot} » de B dans la page")
    # The POST of each action, on A's object and on B's.
    requete = rf.get("/")
    requete.user = monde["utilisateurs"]["superutilisateur"]
    changelist = reverse(f"{prefixe}_changelist")
    for action in _actions(modele, requete):
        for cle in LIEUX:
            obj = monde[cle][modele]
            if obj is None:
                continue
            data = {"action": action, "_selected_action": [str(obj.pk)], "post": "yes"}
            effets = {}
            for role in ("superutilisateur", "personnel", "benevole_staff", "anonyme"):
                response, effets[role] = grille.effet(role, changelist, data, obj)
                status = response.status_code
                if role == "anonyme":
                    if not _attendu_hors_staff(status, response) or effets[role]:
                        grille.ecart(role, action, cle, status, "login attendu")
                elif status >= 500 or (role == "benevole_staff" and status != 403):
                    grille.ecart(role, action, cle, status)
                # On A's object the action does for A's staff what it does for a superuser;
                # on B's, nothing.
                ecrit = cle == "a" and label not in LECTURE_SEULE_DU_PERSONNEL
                attendu = effets["superutilisateur"] if ecrit else False
                if role == "personnel" and effets[role] != attendu and not refuse_au(label):
                    grille.ecart(role, action, cle, f"effet {effets[role]}, {attendu} attendu")
    grille.monde = None
    print(f"{label}: {grille.requetes} requêtes")
    assert not grille.ecarts, "\n".join(map(str, grille.ecarts))
