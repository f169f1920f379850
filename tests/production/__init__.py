"""Tests of the production configuration: collected static files, the task worker as a real
process, gunicorn behind a proxy (marker `production`, always run by CI)."""

from pathlib import Path


def statiques_collectes():
    """Runs collectstatic when STATIC_ROOT has no manifest yet, as a deployment does.

    scripts/test.sh collects once into a cached folder; this covers pytest run by hand.
    """
    from django.conf import settings
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
    from django.core.management import call_command

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return
    if not (Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name).is_file():
        call_command("collectstatic", interactive=False, verbosity=0)
