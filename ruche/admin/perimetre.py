"""The back office obeys the site's one access rule (ruche/perimetre.py).

Every ModelAdmin and inline of the project takes from its model's rule (`visibles_par`,
`des_lieux_de`) its list, the objects its pages open, the choices of its forms, filters and
autocompletes, what its actions act on and what a deletion may take with it. Another
place's object is a 404 in its change, delete and history pages, as on the site; an action
posted for it finds nothing to act on. A test walks the registry so that no admin is left
without the rule (tests/ruche/test_grille_admin.py).

Staff are not asked for the place when they see a single one (`DuLieuAdmin`): an install
with one place looks as before places existed.
"""

from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import NestedObjects, get_fields_from_path, unquote
from django.core.exceptions import PermissionDenied
from django.db import router
from django.http import Http404

from ruche.models import Lieu
from ruche.perimetre import du_perimetre, lieux_visibles


class PerimetreAdmin:
    """For a ModelAdmin or an inline: the site's access rule, everywhere the admin reads."""

    # Rows no place owns, offered whole where a form offers them: permissions (a role's or
    # an account's, which only superusers edit), the national France Services themes.
    MODELES_SANS_LIEU = ("auth.Permission", "ruche.ThemeOperateur")

    def perimetre(self, queryset, request):
        """What the person may see of `queryset` (of this admin's model): the model's rule.
        Third-party models, which have none, say theirs by overriding this."""
        return du_perimetre(queryset, request.user)

    def get_queryset(self, request):
        return self.perimetre(super().get_queryset(request), request)

    def get_field_queryset(self, db, db_field, request):
        """The choices of a relation (select, raw id, inline) are what the related model's
        admin shows the person: another place's room or organisation is not offered."""
        modele = db_field.remote_field.model
        queryset = super().get_field_queryset(db, db_field, request)
        if queryset is None:
            queryset = modele._default_manager.using(db).all()
        admin_lie = self.admin_site._registry.get(modele)
        if isinstance(admin_lie, PerimetreAdmin):
            return admin_lie.perimetre(queryset, request)
        if modele._meta.label in self.MODELES_SANS_LIEU:
            return queryset
        return du_perimetre(queryset, request.user)

    def get_list_filter(self, request):
        """A filter on a relation lists the related objects of the list only, not every
        place's (Django's default filter offers the whole related table)."""
        return [self._filtre_du_perimetre(entree) for entree in super().get_list_filter(request)]

    def _filtre_du_perimetre(self, entree):
        if isinstance(entree, str) and get_fields_from_path(self.model, entree)[-1].is_relation:
            return (entree, RelatedOnlyFieldListFilter)
        return entree

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django sends to the index with "perhaps it was deleted"; the site answers 404 for
        # another place's object, and so does the back office, for a missing one too.
        raise Http404

    def _objet_du_perimetre(self, request, object_id):
        # As Django's own pages: the right to the page first, then the object. Who sees
        # every place still reads the history of a deleted object.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        objet = self.get_object(request, unquote(object_id))
        if objet is None and lieux_visibles(request.user) is not None:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history shows the history of an object it cannot find in the list
        # from its last historical record: another place's object would show.
        self._objet_du_perimetre(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, read only. Reverting to it would save every field of the old
        version, statuses included, without the services and notices the pages go through
        (django-simple-history checks no change permission before it saves)."""
        self._objet_du_perimetre(request, object_id)
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )

    def revert_disabled(self, request, obj=None):
        return True

    def get_deleted_objects(self, objs, request):
        """A deletion may not take or be stopped by what the person cannot see (an
        organisation that is also another place's partner): it is refused before the
        confirmation page names any of it."""
        collecteur = NestedObjects(using=router.db_for_write(self.model))
        collecteur.collect(objs)
        touches = {}
        for obj in collecteur.protected:
            touches.setdefault(type(obj), set()).add(obj.pk)
        for modele, objets in collecteur.data.items():
            touches.setdefault(modele, set()).update(obj.pk for obj in objets)
        for modele, pks in touches.items():
            admin_lie = self.admin_site._registry.get(modele)
            if not isinstance(admin_lie, PerimetreAdmin):
                continue  # links and history rows go with what they belong to
            if admin_lie.get_queryset(request).filter(pk__in=pks).count() < len(pks):
                raise PermissionDenied
        return super().get_deleted_objects(objs, request)


class NationalAdmin(PerimetreAdmin):
    """Rows no place owns, every place's: the France Services operators and themes, the
    site's accessibility statement."""

    def perimetre(self, queryset, request):
        return queryset


class DuLieuAdmin(PerimetreAdmin):
    """Objects a place owns (rooms, closures, démarches, calendars, visits, conventions):
    the place is not asked of staff who see a single one."""

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

    def save_model(self, request, obj, form, change):
        if not change and self.champ_lieu not in form.fields:
            obj.lieu_id = self._lieu_seul(request) or obj.lieu_id
        super().save_model(request, obj, form, change)
