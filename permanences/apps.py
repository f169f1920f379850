from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    name = "permanences"
    verbose_name = _("Permanences, salles et rendez-vous")

    def ready(self):
        from ruche.apps import confier_au_personnel

        # The Ruche staff manage its models in the admin.
        confier_au_personnel(self.label)
        # Connects the slots' cache versions; registers the statistics' sources and sections
        # (Article 2 commitments included), the day board's alerts, and what the ground
        # floor's pages show of the permanences (ruche.registres).
        from partenariats.services.fin import enregistrer_annuleur
        from permanences import (  # noqa: F401
            alertes,
            bilan,
            engagements,
            offre,
            receivers,
            registres,
            statistiques,
        )
        from permanences.services.fin_partenariat import annuleur
        from ruche.donnees_ouvertes.receivers import connecter_sources

        # A démarche, a room (its workshops' place) or a workshop changed shows in the open
        # data's records at once.
        connecter_sources(
            self.get_model("Demarche"), self.get_model("Salle"), self.get_model("Atelier")
        )

        # What a convention's end cancels (partenariats does not import permanences).
        enregistrer_annuleur(annuleur)
        # Every model the statistics and the day board read (ruche.versions), but the
        # plumbing: the free slots' per-démarche summary and the calendar links' tokens.
        from ruche.portees_personnel import INSCRIPTIONS, RENDEZ_VOUS, suivre_personnel
        from ruche.versions import ESPACE, suivre

        suivis = [
            modele
            for modele in self.get_models()
            if not modele.__name__.startswith("Historical")
            and modele.__name__ not in {"CreneauxLibres", "JetonCalendrier"}
        ]
        suivre(*suivis)
        # The staff's and volunteers' pages (ruche.portees_personnel): an appointment or a
        # workshop registration renews those showing its place's or its organisation's, the
        # rest all of them.
        RendezVous, Inscription = self.get_model("RendezVous"), self.get_model("Inscription")
        suivre(*(m for m in suivis if m not in (RendezVous, Inscription)), nom=ESPACE)
        suivre_personnel(RendezVous, RENDEZ_VOUS, portee_du_rendez_vous, champs=("occurrence",))
        suivre_personnel(Inscription, INSCRIPTIONS, portee_de_l_inscription, champs=("atelier",))
        # The public forms' anti-robot token is new at each display, also on a page served
        # from the page cache (ruche.cache_pages).
        from permanences.antiabus import fabriquer_jeton
        from ruche.cache_pages import champ_par_requete

        champ_par_requete("jeton", lambda request: fabriquer_jeton())


def portee_du_rendez_vous(rdv):
    """(places, organisations) whose pages show the appointment: its session's room's place
    (RendezVousQuerySet.chemin_lieu) and the organisation holding the session (one query)."""
    from permanences.models import Occurrence

    ligne = (
        Occurrence.objects.filter(pk=rdv.occurrence_id)
        .values_list("reservation__salle__lieu_id", "permanence__organisation_id")
        .first()
    )
    # Its session gone with it (a cascade): the session's own delete renews every page.
    return ([ligne[0]], [ligne[1]]) if ligne else ([], [])


def portee_de_l_inscription(inscription):
    """(places, organisations) whose pages show the registration: its workshop's room's
    place (InscriptionQuerySet.chemin_lieu) and the organisation running it (one query)."""
    from permanences.models import Atelier

    ligne = (
        Atelier.objects.filter(pk=inscription.atelier_id)
        .values_list("salle__lieu_id", "organisation_id")
        .first()
    )
    return ([ligne[0]], [ligne[1]]) if ligne else ([], [])
