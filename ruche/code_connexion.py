"""A ceiling per account across addresses, on top of django-axes' lockout per account and
address.

Axes locks an account for one address after AXES_FAILURE_LIMIT failures: an attacker with ten
addresses had ten times as many guesses. Past CONNEXION_PLAFOND_PAR_COMPTE failures for one
account in the hour, wherever they came from, the password alone no longer opens it: the
login asks for a code sent to the account's e-mail address. The answer is the same whether
the password was right or not (a code leaves only when it was), so further guesses teach the
attacker nothing, and the real person, who reads their mail, still gets in: nobody is locked
out for everyone.
"""

import secrets
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.crypto import constant_time_compare, salted_hmac

from ruche.courriels import envoyer
from ruche.limites import compter, empreinte, lire

HEURE = 3600
CODE_VALIDITE_SECONDES = 15 * 60
CODE_ESSAIS = 5
# Code mails per account and hour: someone who holds the password cannot flood the mailbox.
CODES_PAR_HEURE = 5
SESSION = "code_connexion"


def _cle(nom):
    return f"connexion:compte:{empreinte(str(nom).strip().lower())}"


def noter_echec(sender, credentials, request=None, **kwargs):
    """user_login_failed: one more failure for the account named, whatever the address."""
    nom = credentials.get("username")
    if isinstance(nom, str) and nom:
        compter(_cle(nom), secondes=HEURE)


def plafond_atteint(nom):
    return lire(_cle(nom), secondes=HEURE) >= settings.CONNEXION_PLAFOND_PAR_COMPTE


def _empreinte_code(compte_pk, code):
    return salted_hmac("ruche.code_connexion", f"{compte_pk}:{code}").hexdigest()


def demander_code(request, compte):
    """Keeps in the session a pending login for `compte` (None: the password was wrong, no
    code will match) and mails the account a code when there is one to send."""
    code = f"{secrets.randbelow(10**6):06d}"
    envoi = (
        compte is not None
        and compte.email
        and compter(f"connexion:codes:{compte.pk}", secondes=HEURE) <= CODES_PAR_HEURE
    )
    request.session[SESSION] = {
        "compte": compte.pk if envoi else None,
        "empreinte": _empreinte_code(compte.pk, code) if envoi else "",
        "expire": time.time() + CODE_VALIDITE_SECONDES,
        "essais": 0,
    }
    if envoi:
        envoyer(
            to=compte.email,
            template="registration/code_connexion",
            context={"code": code, "minutes": CODE_VALIDITE_SECONDES // 60, "compte": compte},
        )


def code_en_attente(request):
    attente = request.session.get(SESSION)
    if not attente or attente["expire"] < time.time() or attente["essais"] >= CODE_ESSAIS:
        request.session.pop(SESSION, None)
        return None
    return attente


def verifier_code(request, code):
    """The account the code opens, or None. A pending login takes CODE_ESSAIS tries, then
    the person logs in again (password first)."""
    attente = code_en_attente(request)
    if attente is None:
        return None
    attente["essais"] += 1
    request.session[SESSION] = attente
    juste = attente["compte"] is not None and constant_time_compare(
        attente["empreinte"], _empreinte_code(attente["compte"], code.strip())
    )
    if not juste:
        return None
    request.session.pop(SESSION, None)
    return get_user_model().objects.filter(pk=attente["compte"], is_active=True).first()


def essais_restants(request):
    attente = code_en_attente(request)
    return CODE_ESSAIS - attente["essais"] if attente else 0
