import os

from django.core.wsgi import get_wsgi_application

from ruche.reglages import ReglageInvalide, arreter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")
try:
    application = get_wsgi_application()
except ReglageInvalide as erreur:
    arreter(erreur, code=4)
