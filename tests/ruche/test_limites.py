"""Counters and single-use tokens in the database: fixed windows, exact counts."""

from datetime import UTC, datetime, timedelta

import pytest

from ruche.limites import compter, decompter, purger, utiliser_jeton
from ruche.models import Compteur, JetonUtilise

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 26, 9, 0, 0, tzinfo=UTC)


def test_a_window_is_fixed_posting_again_does_not_extend_it():
    """The old cache limit reset its expiry at each post: a steady bot was never freed,
    and a window never ended while it posted. Here the window ends on time."""
    for minute in range(0, 60, 5):
        assert compter("k", secondes=3600, maintenant=T0 + timedelta(minutes=minute)) == (
            minute // 5 + 1
        )
    assert compter("k", secondes=3600, maintenant=T0 + timedelta(minutes=60)) == 1
    fenetres = list(Compteur.objects.filter(cle="k").values_list("debut", "fin", "nombre"))
    assert sorted(fenetres) == [
        (T0, T0 + timedelta(hours=1), 12),
        (T0 + timedelta(hours=1), T0 + timedelta(hours=2), 1),
    ]


def test_a_day_window_is_the_paris_day():
    soir = datetime(2026, 11, 26, 22, 30, tzinfo=UTC)  # 23:30 in Paris
    compter("jour", secondes=86400, maintenant=soir)
    assert compter("jour", secondes=86400, maintenant=soir + timedelta(minutes=20)) == 2
    assert compter("jour", secondes=86400, maintenant=soir + timedelta(minutes=40)) == 1


def test_keys_are_counted_apart_and_can_be_taken_back():
    assert compter("a", secondes=60, maintenant=T0) == 1
    assert compter("b", secondes=60, maintenant=T0) == 1
    assert compter("a", secondes=60, maintenant=T0) == 2
    decompter("a", secondes=60, maintenant=T0)
    decompter("b", secondes=60, maintenant=T0)
    decompter("b", secondes=60, maintenant=T0)  # never below zero
    assert compter("a", secondes=60, maintenant=T0) == 2
    assert compter("b", secondes=60, maintenant=T0) == 1


def test_a_token_is_accepted_once():
    assert utiliser_jeton("jeton-1") is True
    assert utiliser_jeton("jeton-1") is False
    assert utiliser_jeton("jeton-2") is True


def test_purge_removes_ended_windows_and_old_tokens(settings):
    settings.FORMULAIRE_DUREE_MAX_SECONDES = 3600
    compter("vieux", secondes=60, maintenant=T0)
    compter("courant", secondes=3600, maintenant=T0 + timedelta(minutes=30))
    utiliser_jeton("ancien", maintenant=T0 - timedelta(hours=2))
    utiliser_jeton("recent", maintenant=T0)
    assert purger(T0 + timedelta(minutes=30)) == 2
    assert list(Compteur.objects.values_list("cle", flat=True)) == ["courant"]
    assert JetonUtilise.objects.count() == 1
    assert utiliser_jeton("recent") is False
