"""The démarches of sessions, read once per write.

A booking, a move or a cancellation needs the démarches of its session(s) twice: for the
versions it renews (the free times of each, ruche.portees) and for their free slots computed
again in its transaction. The service loads them with the session it locks
(`avec_demarches`); every other write (the admin, a bulk script) reads them here.
"""

from django.db.models import Prefetch

from permanences.models import Demarche


def avec_demarches(occurrences, chemin="permanence"):
    """The queryset with each session's démarches and their places loaded (one query);
    `chemin`: the lookup from its rows to the session's permanence."""
    return occurrences.prefetch_related(
        Prefetch(f"{chemin}__demarches", queryset=Demarche.objects.select_related("lieu"))
    )


def _chargees(occurrence):
    """The démarches loaded with the session (`avec_demarches`), or None."""
    permanence = occurrence._state.fields_cache.get("permanence")
    if permanence is None:
        return None
    return getattr(permanence, "_prefetched_objects_cache", {}).get("demarches")


def demarches_des_seances(*occurrences):
    """Every démarche (active or not, with its place) of these sessions (instances or ids;
    None is skipped), each once, by pk: those loaded with an instance, the others read in
    one query."""
    trouvees, manquantes = {}, set()
    for occurrence in occurrences:
        if occurrence is None:
            continue
        chargees = None if isinstance(occurrence, int) else _chargees(occurrence)
        if chargees is None:
            manquantes.add(occurrence if isinstance(occurrence, int) else occurrence.pk)
        else:
            trouvees.update((demarche.pk, demarche) for demarche in chargees)
    if manquantes:
        lues = Demarche.objects.filter(permanences__occurrences__in=manquantes).select_related(
            "lieu"
        )
        trouvees.update((demarche.pk, demarche) for demarche in lues.distinct())
    return [trouvees[pk] for pk in sorted(trouvees)]
