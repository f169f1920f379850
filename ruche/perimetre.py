"""Who sees what, written once: the Ruche staff see every object of an organisation, a
volunteer those of their own organisation, anyone else none.

Each model that belongs to an organisation has a queryset built on `PerimetreQuerySet`,
which says how to reach its organisation; every view of the volunteers' space starts its
queries from `Modele.objects.visibles_par(utilisateur)`, so another organisation's object
is a 404, never a 403 that would confirm it exists. A test reads the views and fails when
one queries such a model another way (tests/ruche/test_perimetre.py).
"""

from django.db import models

from ruche.roles import is_personnel


class PerimetreQuerySet(models.QuerySet):
    # The lookup from the model to its organisation.
    chemin_organisation = "organisation"

    def visibles_par(self, utilisateur):
        if is_personnel(utilisateur):
            return self.all()
        organisation_id = getattr(utilisateur, "organisation_id", None)
        if organisation_id is None:
            return self.none()
        return self.filter(**{f"{self.chemin_organisation}_id": organisation_id})
