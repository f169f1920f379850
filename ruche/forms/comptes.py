from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ruche.code_connexion import demander_code, plafond_atteint
from ruche.courriels import envoyer_courriel, rendre_texte
from ruche.verrouillage import duree_verrouillage, essais_restants

MESSAGE_CODE_REQUIS = _(
    "Pour protéger ce compte, un code vient de partir à son adresse e-mail, si le mot de "
    "passe est juste. Saisissez-le sur la page /connexion/code/."
)


class DecompteMixin:
    """After a wrong password: how many tries are left before the lockout and how long it
    lasts (the same for a name that exists or not). Past the ceiling of failures for the
    account (ruche.code_connexion), the password alone is not enough: a code is asked."""

    def clean(self):
        nom, mot_de_passe = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not (nom and mot_de_passe and plafond_atteint(nom)):
            return super().clean()
        try:
            super().clean()
        except ValidationError:
            compte = None
        else:
            compte = self.user_cache
        # Right password or not, the same answer: the guesses teach nothing.
        demander_code(self.request, compte)
        self.user_cache = None
        raise ValidationError(MESSAGE_CODE_REQUIS, code="code_requis")

    def get_invalid_login_error(self):
        erreur = super().get_invalid_login_error()
        restants = essais_restants(self.request, self.cleaned_data.get("username"))
        if not restants:
            return erreur
        avertissement = ngettext(
            "Il vous reste %(n)d essai.",
            "Il vous reste %(n)d essais.",
            restants,
        ) % {"n": restants}
        duree = duree_verrouillage(self.request)
        if duree:
            avertissement += " " + _("Ensuite, la connexion sera bloquée pendant %(duree)s.") % {
                "duree": duree
            }
        return ValidationError([erreur, ValidationError(avertissement, code="essais_restants")])


class ConnexionForm(DecompteMixin, AuthenticationForm):
    """Django's login form with a short French message, and the countdown to the lockout."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Identifiant ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé."),
    }


class ConnexionAdminForm(DecompteMixin, AdminAuthenticationForm):
    """The admin's login form with the same countdown (admin.site.login_form)."""


class MotDePasseOublieForm(PasswordResetForm):
    """Django's reset form, whose mail goes through the task queue like every other one.

    Django sends it at once and only logs the error when the mail server is down, so the
    person waits for a mail that never comes.
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = " ".join(rendre_texte(subject_template_name, context).split())
        html = ""
        if html_email_template_name is not None:
            html = render_to_string(html_email_template_name, context)
        envoyer_courriel.enqueue(
            {
                "subject": subject,
                "body": rendre_texte(email_template_name, context),
                "html": html,
                "to": [to_email],
            }
        )


class CodeConnexionForm(forms.Form):
    code = forms.CharField(
        label=_("Code reçu par e-mail"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


MESSAGE_CODE_PERIME = _("Ce code n'est plus valable. Connectez-vous à nouveau pour en recevoir un.")


def code_faux(restants):
    return ngettext(
        "Ce code est faux. Il vous reste %(n)d essai.",
        "Ce code est faux. Il vous reste %(n)d essais.",
        restants,
    ) % {"n": restants}
