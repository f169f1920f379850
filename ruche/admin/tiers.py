"""The admins of the libraries the project installs, under the site's rule.

Their models have no place: login attempts name an account by its username, and are those
of the accounts the person sees; the task queue holds every place's messages with their
recipients, and is the superusers'.
"""

# Imported first, so that its registration is in place to be replaced (the app comes after
# ruche in INSTALLED_APPS: the admin's autodiscovery would register it after this module).
import django_tasks_db.admin  # noqa: F401
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.attempts import get_cool_off_threshold
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from ruche.admin.perimetre import PerimetreAdmin
from ruche.models import Utilisateur


class DesComptesVisiblesAdmin(PerimetreAdmin):
    def perimetre(self, queryset, request):
        if request.user.is_superuser:
            return queryset
        comptes = Utilisateur.objects.des_lieux_de(request.user).values("username")
        return queryset.filter(username__in=comptes)


class TentativeAdmin(DesComptesVisiblesAdmin, AccessAttemptAdmin):
    @admin.action(description=_("Effacer les tentatives expirées parmi celles choisies"))
    def cleanup_expired_attempts(self, request, queryset):
        """django-axes' own action reads the login attributes a request of the admin lacks
        (a server error) and empties the whole table, whatever was chosen."""
        AxesProxyHandler.update_request(request)
        nombre, _detail = queryset.filter(attempt_time__lt=get_cool_off_threshold(request)).delete()
        self.message_user(request, _("%(n)s tentative(s) effacée(s).") % {"n": nombre})


class ConnexionAdmin(DesComptesVisiblesAdmin, AccessLogAdmin):
    pass


class EchecConnexionAdmin(DesComptesVisiblesAdmin, AccessFailureLogAdmin):
    pass


class TacheAdmin(PerimetreAdmin, DBTaskResultAdmin):
    def perimetre(self, queryset, request):
        return queryset if request.user.is_superuser else queryset.none()


for modele, modele_admin in (
    (AccessAttempt, TentativeAdmin),
    (AccessLog, ConnexionAdmin),
    (AccessFailureLog, EchecConnexionAdmin),
    (DBTaskResult, TacheAdmin),
):
    admin.site.unregister(modele)
    admin.site.register(modele, modele_admin)
