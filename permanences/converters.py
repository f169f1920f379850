from datetime import date

from django.urls import register_converter

from permanences.periodes import ANNEE_MAX, ANNEE_MIN


class JourConverter:
    """A day in a URL, written 2026-11-26; an impossible date does not match (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        jour = date.fromisoformat(value)  # ValueError: Django answers 404
        if not ANNEE_MIN <= jour.year <= ANNEE_MAX:
            raise ValueError(value)
        return jour

    def to_url(self, value):
        return value.isoformat()


# Registered on import, so every URL module of the app can use <jour_iso:...>.
register_converter(JourConverter, "jour_iso")
