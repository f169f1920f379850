"""A partner's webhook endpoint for the tests: an HTTP server on 127.0.0.1 that checks each
delivery's signature with the `standardwebhooks` package, as a partner would, and keeps
every request it received. It can answer errors to the first requests, or hold one request
(until released) so that the test can kill the worker waiting for its answer."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class Recepteur:
    def __init__(self, *secrets, erreurs=0, retenir=None):
        """`erreurs`: how many first requests get a 500; `retenir`: the rank (1-based) of a
        request held until `liberer()`."""
        self.secrets = list(secrets)
        self.recus = []  # (webhook-id, body as dict, signature valid)
        self.bruts = []  # (body bytes, headers): to check again with another secret
        self.acceptes = set()  # the webhook-ids taken in (answered 200, or to be)
        self.doublons = 0  # requests whose webhook-id had already been taken in
        self.erreurs = erreurs
        self.retenir = retenir
        self.retenue = threading.Event()
        self._liberee = threading.Event()
        self._verrou = threading.Lock()
        recepteur = self

        class Gestionnaire(BaseHTTPRequestHandler):
            def do_POST(self):
                longueur = int(self.headers.get("Content-Length", 0))
                corps = self.rfile.read(longueur)
                entetes = dict(self.headers.items())
                rang, statut = recepteur._noter(corps, entetes)
                if rang == recepteur.retenir:
                    recepteur.retenue.set()
                    recepteur._liberee.wait(120)
                try:
                    self.send_response(statut)
                    self.end_headers()
                except OSError:
                    pass  # the sender is gone (killed): nothing to answer to

            def log_message(self, *args):
                pass

        self.serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
        self.serveur.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.serveur.server_address[1]}/webhooks"

    def _verifier(self, corps, entetes):
        for secret in self.secrets:
            try:
                Webhook(secret).verify(corps, entetes)
                return True
            except WebhookVerificationError:
                continue
        return False

    def _noter(self, corps, entetes):
        valide = self._verifier(corps, entetes)
        with self._verrou:
            self.recus.append((entetes.get("webhook-id"), json.loads(corps), valide))
            self.bruts.append((corps, entetes))
            rang = len(self.recus)
            statut = 500 if rang <= self.erreurs else 200
            if statut == 200 and valide:
                identifiant = entetes.get("webhook-id")
                self.doublons += identifiant in self.acceptes
                self.acceptes.add(identifiant)
        return rang, statut

    def liberer(self):
        self._liberee.set()

    @property
    def identifiants(self):
        return [identifiant for identifiant, _corps, _valide in self.recus]

    def dedoublonnes(self):
        """What a receiver that dedups by webhook-id keeps: each message once (the requests
        it answered with an error it did not take in)."""
        vus, gardes = set(), []
        for rang, (identifiant, corps, valide) in enumerate(self.recus, start=1):
            if valide and rang > self.erreurs and identifiant not in vus:
                vus.add(identifiant)
                gardes.append(corps)
        return gardes

    def __enter__(self):
        threading.Thread(target=self.serveur.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.liberer()
        self.serveur.shutdown()
        self.serveur.server_close()
