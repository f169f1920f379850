"""How the Ruche tells time, in one place: its time zone and its long dates."""

from zoneinfo import ZoneInfo

from django.utils.formats import date_format

# Every wall-clock time of the Ruche (permanences, appointments, visits) is Paris time.
PARIS = ZoneInfo("Europe/Paris")


def date_longue(jour):
    """« 1er janvier 2024 », « 31 décembre 2024 »: dates in messages, documents, reports."""
    texte = date_format(jour, "j F Y")
    return f"1er{texte[1:]}" if jour.day == 1 else texte
