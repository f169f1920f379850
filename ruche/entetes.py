"""Headers every page of the app sends, besides Django's security ones and the CSP.

- `Permissions-Policy`: the powerful browser features the site never uses (camera,
  microphone, location, payment…) are off for it and for anything it might embed.
- `Cache-Control: no-store` on pages with personal data. A public computer (the Ruche's
  own, a library's) must keep nothing of a person's pages once they log out or leave: the
  day board, a booking card, the visitor log, the exports, the session sheets, a
  volunteer's pages, a resident's secret-link pages. Every answer to a logged-in person
  gets it here, whatever the page (their menu, their name, their data); the pages a secret
  link opens without login are marked by their views (`never_cache`). A test walks every
  named URL for each role to keep it so.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class EntetesMiddleware:
    """After the authentication middleware (it reads who is logged in), and inside the page
    cache's (whose stored pages keep the headers set here)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        utilisateur = getattr(request, "user", None)
        if utilisateur is not None and utilisateur.is_authenticated:
            add_never_cache_headers(response)
        return response
