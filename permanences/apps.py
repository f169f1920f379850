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

        # A démarche or a workshop changed shows in the open data's records at once.
        connecter_sources(self.get_model("Demarche"), self.get_model("Atelier"))

        # What a convention's end cancels (partenariats does not import permanences).
        enregistrer_annuleur(annuleur)
        # Every model the statistics and the day board read (ruche.versions), but the
        # plumbing: the free slots' per-démarche summary and the calendar links' tokens.
        from ruche.versions import suivre

        suivre(
            *(
                modele
                for modele in self.get_models()
                if not modele.__name__.startswith("Historical")
                and modele.__name__ not in {"CreneauxLibres", "JetonCalendrier"}
            )
        )
        # The public forms' anti-robot token is new at each display, also on a page served
        # from the page cache (ruche.cache_pages).
        from permanences.antiabus import fabriquer_jeton
        from ruche.cache_pages import champ_par_requete

        champ_par_requete("jeton", lambda request: fabriquer_jeton())
