"""Settings of Ruche, read from the environment (see .env.example for every variable)."""

import ipaddress
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from ruche.cache import reglages as reglages_cache
from ruche.reglages import ReglageInvalide

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE lets a test or a service point at another file (or /dev/null for none).
FICHIER_REGLAGES = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
environ.Env.read_env(FICHIER_REGLAGES)

DEBUG = env.bool("DEBUG", default=False)

# Production secrets have no default: only a development run (DEBUG on) may go without. In
# production an empty or missing one stops the start with one line (ruche/reglages.py).
if DEBUG:
    # An empty SECRET_KEY= line (.env.example copied as it is) counts as none.
    SECRET_KEY = env("SECRET_KEY", default="") or "insecure-dev-key-do-not-use-in-production"
else:
    SECRET_KEY = env.str("SECRET_KEY", default="").strip()
    if not SECRET_KEY:
        raise ReglageInvalide(
            f"SECRET_KEY est vide ou absent ({FICHIER_REGLAGES}). Mettez-y une longue chaîne "
            "aléatoire : python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    # Before the admin, as its documentation asks: démarches translated per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "simple_history",
    # Before django_tasks_db: its `db_worker` command gains a heartbeat (ruche/management).
    "ruche",
    "django_tasks",
    "django_tasks_db",
    "partenariats",
    "permanences",
    # The API, the webhooks and the ProConnect login: above every other app.
    "passerelles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Public pages in the visitor's language (fr, en, ar); staff pages in French.
    "ruche.langues.LangueMiddleware",
    # Public pages for visitors without an account, from the shared cache (the ones below
    # do nothing for them; see ruche/cache_pages.py).
    "ruche.cache_pages.CachePagesPubliquesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Permissions-Policy on every page; no-store on every answer to a logged-in person.
    "ruche.entetes.EntetesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ruche.urls"
WSGI_APPLICATION = "ruche.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ruche.context_processors.menu",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The try-out database is shared by the web server and the task worker: wait for locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening a PostgreSQL connection costs more than most pages' queries.
# The health check before each request's first query replaces a connection the database closed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "ruche.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, the account read once per version of the data (ruche.comptes).
    "ruche.comptes.ComptesBackend",
    # ProConnect (OpenID Connect), when PROCONNECT_ISSUER and its client are set.
    "passerelles.services.proconnect.ProConnectBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "accueil"

# Login lockout: five failures for one account from one address lock it for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_HOURS", default=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/verrouillage.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "ruche.access.nom_pour_verrouillage"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Above it, per account from every address: past this many failures in the hour, logging in
# to that account also takes a code mailed to it (ruche.code_connexion).
CONNEXION_PLAFOND_PAR_COMPTE = env.int("CONNEXION_PLAFOND_PAR_COMPTE", default=10)
# Behind a proxy the lockout counts the address the proxy forwards, not the proxy's own.
AXES_CLIENT_IP_CALLABLE = "ruche.reseau.adresse_client"

LANGUAGE_CODE = "fr"
# Each language named in itself: a visitor looks for their own language's name.
LANGUAGES = [("fr", "Français"), ("en", "English"), ("ar", "العربية")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# Démarches (name, description, papers) are typed by the staff in each language; a missing
# translation shows the French text (permanences/translation.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are never served from MEDIA_URL: views check who may see each one. The
# URL only names media for the PDF renderer, which reads them from disk.
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# "" : Django streams the file; "X-Accel-Redirect" (nginx) or "X-Sendfile" (Apache): the
# proxy sends it, from the internal location FICHIERS_PROTEGES_PREFIXE mapped to MEDIA_ROOT.
FICHIERS_PROTEGES_ENTETE = env.str("FICHIERS_PROTEGES_ENTETE", default="")
if FICHIERS_PROTEGES_ENTETE not in ("", "X-Accel-Redirect", "X-Sendfile"):
    raise ImproperlyConfigured(
        "FICHIERS_PROTEGES_ENTETE doit être vide, X-Accel-Redirect ou X-Sendfile."
    )
FICHIERS_PROTEGES_PREFIXE = env.str("FICHIERS_PROTEGES_PREFIXE", default="/fichiers-internes/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default=(
                "django.contrib.staticfiles.storage.StaticFilesStorage"
                if DEBUG
                else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            ),
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files and their folders: the owner (the app) and its group (nginx, www-data in the
# guide, inherited from MEDIA_ROOT's setgid bit), nobody else. `restaurer` writes the same.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest accepted upload (scans of the signed convention, communication documents).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
# django-environ leaves `?timeout=` of the URL in an OPTIONS dict Django never reads.
_EMAIL_OPTIONS = EMAIL_CONFIG.pop("OPTIONS", {})
vars().update(EMAIL_CONFIG)
# A mail server that accepts the connection and never answers must not hold the worker:
# EMAIL_TIMEOUT (seconds), else `?timeout=` of EMAIL_URL, else 20 seconds.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=float(_EMAIL_OPTIONS.get("TIMEOUT", 20)))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="La Ruche numérique <ne-pas-repondre@ruche.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the Ruche staff are told of what concerns them (a cancelled permanence...).
RUCHE_STAFF_EMAIL = env("RUCHE_STAFF_EMAIL", default="ruche-numerique@ruche.local")

# Mail and reminders go through the task queue, so an SMTP outage delays them instead of
# losing them. Run `python manage.py db_worker` beside the web server.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Each worker writes a heartbeat every TACHES_POULS_SECONDES; a task left running by a worker
# silent for TACHES_TRAVAILLEUR_PERDU_SECONDES is put back in the queue. A worker whose process
# is gone from the same machine (killed, crashed) is known dead at once: its task is taken
# back at the next worker's start or beat. The minute stays for a worker on another machine
# or a frozen one: shorter, a live but slow worker would see its mail sent twice.
TACHES_POULS_SECONDES = env.float("TACHES_POULS_SECONDES", default=10)
TACHES_TRAVAILLEUR_PERDU_SECONDES = env.int("TACHES_TRAVAILLEUR_PERDU_SECONDES", default=60)
# Finished task rows (they hold names, addresses, phones, links) are deleted after this many
# days by `manage.py purger_taches`; failed messages stay until the staff handle them.
TACHES_CONSERVATION_JOURS = env.int("TACHES_CONSERVATION_JOURS", default=7)
# /sante/ answers 503 when a task has waited longer than this (seconds) after it was due.
SANTE_ATTENTE_MAX_SECONDES = env.int("SANTE_ATTENTE_MAX_SECONDES", default=600)
# ... and when a send has hung this long (seconds), or message attempts have failed this long
# with none sent since (the mail server or the SMS provider down or hanging).
SANTE_ENVOIS_MAX_SECONDES = env.int("SANTE_ENVOIS_MAX_SECONDES", default=120)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Strict Content Security Policy: no inline script or style, nothing from another site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# HTTPS in production: set HTTPS=true behind TLS (see .env.example).
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
# The monitor may ask the health page over plain HTTP on the machine itself.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a TLS proxy: trust its X-Forwarded-Proto, and its X-Forwarded-For for the login
# lockout and the rate limits. PROXY_HOPS is how many proxies of ours append to that header
# (nginx alone: 1); what the client wrote before them is ignored.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
PROXY_HOPS = env.int("PROXY_HOPS", default=1)
# ... and only from the proxy: the addresses or networks it connects to gunicorn from (the
# loopback by default; a connection over gunicorn's Unix socket is the proxy's too). A client
# reaching gunicorn from anywhere else is counted under its own address, header or not.
PROXY_ADRESSES = env.list("PROXY_ADRESSES", default=["127.0.0.1", "::1"])
try:
    [ipaddress.ip_network(reseau, strict=False) for reseau in PROXY_ADRESSES]
except ValueError as erreur:
    raise ImproperlyConfigured(f"PROXY_ADRESSES : adresse ou réseau invalide ({erreur}).") from None
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Browser features the site never uses, off for it and anything it embeds (ruche/entetes.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Sessions in the database, served from the cache while the person's sessions keep their
# version (a logout anywhere ends it at the next request, whatever the cache; ruche.sessions).
SESSION_ENGINE = "ruche.sessions"

# Personal data of past appointments is anonymised after this many months.
RETENTION_MONTHS = env.int("RETENTION_MONTHS", default=24)
# Staff and the partner's volunteers are warned this many days before a convention's last
# day (on their pages, and once per threshold by mail: `manage.py alerter_fins_de_convention`).
ALERTES_FIN_JOURS = sorted(env.list("ALERTES_FIN_JOURS", cast=int, default=[60, 15]), reverse=True)
# Login attempts and login logs (user names, IP addresses) are deleted after this many days.
CONNEXIONS_CONSERVATION_JOURS = env.int("CONNEXIONS_CONSERVATION_JOURS", default=180)

# The address of the site, for the links in emails and text messages. Required in production:
# without it every mail and SMS would link to the developer's machine.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").strip()
if not SITE_URL.startswith(("https://", "http://")):
    raise ReglageInvalide(
        f"SITE_URL est {'absent' if not SITE_URL else 'invalide'} ({FICHIER_REGLAGES}). "
        "Mettez-y l'adresse publique du site, par exemple https://ruche.example.fr : les liens "
        "des courriels et des SMS la suivent."
    )
# Where residents come, as written in confirmations (the room is added).
RUCHE_ADRESSE = env("RUCHE_ADRESSE", default="La Ruche numérique, 30200 Bagnols-sur-Cèze")
# The front desk's phone number, shown to residents (home page, "too many requests" page).
RUCHE_TELEPHONE = env("RUCHE_TELEPHONE", default="")
# A map of the address; empty: an OpenStreetMap search for RUCHE_ADRESSE (a plain link).
RUCHE_CARTE_URL = env("RUCHE_CARTE_URL", default="")
# Appointment reminders: J-<days before>@<Paris time>; sent by `manage.py envoyer_rappels`.
RAPPELS_RENDEZ_VOUS = env.list("RAPPELS_RENDEZ_VOUS", default=["J-2@09:00", "J-0@08:00"])
# Text messages: a class with send(to, text). The console backend only logs them.
SMS_BACKEND = env("SMS_BACKEND", default="ruche.sms.ConsoleBackend")
# The secret the provider gives when it reports delivery at /sms/rapports/ (HTTP Basic
# password or Bearer token); empty: that address does not exist.
SMS_RAPPORTS_JETON = env("SMS_RAPPORTS_JETON", default="")
# Country calling codes text messages may go to: France and overseas France by default.
SMS_INDICATIFS = env.list(
    "SMS_INDICATIFS",
    default=["33", "262", "269", "590", "594", "596", "508", "681", "687", "689"],
)

# The pages' cache: each process's memory by default (one process, `make run`); with several
# gunicorn workers or machines, Valkey or Redis (rediscache://127.0.0.1:6379/0, or
# rediscache:///run/redis/redis-server.sock) behind a small tier in each process (ruche.cache).
CACHES = {
    "default": reglages_cache(
        env.cache_url("CACHE_URL", default="locmemcache://"),
        max_entrees=env.int("CACHE_MAX_ENTRIES", default=5000),
    )
}
# The limits below are counted in the database, shared by every web process.
# Public forms (booking, workshops): at most this many posts per address per fixed window.
LIMITE_FORMULAIRES = env.int("LIMITE_FORMULAIRES", default=30)
LIMITE_FORMULAIRES_SECONDES = env.int("LIMITE_FORMULAIRES_SECONDES", default=3600)
# Bookings (appointments and workshops) per day: per phone or e-mail, and per address.
LIMITE_RESERVATIONS_PAR_CONTACT = env.int("LIMITE_RESERVATIONS_PAR_CONTACT", default=3)
LIMITE_RESERVATIONS_PAR_ADRESSE = env.int("LIMITE_RESERVATIONS_PAR_ADRESSE", default=10)
# Password reset requests per hour: per address, and per account (the e-mail typed).
LIMITE_MOT_DE_PASSE_PAR_ADRESSE = env.int("LIMITE_MOT_DE_PASSE_PAR_ADRESSE", default=10)
LIMITE_MOT_DE_PASSE_PAR_COMPTE = env.int("LIMITE_MOT_DE_PASSE_PAR_COMPTE", default=3)
# Against robots: a form posted faster than this, or after this long, is asked again.
FORMULAIRE_DUREE_MIN_SECONDES = env.int("FORMULAIRE_DUREE_MIN_SECONDES", default=3)
FORMULAIRE_DUREE_MAX_SECONDES = env.int("FORMULAIRE_DUREE_MAX_SECONDES", default=4 * 3600)

LOG_LEVEL = env("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own console handler (DEBUG only) would print each of its lines a second time
    # beside the root one: its records go to the root handler alone.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
CSRF_FAILURE_VIEW = "ruche.views.csrf_failure"

# The API (/api/, passerelles): requests per minute per client address, without and with a
# key (counted in the database like the forms' limits); a keyed list's page size.
API_LIMITE_PAR_MINUTE = env.int("API_LIMITE_PAR_MINUTE", default=120)
API_LIMITE_CLE_PAR_MINUTE = env.int("API_LIMITE_CLE_PAR_MINUTE", default=600)
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 500

# Webhooks: each delivery is tried up to WEBHOOKS_TENTATIVES_MAX times, waiting 1, 2, 4…
# minutes (WEBHOOKS_DELAI_INITIAL_SECONDES doubled each time, at most
# WEBHOOKS_DELAI_MAX_SECONDES); an endpoint is paused (the staff told) after
# WEBHOOKS_ECHECS_AVANT_PAUSE failures in a row or a delivery that used every attempt.
WEBHOOKS_TENTATIVES_MAX = env.int("WEBHOOKS_TENTATIVES_MAX", default=15)
WEBHOOKS_DELAI_INITIAL_SECONDES = env.int("WEBHOOKS_DELAI_INITIAL_SECONDES", default=60)
WEBHOOKS_DELAI_MAX_SECONDES = env.int("WEBHOOKS_DELAI_MAX_SECONDES", default=3600)
WEBHOOKS_ECHECS_AVANT_PAUSE = env.int("WEBHOOKS_ECHECS_AVANT_PAUSE", default=30)
WEBHOOKS_DELAI_REPONSE_SECONDES = env.float("WEBHOOKS_DELAI_REPONSE_SECONDES", default=10)
# `manage.py relancer_webhooks` queues again a delivery due for this long whose trigger was lost.
WEBHOOKS_RELANCE_APRES_SECONDES = env.int("WEBHOOKS_RELANCE_APRES_SECONDES", default=120)
# The delivery log (no personal data) is kept this many days once a delivery is done.
WEBHOOKS_CONSERVATION_JOURS = env.int("WEBHOOKS_CONSERVATION_JOURS", default=90)
# After a secret's rotation the old one still signs for this many hours.
WEBHOOKS_ROTATION_HEURES = env.int("WEBHOOKS_ROTATION_HEURES", default=24)
# ProConnect login (OpenID Connect) for staff, volunteers and committee members: all three
# set, or none (then only the password login shows). The issuer's discovery document gives
# the endpoints. A login matches an existing account by e-mail; it creates none.
PROCONNECT_ISSUER = env("PROCONNECT_ISSUER", default="")
OIDC_RP_CLIENT_ID = env("PROCONNECT_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("PROCONNECT_CLIENT_SECRET", default="")
# An e-mail the provider gives without `email_verified` counts as verified (ProConnect's
# identity providers are the agents' administrations); `email_verified: false` never does.
PROCONNECT_EMAILS_VERIFIES = env.bool("PROCONNECT_EMAILS_VERIFIES", default=True)
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email given_name usual_name"
OIDC_CREATE_USER = False
# Kept in the session to log out at the provider too (its end_session_endpoint).
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.float("PROCONNECT_DELAI_SECONDES", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "proconnect:retour"
LOGIN_REDIRECT_URL_FAILURE = "login"

# Tests and try-outs only: lets http:// and loopback or private addresses receive webhooks.
# Off, an endpoint must be https:// and resolve to public addresses only (no SSRF).
WEBHOOKS_LOCAL_AUTORISE = env.bool("WEBHOOKS_LOCAL_AUTORISE", default=False)
