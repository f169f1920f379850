"""The pure term arithmetic, on many dates (no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partenariats import terme
from partenariats.terme import (
    ARTICLE_ENGAGEMENTS,
    ARTICLE_REGLEMENT,
    EN_ATTENTE,
    NE_PAS_RECONDUIRE,
    RECONDUIRE,
    ChangementTerme,
    Comite,
    Modification,
    Notification,
    Termes,
    TexteArticle,
)

CONVENTION_2024 = Termes(debut=date(2024, 1, 1), premiere_fin=date(2024, 12, 31))
JOUR = timedelta(days=1)

jours = st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 12, 31))


def termes(**changes):
    valeurs = {"debut": date(2024, 1, 1), "premiere_fin": date(2024, 12, 31), **changes}
    return Termes(**valeurs)


def test_first_period_is_the_calendar_year_2024():
    assert date(2024, 1, 1) + terme.relativedelta(years=1) - JOUR == date(2024, 12, 31)
    periode = terme.periode_de(CONVENTION_2024, date(2024, 6, 15))
    assert (periode.numero, periode.debut, periode.fin) == (1, date(2024, 1, 1), date(2024, 12, 31))


@pytest.mark.parametrize(
    ("jour", "numero", "debut", "fin"),
    [
        (date(2024, 1, 1), 1, date(2024, 1, 1), date(2024, 12, 31)),
        (date(2024, 2, 29), 1, date(2024, 1, 1), date(2024, 12, 31)),
        (date(2024, 12, 31), 1, date(2024, 1, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), 2, date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 10, 1), 2, date(2025, 1, 1), date(2025, 12, 31)),
        (date(2026, 11, 26), 3, date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 12, 31), 3, date(2026, 1, 1), date(2026, 12, 31)),
        (date(2028, 2, 29), 5, date(2028, 1, 1), date(2028, 12, 31)),
        (date(2100, 3, 1), 77, date(2100, 1, 1), date(2100, 12, 31)),
    ],
)
def test_periods_of_the_2024_convention(jour, numero, debut, fin):
    periode = terme.periode_de(CONVENTION_2024, jour)
    assert (periode.numero, periode.debut, periode.fin) == (numero, debut, fin)
    assert terme.en_vigueur(CONVENTION_2024, jour)


@pytest.mark.parametrize("jour", [date(2023, 12, 31), date(2020, 1, 1), date(1999, 5, 5)])
def test_not_in_force_before_the_start(jour):
    etat = terme.etat(CONVENTION_2024, jour)
    assert not etat.en_vigueur and etat.pas_encore
    assert terme.periode_de(CONVENTION_2024, jour) is None


@pytest.mark.parametrize(
    ("jour", "alerte"),
    [
        (date(2026, 9, 30), False),  # not yet the last quarter
        (date(2026, 10, 1), True),
        (date(2026, 11, 26), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), False),  # a new period, its committee is far away
    ],
)
def test_committee_is_due_in_the_last_quarter(jour, alerte):
    etat = terme.etat(CONVENTION_2024, jour)
    assert etat.alerte_comite is alerte
    assert etat.comite_avant == etat.periode.fin
    assert etat.periode.trimestre_comite == (date(jour.year, 10, 1), date(jour.year, 12, 31))


def test_seen_on_26_november_2026_after_two_committees_that_renewed():
    termes_demo = termes(
        comites=(Comite(date(2024, 11, 28), RECONDUIRE), Comite(date(2025, 11, 27), RECONDUIRE))
    )
    etat = terme.etat(termes_demo, date(2026, 11, 26))
    assert etat.en_vigueur
    assert (etat.periode.debut, etat.periode.fin) == (date(2026, 1, 1), date(2026, 12, 31))
    assert etat.comite_avant == date(2026, 12, 31)
    assert etat.alerte_comite
    assert etat.reconduction_le == date(2027, 1, 1)
    assert etat.comite_tenu is None


def test_a_committee_held_stops_the_alert_and_moves_the_next_due_date():
    termes_ = termes(comites=(Comite(date(2026, 11, 10), RECONDUIRE),))
    avant = terme.etat(termes_, date(2026, 11, 9))
    apres = terme.etat(termes_, date(2026, 11, 10))
    assert avant.alerte_comite and avant.comite_avant == date(2026, 12, 31)
    assert not apres.alerte_comite
    assert apres.comite_tenu == Comite(date(2026, 11, 10), RECONDUIRE)
    assert apres.comite_avant == date(2027, 12, 31)


def test_a_committee_with_no_decision_yet_is_held_but_still_due():
    termes_ = termes(comites=(Comite(date(2026, 10, 15), EN_ATTENTE),))
    etat = terme.etat(termes_, date(2026, 11, 1))
    assert not etat.alerte_comite
    assert etat.comite_avant == date(2026, 12, 31)
    assert etat.reconduction_le == date(2027, 1, 1)


@pytest.mark.parametrize("refus", [date(2025, 10, 1), date(2025, 11, 20), date(2025, 12, 31)])
def test_a_committee_refusing_renewal_ends_the_convention_at_the_end_of_its_period(refus):
    termes_ = termes(comites=(Comite(refus, NE_PAS_RECONDUIRE),))
    assert terme.en_vigueur(termes_, date(2025, 12, 31))
    assert not terme.en_vigueur(termes_, date(2026, 1, 1))
    assert not terme.en_vigueur(termes_, date(2030, 6, 1))
    etat = terme.etat(termes_, refus)
    assert etat.reconduction_le is None
    assert etat.comite_avant is None
    assert etat.fin_le == date(2025, 12, 31)


def test_the_latest_decision_of_a_period_wins():
    termes_ = termes(
        comites=(
            Comite(date(2025, 10, 5), NE_PAS_RECONDUIRE),
            Comite(date(2025, 12, 1), RECONDUIRE),
        )
    )
    assert terme.en_vigueur(termes_, date(2026, 6, 1))


def test_without_tacit_renewal_only_an_explicit_decision_renews():
    termes_ = termes(reconduction_tacite=False, comites=(Comite(date(2024, 11, 5), RECONDUIRE),))
    assert terme.en_vigueur(termes_, date(2025, 12, 31))
    assert not terme.en_vigueur(termes_, date(2026, 1, 1))


@pytest.mark.parametrize(
    ("notification", "caduque"),
    [
        (date(2024, 1, 31), date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2100, 1, 31), date(2100, 2, 28)),  # not a leap year
        (date(2024, 3, 31), date(2024, 4, 30)),
        (date(2024, 5, 15), date(2024, 6, 15)),
        (date(2024, 12, 31), date(2025, 1, 31)),
        (date(2025, 8, 31), date(2025, 9, 30)),
    ],
)
def test_lapse_one_calendar_month_after_a_breach(notification, caduque):
    assert terme.caduque_le(notification) == caduque


def test_a_breach_on_31_january_2024_lapses_on_29_february():
    termes_ = termes(manquements=(date(2024, 1, 31),))
    pendant = terme.etat(termes_, date(2024, 2, 10))
    assert pendant.en_vigueur and pendant.manquement_en_cours
    assert pendant.caduque_le == date(2024, 2, 29)
    assert pendant.reconduction_le is None
    assert pendant.comite_avant is None
    assert terme.en_vigueur(termes_, date(2024, 2, 28))
    assert not terme.en_vigueur(termes_, date(2024, 2, 29))
    assert terme.etat(termes_, date(2024, 1, 30)).caduque_le is None  # not notified yet


def test_a_breach_late_in_december_lapses_after_the_renewal_date():
    termes_ = termes(manquements=(date(2024, 12, 20),))
    assert terme.en_vigueur(termes_, date(2025, 1, 19))
    assert not terme.en_vigueur(termes_, date(2025, 1, 20))
    assert terme.etat(termes_, date(2024, 12, 25)).reconduction_le == date(2025, 1, 1)


def test_termination_ends_it_on_its_date():
    termes_ = termes(resiliee_le=date(2025, 6, 15))
    assert terme.en_vigueur(termes_, date(2025, 6, 14))
    etat = terme.etat(termes_, date(2025, 6, 15))
    assert not etat.en_vigueur
    assert etat.resiliee_le == date(2025, 6, 15)
    assert etat.fin_le == date(2025, 6, 14)
    assert terme.etat(termes_, date(2025, 3, 1)).reconduction_le is None


def test_the_earliest_ending_wins():
    termes_ = termes(
        resiliee_le=date(2025, 6, 15),
        manquements=(date(2025, 4, 30),),
        comites=(Comite(date(2024, 11, 1), NE_PAS_RECONDUIRE),),
    )
    assert terme.dernier_jour(termes_) == date(2024, 12, 31)


@pytest.mark.parametrize(
    ("debut", "premiere_fin", "jour", "attendu"),
    [
        # A convention starting on 31 January: every later period starts on 1 February.
        (
            date(2024, 1, 31),
            date(2025, 1, 31),
            date(2026, 2, 1),
            (date(2026, 2, 1), date(2027, 1, 31)),
        ),
        # Starting on 29 February: periods keep to 1 March.
        (
            date(2024, 2, 29),
            date(2025, 2, 28),
            date(2028, 2, 29),
            (date(2027, 3, 1), date(2028, 2, 29)),
        ),
        # Six-month renewals.
        (
            date(2024, 1, 1),
            date(2024, 12, 31),
            date(2025, 7, 1),
            (date(2025, 7, 1), date(2025, 12, 31)),
        ),
    ],
)
def test_periods_from_other_anchors(debut, premiere_fin, jour, attendu):
    mois = 6 if attendu[0].month in (7, 1) and attendu[1].month in (12, 6) else 12
    termes_ = Termes(debut=debut, premiere_fin=premiere_fin, mois_reconduction=mois)
    periode = terme.periode_de(termes_, jour)
    assert (periode.debut, periode.fin) == attendu


def test_bad_terms_are_refused():
    with pytest.raises(ValueError):
        Termes(debut=date(2024, 12, 31), premiere_fin=date(2024, 1, 1))
    with pytest.raises(ValueError):
        termes(mois_reconduction=0)


# --- properties -------------------------------------------------------------------------


@given(jour=jours)
def test_every_day_after_the_start_lies_in_one_period(jour):
    periode = terme.periode_de(CONVENTION_2024, jour)
    if jour < CONVENTION_2024.debut:
        assert periode is None
        return
    assert periode.contient(jour)
    if periode.numero > 1:
        precedente = terme.periode_numero(CONVENTION_2024, periode.numero - 1)
        assert precedente.fin + JOUR == periode.debut
    assert periode.debut + terme.relativedelta(years=1) - JOUR == periode.fin
    assert terme.etat(CONVENTION_2024, jour).reconduction_le == periode.fin + JOUR


@given(
    debut=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    mois=st.integers(min_value=1, max_value=36),
    decalage=st.integers(min_value=0, max_value=5000),
)
def test_periods_are_contiguous_for_any_anchor(debut, mois, decalage):
    termes_ = Termes(
        debut=debut,
        premiere_fin=debut + terme.relativedelta(years=1) - JOUR,
        mois_reconduction=mois,
    )
    jour = debut + timedelta(days=decalage)
    periode = terme.periode_de(termes_, jour)
    assert periode.contient(jour)
    suivante = terme.periode_numero(termes_, periode.numero + 1)
    assert suivante.debut == periode.fin + JOUR


@given(notification=st.dates(min_value=date(2024, 1, 1), max_value=date(2199, 12, 31)))
def test_a_breach_always_lapses_one_calendar_month_later(notification):
    caduque = terme.caduque_le(notification)
    mois_suivant = notification.replace(day=1) + timedelta(days=32)
    assert (caduque.year, caduque.month) == (mois_suivant.year, mois_suivant.month)
    assert caduque.day == notification.day or (
        caduque.day < notification.day and (caduque + JOUR).day == 1
    )
    termes_ = termes(manquements=(notification,))
    assert terme.en_vigueur(termes_, caduque - JOUR)
    assert not terme.en_vigueur(termes_, caduque)


@given(
    refus=st.dates(min_value=date(2024, 1, 1), max_value=date(2060, 12, 31)),
    jour=st.dates(min_value=date(2024, 1, 1), max_value=date(2070, 12, 31)),
)
def test_a_refusal_ends_the_convention_exactly_at_the_end_of_its_period(refus, jour):
    termes_ = termes(comites=(Comite(refus, NE_PAS_RECONDUIRE),))
    fin = terme.periode_de(termes_, refus).fin
    assert terme.en_vigueur(termes_, jour) is (jour <= fin)


@given(resiliee=jours, jour=jours)
def test_termination_property(resiliee, jour):
    termes_ = termes(resiliee_le=max(resiliee, date(2024, 1, 2)))
    attendu = termes_.debut <= jour < termes_.resiliee_le
    assert terme.en_vigueur(termes_, jour) is attendu


# --- amendments changing the term ------------------------------------------------------


def bornes(termes_, jour):
    periode = terme.periode_de(termes_, jour)
    return periode.numero, periode.debut, periode.fin


def test_an_amendment_moves_the_end_of_the_period_in_progress_to_the_school_year():
    termes_ = termes(changements=(ChangementTerme(date(2025, 7, 1), fin=date(2025, 8, 31)),))
    assert bornes(termes_, date(2025, 6, 30)) == (2, date(2025, 1, 1), date(2025, 8, 31))
    assert bornes(termes_, date(2025, 9, 1)) == (3, date(2025, 9, 1), date(2026, 8, 31))
    assert bornes(termes_, date(2028, 2, 29)) == (5, date(2027, 9, 1), date(2028, 8, 31))
    # The committee quarter follows: June to August 2026.
    assert terme.etat(termes_, date(2026, 6, 1)).alerte_comite
    assert not terme.etat(termes_, date(2026, 5, 31)).alerte_comite
    # The first period is untouched.
    assert bornes(termes_, date(2024, 12, 31)) == (1, date(2024, 1, 1), date(2024, 12, 31))


def test_an_amendment_changes_the_length_of_later_renewals_only():
    termes_ = termes(changements=(ChangementTerme(date(2025, 3, 1), mois_reconduction=6),))
    assert bornes(termes_, date(2025, 12, 31)) == (2, date(2025, 1, 1), date(2025, 12, 31))
    assert bornes(termes_, date(2026, 1, 1)) == (3, date(2026, 1, 1), date(2026, 6, 30))
    assert bornes(termes_, date(2026, 7, 1)) == (4, date(2026, 7, 1), date(2026, 12, 31))


def test_an_amendment_can_stop_the_renewal():
    termes_ = termes(changements=(ChangementTerme(date(2026, 3, 1), sans_reconduction=True),))
    assert terme.dernier_jour(termes_) == date(2026, 12, 31)
    assert terme.motif_fin(termes_) == terme.NON_RECONDUITE
    assert terme.etat(termes_, date(2026, 2, 28)).fin_le == date(2026, 12, 31)
    assert terme.en_vigueur(termes_, date(2026, 12, 31))
    assert not terme.en_vigueur(termes_, date(2027, 1, 1))


def test_an_amendment_extends_a_period_a_committee_refused_to_renew():
    termes_ = termes(
        comites=(Comite(date(2026, 11, 5), NE_PAS_RECONDUIRE),),
        changements=(ChangementTerme(date(2026, 12, 1), fin=date(2027, 6, 30)),),
    )
    assert terme.dernier_jour(termes_) == date(2027, 6, 30)


def test_an_amendment_ending_before_it_takes_effect_is_refused():
    with pytest.raises(ValueError):
        termes(changements=(ChangementTerme(date(2025, 7, 1), fin=date(2025, 6, 30)),))
    with pytest.raises(ValueError):
        termes(changements=(ChangementTerme(date(2023, 7, 1)),))


changements_terme = st.builds(
    ChangementTerme,
    prend_effet_le=st.dates(min_value=date(2024, 1, 1), max_value=date(2040, 12, 31)),
    fin=st.none() | st.integers(min_value=0, max_value=900),
    mois_reconduction=st.none() | st.integers(min_value=1, max_value=36),
    sans_reconduction=st.booleans(),
)


def _avec_fins(changements):
    """A drawn `fin` is an offset from the effective date (never before it)."""
    return tuple(
        ChangementTerme(
            c.prend_effet_le,
            None if c.fin is None else c.prend_effet_le + timedelta(days=c.fin),
            c.mois_reconduction,
            c.sans_reconduction,
        )
        for c in changements
    )


@given(changements=st.lists(changements_terme, max_size=3), decalage=st.integers(0, 9000))
def test_periods_stay_contiguous_whatever_the_amendments(changements, decalage):
    termes_ = termes(changements=_avec_fins(changements))
    jour = termes_.debut + timedelta(days=decalage)
    periode = terme.periode_de(termes_, jour)
    assert periode.contient(jour)
    suivante = terme.periode_numero(termes_, periode.numero + 1)
    assert suivante.debut == periode.fin + JOUR
    if periode.numero > 1:
        assert terme.periode_numero(termes_, periode.numero - 1).fin + JOUR == periode.debut


@given(changement=changements_terme, jour=jours)
def test_an_amendment_changes_nothing_before_it_takes_effect(changement, jour):
    (changement,) = _avec_fins((changement,))
    avant = termes()
    apres = termes(changements=(changement,))
    if jour < changement.prend_effet_le:
        assert terme.en_vigueur(avant, jour) is terme.en_vigueur(apres, jour)
        en_cours = terme.periode_de(avant, changement.prend_effet_le)
        if jour < en_cours.debut:  # the periods before the one in progress stay as they were
            assert terme.periode_de(avant, jour) == terme.periode_de(apres, jour)
    periode = terme.periode_de(apres, changement.prend_effet_le)
    if changement.fin is not None:
        assert periode.fin == changement.fin
    if changement.sans_reconduction:
        assert terme.dernier_jour(apres) == periode.fin
        assert terme.en_vigueur(apres, jour) is (apres.debut <= jour <= periode.fin)


# --- the two breach regimes (Articles 3 and 6) ------------------------------------------


def test_article_3_ends_the_partnership_on_the_day_the_letter_is_received():
    notification = Notification(ARTICLE_REGLEMENT, recue_le=date(2026, 11, 20))
    termes_ = termes(manquements=(notification,))
    assert terme.en_vigueur(termes_, date(2026, 11, 19))
    assert not terme.en_vigueur(termes_, date(2026, 11, 20))
    assert terme.motif_fin(termes_) == terme.ROMPUE
    # A remedy does not bring it back.
    repare = Notification(ARTICLE_REGLEMENT, date(2026, 11, 20), remediee_le=date(2026, 11, 21))
    assert not terme.en_vigueur(termes(manquements=(repare,)), date(2026, 12, 1))


def test_article_6_runs_from_receipt_not_from_sending():
    envoyee = Notification(ARTICLE_ENGAGEMENTS, recue_le=None)
    assert terme.dernier_jour(termes(manquements=(envoyee,))) is None
    recue = Notification(ARTICLE_ENGAGEMENTS, recue_le=date(2026, 1, 31))
    termes_ = termes(manquements=(recue,))
    assert terme.etat(termes_, date(2026, 2, 10)).caduque_le == date(2026, 2, 28)
    assert terme.en_vigueur(termes_, date(2026, 2, 27))
    assert not terme.en_vigueur(termes_, date(2026, 2, 28))
    assert terme.motif_fin(termes_) == terme.CADUQUE


def test_a_remedy_before_the_lapse_cancels_it():
    repare = Notification(ARTICLE_ENGAGEMENTS, date(2026, 11, 2), remediee_le=date(2026, 11, 25))
    termes_ = termes(manquements=(repare,))
    assert terme.dernier_jour(termes_) is None
    assert terme.en_vigueur(termes_, date(2027, 6, 1))
    # Until the remedy, the lapse was pending and shown.
    assert terme.etat(termes_, date(2026, 11, 24)).caduque_le == date(2026, 12, 2)
    assert terme.etat(termes_, date(2026, 11, 25)).caduque_le is None
    trop_tard = Notification(ARTICLE_ENGAGEMENTS, date(2026, 11, 2), remediee_le=date(2026, 12, 2))
    assert terme.dernier_jour(termes(manquements=(trop_tard,))) == date(2026, 12, 1)


notifications = st.builds(
    Notification,
    article=st.sampled_from([ARTICLE_REGLEMENT, ARTICLE_ENGAGEMENTS]),
    recue_le=st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2060, 12, 31)),
    remediee_le=st.none() | st.integers(min_value=0, max_value=40),
)


@given(brutes=st.lists(notifications, max_size=3), jour=jours)
def test_breach_regimes_property(brutes, jour):
    liste = tuple(
        Notification(
            n.article,
            n.recue_le,
            None
            if n.remediee_le is None or n.recue_le is None
            else n.recue_le + timedelta(days=n.remediee_le),
        )
        for n in brutes
    )
    termes_ = termes(manquements=liste)
    fins = []
    for n in liste:
        if n.recue_le is None:
            continue
        if n.article == ARTICLE_REGLEMENT:
            fins.append(n.recue_le)
        elif n.remediee_le is None or n.remediee_le >= terme.caduque_le(n.recue_le):
            fins.append(terme.caduque_le(n.recue_le))
    attendu = termes_.debut <= jour and (not fins or jour < min(fins))
    assert terme.en_vigueur(termes_, jour) is attendu


# --- consolidated text -------------------------------------------------------------------

ORIGINAL = (
    TexteArticle(1, "Durée de la convention", "Un an, renouvelable."),
    TexteArticle(2, "Engagements", "Chacun s'engage."),
    TexteArticle(3, "Règlement intérieur", "Il est respecté."),
)
AVENANT_1 = Modification(
    1, date(2025, 7, 1), (TexteArticle(3, "Règlement intérieur", "Il est affiché."),)
)
AVENANT_2 = Modification(
    2, date(2026, 3, 1), (TexteArticle(7, "Données personnelles", "Le RGPD s'applique."),)
)


@pytest.mark.parametrize(
    ("jour", "texte_3", "numeros"),
    [
        (None, "Il est respecté.", [1, 2, 3]),
        (date(2025, 6, 30), "Il est respecté.", [1, 2, 3]),
        (date(2025, 7, 1), "Il est affiché.", [1, 2, 3]),
        (date(2026, 2, 28), "Il est affiché.", [1, 2, 3]),
        (date(2026, 3, 1), "Il est affiché.", [1, 2, 3, 7]),
    ],
)
def test_an_amendment_in_mid_period_changes_the_text_from_its_date(jour, texte_3, numeros):
    articles = terme.articles_en_vigueur(ORIGINAL, (AVENANT_2, AVENANT_1), jour)
    assert [a.numero for a in articles] == numeros
    assert articles[2].texte == texte_3


def test_an_amendment_in_mid_period_leaves_the_term_alone():
    for jour in (date(2025, 6, 30), date(2025, 7, 1), date(2025, 12, 31), date(2026, 1, 1)):
        etat = terme.etat(CONVENTION_2024, jour)
        assert etat.en_vigueur and etat.periode.debut == date(jour.year, 1, 1)


def test_what_each_amendment_changed():
    changes = terme.changements(ORIGINAL, (AVENANT_2, AVENANT_1))
    (modif,) = changes[1]
    assert modif.avant.texte == "Il est respecté." and modif.apres.texte == "Il est affiché."
    assert not modif.ajout
    (ajout,) = changes[2]
    assert ajout.ajout and ajout.apres.numero == 7 and ajout.apres.avenant == 2


@given(jour=jours)
def test_consolidation_takes_every_amendment_in_effect_and_no_other(jour):
    articles = {
        a.numero: a for a in terme.articles_en_vigueur(ORIGINAL, (AVENANT_1, AVENANT_2), jour)
    }
    assert (articles[3].avenant == 1) is (jour >= AVENANT_1.prend_effet_le)
    assert (7 in articles) is (jour >= AVENANT_2.prend_effet_le)
