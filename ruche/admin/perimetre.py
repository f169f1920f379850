"""The back office of the things a place owns (rooms, closures, démarches, calendars, visits):
staff list, open and choose only the objects of their own places, and are not asked for the
place when they see a single one (an install with one place looks as before places existed).
Another place's object is missing for them, as on their pages."""

from ruche.models import Lieu
from ruche.perimetre import lieux_visibles


class DuLieuAdmin:
    champ_lieu = "lieu"

    def _lieu_seul(self, request):
        """The pk of the one place the person records for, or None when they choose (read
        once per request: the form, its fieldsets and the save all ask)."""
        if not hasattr(request, "_lieu_seul"):
            lieux = lieux_visibles(request.user)
            if lieux is None:
                lieux = list(Lieu.objects.values_list("pk", flat=True)[:2])
            request._lieu_seul = lieux[0] if len(lieux) == 1 else None
        return request._lieu_seul

    def get_queryset(self, request):
        lieux = lieux_visibles(request.user)
        queryset = super().get_queryset(request)
        if lieux is None:
            return queryset
        return queryset.filter(**{f"{self.champ_lieu}__in": lieux})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._lieu_seul(request) is None:
            return fieldsets
        return [
            (nom, {**options, "fields": [c for c in options["fields"] if c != self.champ_lieu]})
            for nom, options in fieldsets
        ]

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if self._lieu_seul(request) is not None:
            exclude.append(self.champ_lieu)
        return exclude

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        lieux = lieux_visibles(request.user)
        if db_field.name == self.champ_lieu and lieux is not None:
            kwargs["queryset"] = Lieu.objects.filter(pk__in=lieux)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and self.champ_lieu not in form.fields:
            obj.lieu_id = self._lieu_seul(request) or obj.lieu_id
        super().save_model(request, obj, form, change)
