from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string

from ruche.courriels import envoyer_courriel


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
        subject = " ".join(render_to_string(subject_template_name, context).split())
        html = ""
        if html_email_template_name is not None:
            html = render_to_string(html_email_template_name, context)
        envoyer_courriel.enqueue(
            {
                "subject": subject,
                "body": render_to_string(email_template_name, context),
                "html": html,
                "to": [to_email],
            }
        )
