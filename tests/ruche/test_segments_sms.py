"""What a text message costs: GSM-7 or UCS-2, and how many segments."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruche.segments_sms import GSM7, GSM7_EXTENSION, cout_sms, en_gsm


@pytest.mark.parametrize(
    ("texte", "encodage", "places", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("é à è ù Ç", "GSM-7", 9, 1),
        # The extension table takes two places…
        ("€" * 80, "GSM-7", 160, 1),
        ("€" * 81, "GSM-7", 162, 2),
        # …and never straddles two segments: 306 places, three segments.
        ("a" * 152 + "€" + "a" * 152, "GSM-7", 306, 3),
        # One "ç" and the whole message goes in UCS-2.
        ("ç" + "a" * 69, "UCS-2", 70, 1),
        ("ç" + "a" * 70, "UCS-2", 71, 2),
        ("ç" + "a" * 133, "UCS-2", 134, 2),
        ("ç" + "a" * 134, "UCS-2", 135, 3),
        ("موعدك يوم الثلاثاء", "UCS-2", 18, 1),
        # An emoji takes two places in UCS-2, and is never cut in two either.
        ("🙂" * 35, "UCS-2", 70, 1),
        ("a" * 66 + "🙂" + "a" * 66, "UCS-2", 134, 3),
    ],
)
def test_encoding_and_segments(texte, encodage, places, segments):
    cout = cout_sms(texte)
    assert (cout.encodage, cout.places, cout.segments) == (encodage, places, segments)
    assert cout.caracteres == len(texte)


def test_latin_text_is_written_with_the_gsm_alphabet():
    assert en_gsm("Plus tôt, reçu à l’heure « œuvre » – ça") == (
        'Plus tot, recu à l\'heure "oeuvre" - ca'
    )
    assert en_gsm("06 •• •• •• 72") == "06 .. .. .. 72"
    assert en_gsm("Cèze, Élodie, ÀÎÔ") == "Cèze, Élodie, AIO"
    # Another script travels in UCS-2 anyway: left as it is, accents included.
    assert en_gsm("موعدك في Bagnols-sur-Cèze, reçu") == "موعدك في Bagnols-sur-Cèze, reçu"


FRANCAIS = "aàâäbcçdeéèêëfghiîïjklmnoôöpqrstuùûüvwxyÿzœæ" + "0123456789 ,.;:!?'’«»–—…-€()"


@given(st.text(alphabet=st.sampled_from(FRANCAIS + FRANCAIS.upper())))
def test_a_french_text_always_becomes_gsm(texte):
    converti = en_gsm(texte)
    assert all(c in GSM7 or c in GSM7_EXTENSION for c in converti), converti


@given(st.text())
def test_segments_hold_every_place(texte):
    cout = cout_sms(texte)
    par_segment = 153 if cout.encodage == "GSM-7" else 67
    unique = 160 if cout.encodage == "GSM-7" else 70
    if cout.places <= unique:
        assert cout.segments == (1 if texte else 0)
    else:
        # A two-place character moved to the next segment leaves one place unused.
        assert -(-cout.places // par_segment) <= cout.segments
        assert cout.segments <= -(-cout.places // (par_segment - 1))
