"""A minimal OpenID Connect provider for the tests, on 127.0.0.1: discovery, authorize
(answers at once, as if the agent had logged in), token (an RS256-signed id_token), JWKS and
a user-info answer signed as ProConnect's is (application/jwt). No network beyond loopback."""

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "ruche-tests"
CLIENT_SECRET = "secret-du-client-de-test"


class FournisseurOidc:
    def __init__(self, **claims):
        """`claims`: what the user info says of the agent (email, email_verified…)."""
        self.claims = claims
        self.refuser = None  # an OAuth error code the authorize step answers instead
        self.cle = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "cle-de-test"
        self.codes = {}
        self.jetons = {}
        fournisseur = self

        class Gestionnaire(BaseHTTPRequestHandler):
            def do_GET(self):
                fournisseur._get(self)

            def do_POST(self):
                fournisseur._post(self)

            def log_message(self, *args):
                pass

        self.serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
        self.serveur.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.serveur.server_address[1]}/api/v2"

    def _json(self, requete, donnees, statut=200, type_="application/json"):
        corps = donnees.encode() if isinstance(donnees, str) else json.dumps(donnees).encode()
        requete.send_response(statut)
        requete.send_header("Content-Type", type_)
        requete.send_header("Content-Length", str(len(corps)))
        requete.end_headers()
        requete.wfile.write(corps)

    def _signer(self, charge):
        return jwt.encode(charge, self.cle, algorithm="RS256", headers={"kid": self.kid})

    def _get(self, requete):
        adresse = urlsplit(requete.path)
        chemin = adresse.path.removeprefix("/api/v2")
        if chemin == "/.well-known/openid-configuration":
            return self._json(
                requete,
                {
                    "issuer": self.url,
                    "authorization_endpoint": f"{self.url}/authorize",
                    "token_endpoint": f"{self.url}/token",
                    "userinfo_endpoint": f"{self.url}/userinfo",
                    "jwks_uri": f"{self.url}/jwks",
                    "end_session_endpoint": f"{self.url}/session/end",
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "userinfo_signing_alg_values_supported": ["RS256"],
                },
            )
        if chemin == "/jwks":
            cle = json.loads(RSAAlgorithm.to_jwk(self.cle.public_key()))
            return self._json(requete, {"keys": [{**cle, "kid": self.kid, "use": "sig"}]})
        if chemin == "/authorize":
            params = {nom: valeurs[0] for nom, valeurs in parse_qs(adresse.query).items()}
            assert params["client_id"] == CLIENT_ID and "openid" in params["scope"]
            retour = {"state": params["state"]}
            if self.refuser:
                retour["error"] = self.refuser
            else:
                code = secrets.token_urlsafe(16)
                self.codes[code] = params.get("nonce")
                retour["code"] = code
            requete.send_response(302)
            requete.send_header("Location", f"{params['redirect_uri']}?{urlencode(retour)}")
            requete.end_headers()
            return None
        if chemin == "/userinfo":
            jeton = requete.headers.get("Authorization", "").removeprefix("Bearer ")
            if jeton not in self.jetons:
                return self._json(requete, {"error": "invalid_token"}, 401)
            charge = {"sub": "agent-123", "iss": self.url, "aud": CLIENT_ID, **self.claims}
            return self._json(requete, self._signer(charge), type_="application/jwt")
        return self._json(requete, {"error": "not_found"}, 404)

    def _post(self, requete):
        longueur = int(requete.headers.get("Content-Length", 0))
        params = {n: v[0] for n, v in parse_qs(requete.rfile.read(longueur).decode()).items()}
        if params.get("client_secret") != CLIENT_SECRET or params.get("code") not in self.codes:
            return self._json(requete, {"error": "invalid_grant"}, 400)
        nonce = self.codes.pop(params["code"])
        maintenant = int(time.time())
        id_token = self._signer(
            {
                "iss": self.url,
                "aud": CLIENT_ID,
                "sub": "agent-123",
                "iat": maintenant,
                "exp": maintenant + 60,
                "nonce": nonce,
            }
        )
        acces = secrets.token_urlsafe(16)
        self.jetons[acces] = True
        return self._json(
            requete,
            {"access_token": acces, "token_type": "Bearer", "expires_in": 60, "id_token": id_token},
        )

    def __enter__(self):
        threading.Thread(target=self.serveur.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.serveur.shutdown()
        self.serveur.server_close()
