from django.utils.formats import date_format


def date_longue(jour):
    """26 novembre 2026: how dates read in the messages and the printed convention."""
    return date_format(jour, "j F Y")
