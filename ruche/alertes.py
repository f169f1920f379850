"""The alerts of the staff's day board, fed by the apps that know what needs attention.

`ruche` does not import the apps that feed it: each app registers its alerts from its
AppConfig.ready(), in its own `alertes` module:

    from ruche.alertes import Alerte, fournisseur

    @fournisseur("listes_attente", ordre=40)
    def listes_attente(utilisateur, jour):
        return [Alerte(titre=..., lien=..., detail=...)]

A provider takes the person who looks and the day, and returns a list (empty when all is
well). It must run a fixed number of queries, whatever the data: the board's query count is
tested. `ordre` sorts the providers (lower first); a second registration under the same name
replaces the first. A provider whose alerts depend only on the person, the day and the data
ruche.versions follows registers with `par_jour=True`: its alerts are then computed once per
version of what the staff's pages show but visits and appointments, with the person's
workshop registrations (ESPACE and `version_des_inscriptions`, ruche.portees_personnel: a
visit typed, a booking or a registration elsewhere leaves them in the cache) and kept in
the shared cache, every such provider's in one entry; an alert that stops holding at a given
time (a workshop that starts) says so in `jusqua` and leaves the board then, cache or not.
The board keeps their rendered section with the instant it holds until (`alertes_en_html`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ruche.models import EnvoiEchoue
from ruche.models.taches import TACHE_COURRIEL, TACHE_SMS
from ruche.perimetre import lieux_visibles, tous_les_lieux
from ruche.portees_personnel import version_des_inscriptions, version_personnelle
from ruche.roles import est_personnel
from ruche.versions import changer_version

MESSAGES = (TACHE_COURRIEL, TACHE_SMS)


@dataclass(frozen=True)
class Alerte:
    titre: str
    # Where to act on it (a path of the site); empty when there is nowhere to go.
    lien: str = ""
    detail: str = ""
    # "attention" needs someone today; "info" can wait.
    niveau: str = "attention"
    # When it stops holding (None: while the data stays the same).
    jusqua: datetime | None = None


@dataclass(frozen=True)
class Fournisseur:
    nom: str
    ordre: int
    fournir: Callable
    par_jour: bool = False


FOURNISSEURS: dict[str, Fournisseur] = {}


def fournisseur(nom, *, ordre=100, par_jour=False):
    """Registers `fonction(utilisateur, jour) -> list[Alerte]` under `nom`."""

    def enregistrer(fonction):
        FOURNISSEURS[nom] = Fournisseur(nom, ordre, fonction, par_jour)
        return fonction

    return enregistrer


DUREE_CACHE = 3600


def _gardees(utilisateur, jour, valeur):
    """{provider: its alerts} of every `par_jour` provider, computed once per version
    `valeur` (None: computed here, kept nowhere) and kept in one cache entry."""
    cle = f"alertes:{utilisateur.pk}:{jour}:{valeur}:{get_language()}"
    gardees = cache.get(cle) if valeur is not None else None
    if gardees is None:
        gardees = {f.nom: f.fournir(utilisateur, jour) for f in _fournisseurs() if f.par_jour}
        if valeur is not None:
            cache.set(cle, gardees, DUREE_CACHE)
    return gardees


def _fournisseurs():
    return sorted(FOURNISSEURS.values(), key=lambda f: (f.ordre, f.nom))


def alertes_du_jour(utilisateur, jour, *, valeur=None):
    """Every registered provider's alerts for that person and day that still hold, urgent
    ones first. `valeur` is the version of the person's alerts
    (`version_des_inscriptions(utilisateur)`) when the caller has read it."""
    if valeur is None:
        valeur = version_des_inscriptions(utilisateur)
    gardees = _gardees(utilisateur, jour, valeur)
    alertes = []
    for f in _fournisseurs():
        if not f.par_jour:
            alertes.extend(f.fournir(utilisateur, jour))
        elif f.nom in gardees:
            alertes.extend(gardees[f.nom])
        else:  # registered since the entry was kept
            alertes.extend(f.fournir(utilisateur, jour))
    maintenant = timezone.now()
    alertes = [a for a in alertes if a.jusqua is None or a.jusqua > maintenant]
    return sorted(alertes, key=lambda a: a.niveau != "attention")


def alertes_en_html(utilisateur, jour, *, valeur, rendre):
    """(html, jusqua): `rendre(alertes)` of the person's alerts of the day, and the instant
    until which it holds (None: while the version `valeur` holds). Kept in the cache with
    that instant, so a warm board reads one entry and renders nothing, and an alert that
    ends at 10:00 is gone at 10:00. With a provider that is not `par_jour` (computed at every
    request) it holds for this request only: `jusqua` is now."""
    maintenant = timezone.now()
    gardable = valeur is not None and all(f.par_jour for f in FOURNISSEURS.values())
    cle = f"alertes-html:{utilisateur.pk}:{jour}:{valeur}:{get_language()}"
    if gardable and (trouve := cache.get(cle)) is not None:
        html, jusqua = trouve
        if jusqua is None or jusqua > maintenant:
            return html, jusqua
    alertes = alertes_du_jour(utilisateur, jour, valeur=valeur)
    html = rendre(alertes)
    if not gardable:
        return html, maintenant
    fins = [a.jusqua for a in alertes if a.jusqua is not None]
    jusqua = min(fins, default=None)
    cache.set(cle, (html, jusqua), DUREE_CACHE)
    return html, jusqua


DUREE_ENVOIS_ECHOUES = 3600
CLE_ENVOIS_ECHOUES = "envois-echoues"


def _envois_echoues_par_lieu():
    """{place pk or None: how many messages failed for good}, counted once per version of
    the staff's pages: the task worker that marks a message failed and the staff who resend
    or delete one give the data a new version (`_envoi_change`, which renews those pages
    too), so every process and machine shows the count at its next request."""
    valeur = version_personnelle()
    cle = f"{CLE_ENVOIS_ECHOUES}:{valeur}"
    par_lieu = cache.get(cle) if valeur is not None else None
    if par_lieu is None:
        par_lieu = {}
        for lieu, nombre in EnvoiEchoue.objects.echoues().par_lieu():
            par_lieu[lieu] = par_lieu.get(lieu, 0) + nombre
        if valeur is not None:
            cache.set(cle, par_lieu, DUREE_ENVOIS_ECHOUES)
    return par_lieu


def nombre_envois_echoues(utilisateur):
    """How many of the failed messages the person sees in the admin's list (the same rule:
    EnvoiEchoueQuerySet)."""
    par_lieu = _envois_echoues_par_lieu()
    # Whether there are several places, from the places the header reads anyway (kept at
    # the network's version): no query of its own.
    plusieurs = len(tous_les_lieux()) > 1
    lieux = lieux_visibles(utilisateur)
    if lieux is None or not plusieurs:
        return sum(par_lieu.values())
    return sum(par_lieu.get(lieu, 0) for lieu in lieux)


def _envoi_change(sender, instance, **kwargs):
    # Only a failed message counts: the worker saves every task's row several times.
    if instance.status == TaskResultStatus.FAILED and instance.task_path in MESSAGES:
        changer_version()


def suivre_envois_echoues():
    """Called from RucheConfig.ready()."""
    for modele in (EnvoiEchoue, DBTaskResult):  # the proxy (admin) and the task row
        for signal in (post_save, post_delete):
            signal.connect(_envoi_change, sender=modele, dispatch_uid=f"envoi_change_{modele}")


@fournisseur("envois_echoues", ordre=30, par_jour=True)
def envois_echoues(utilisateur, jour):
    """Mail and text messages that failed for good wait for the staff (at most one query).
    Kept with the other alerts: a message marked failed, resent or deleted renews the
    staff pages' version (`_envoi_change`), which the alerts' version holds."""
    if not est_personnel(utilisateur):
        return []
    nombre = nombre_envois_echoues(utilisateur)
    if not nombre:
        return []
    return [
        Alerte(
            titre=ngettext(
                "%(n)s message n'est pas parti.", "%(n)s messages ne sont pas partis.", nombre
            )
            % {"n": nombre},
            detail=ngettext(
                "Renvoyez-le ou prévenez la personne autrement.",
                "Renvoyez-les ou prévenez les personnes autrement.",
                nombre,
            ),
            lien=reverse("admin:ruche_envoiechoue_changelist"),
        )
    ]
