"""Texts that models declare and public pages show: written or listed here so that the English
and Arabic catalogues (`manage.py catalogues`, which reads the public files only) hold them.
tests/ruche/test_catalogues.py checks that the list follows the models."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# The one wording of the rule, for the public forms, the model and the database constraint
# (appointments and workshop registrations): the forms show it to residents.
MESSAGE_CONTACT = _("Donnez un numéro de téléphone ou une adresse e-mail.")

LIBELLES = (
    # Atelier.Public, on the workshop pages.
    gettext_noop("Seniors"),
    gettext_noop("Personnes qui cherchent un emploi"),
    gettext_noop("Tout le monde"),
    # RendezVous.Statut, on the page of the secret link.
    gettext_noop("Réservé"),
    gettext_noop("Annulé par la personne"),
    gettext_noop("Annulé par l'association"),
    gettext_noop("Venu"),
    gettext_noop("Pas venu"),
)
