from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ruche.courriels import envoyer_courriel, rendre_texte
from ruche.verrouillage import duree_verrouillage, essais_restants


class DecompteMixin:
    """After a wrong password: how many tries are left before the lockout and how long it
    lasts (the same for a name that exists or not)."""

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
