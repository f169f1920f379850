"""The template filter and the Python helper write a long date one way: « 1er juillet 2026 »."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from ruche.formats import date_longue


def rendre(valeur):
    return Template("{% load dates %}{{ valeur|date_longue }}").render(Context({"valeur": valeur}))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_filter_writes_what_the_helper_writes(jour):
    assert rendre(jour) == date_longue(jour)


def test_first_of_the_month_no_date_and_an_instant_in_paris():
    assert rendre(date(2026, 7, 1)) == "1er juillet 2026"
    assert rendre(None) == ""
    # 23:30 UTC on 30 June is already 1 July in Paris.
    assert rendre(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "1er juillet 2026"
