"""Mail ahead of a convention's last day: to the Ruche staff and the partner's volunteers,
once per threshold (settings.ALERTES_FIN_JOURS) and per end date, through the task queue."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from partenariats.models import AlerteFinEnvoyee
from partenariats.selecteurs.alertes import fins_proches
from partenariats.services.destinataires import destinataires_fin_proche
from ruche.courriels import envoyer


def envoyer_alertes_fin(jour=None) -> int:
    """Sends the warnings due on `jour` (today); returns how many conventions were warned.

    A threshold crossed is recorded with the end date it announced, so each is sent once;
    when the end date moves (an amendment), the warnings start again for the new date.
    """
    jour = jour or timezone.localdate()
    seuils = sorted(settings.ALERTES_FIN_JOURS)
    averties = 0
    for fin in fins_proches(jour):
        franchis = [s for s in seuils if fin.jours_restants <= s]
        if not franchis:
            continue
        with transaction.atomic():
            nouveaux = []
            for seuil in franchis:
                try:
                    with transaction.atomic():
                        AlerteFinEnvoyee.objects.create(
                            convention_id=fin.convention_pk,
                            dernier_jour=fin.dernier_jour,
                            seuil=seuil,
                        )
                except IntegrityError:
                    continue  # sent already (or by a run at the same time)
                nouveaux.append(seuil)
            if not nouveaux:
                continue
            site = settings.SITE_URL.rstrip("/")
            personnel, benevoles = destinataires_fin_proche(fin.organisation_ids, fin.lieu_id)
            envois = [
                (adresse, reverse("partenariats:fin", args=[fin.convention_pk]), True)
                for adresse in personnel
            ] + [(adresse, reverse("permanences:semaine"), False) for adresse in benevoles]

            def partir(envois=envois, fin=fin, site=site):
                for adresse, chemin, personnel in envois:
                    envoyer(
                        to=adresse,
                        template="partenariats/courriels/fin_proche",
                        context={
                            "fin": fin,
                            "texte": fin.texte,
                            "lien": site + chemin,
                            "personnel": personnel,
                        },
                        lieu=fin.lieu_id,
                    )

            transaction.on_commit(partir, robust=True)
            averties += 1
    return averties
