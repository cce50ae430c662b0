"""The one settings module of iwerk; every value comes from the environment (docs/configuration.md)."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from iwerk.core.env import env_bool, env_int, env_list, env_secret, env_str
from iwerk.core.kaart import tegelbron
from iwerk.core.validators import GEHEIM_MINIMUM, GEHEIM_TE_KORT

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("IWERK_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("IWERK_DEBUG", False)
DEMO_MODE = env_bool("IWERK_DEMO", False)
TESTING = "pytest" in sys.modules or env_bool("IWERK_TESTING", False)

_insecure_allowed = DEBUG or DEMO_MODE or TESTING
SECRET_KEY = env_secret("IWERK_SECRET_KEY")
if not SECRET_KEY:
    if not _insecure_allowed:
        raise ImproperlyConfigured(
            "IWERK_SECRET_KEY (or IWERK_SECRET_KEY_FILE) must be set when IWERK_DEBUG and IWERK_DEMO are off."
        )
    SECRET_KEY = "iwerk-insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "IWERK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if _insecure_allowed else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "IWERK_ALLOWED_HOSTS must be set when IWERK_DEBUG and IWERK_DEMO are off."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "iwerk.core",
    "iwerk.referentielijsten",
    "iwerk.catalogi",
    "iwerk.autorisaties",
    "iwerk.medewerkers",
    "iwerk.zaken",
    "iwerk.documenten",
    "iwerk.besluiten",
    "iwerk.notificaties",
    "iwerk.klantinteracties",
    "iwerk.berichten",
    "iwerk.basisregistraties",
    "iwerk.archief",
    "iwerk.migratie",
    "iwerk.werkverdeling",
    "iwerk.signaleringen",
    "iwerk.sjablonen",
    "iwerk.werkplek",
    "iwerk.portaal",
    "iwerk.incidenten",
    "iwerk.portfolio",
    "iwerk.sturing",
    "iwerk.demo",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "iwerk.core.apps.AxesConfig",  # django-axes under a Dutch name in functioneel beheer
]

MIDDLEWARE = [
    # Outermost: request rate and latency per endpoint for /metrics (iwerk.core.metrics).
    "iwerk.core.metrics.MetricsMiddleware",
    "iwerk.core.middleware.GenerationsPerRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, with the policy built once instead of on every response (iwerk.core.contentpolicy).
    "iwerk.core.contentpolicy.CSPMiddleware",
    "iwerk.core.middleware.PermissionsPolicyMiddleware",
    # API paths stop here: no sessions, CSRF, auth, OTP, messages or axes below (ADR 0004).
    "iwerk.core.middleware.ApiFastPathMiddleware",
    # Static files (admin CSS) straight from granian's process; no separate web server needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "iwerk.werkplek.middleware.IdleTimeoutMiddleware",
    # Last: turns a locked-out login attempt into the lockout page (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iwerk.urls"
WSGI_APPLICATION = "iwerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "iwerk.incidenten.context.signalen",
                "iwerk.werkplek.context.signalen",
            ],
        },
    },
]

# SQLite is the embedded default; PostgreSQL is a DATABASE_URL away.
_default_db = f"sqlite:///{DATA_DIR / 'iwerk.sqlite3'}"
if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=600)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One connection per server thread, kept: opening SQLite and running the PRAGMAs on every
    # request cost more than a whole zaak read (measured: 300 → see docs/performance.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("IWERK_DB_CONN_MAX_AGE", 600)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers continue while one writer commits; IMMEDIATE avoids
        # "database is locked" upgrades from read to write inside a transaction.
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # A connection the server closed (restart, failover) is replaced before a request uses it;
    # one whose socket shows nothing from the server skips the SELECT 1 (core.dbhealth).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Server-side binding lets psycopg prepare the statements a process repeats (every API
        # request runs the same few), so PostgreSQL stops parsing and planning them each time.
        DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env_bool(
            "IWERK_DB_SERVER_SIDE_BINDING", True
        )

# How long a migration waits for a table lock before it gives up (PostgreSQL; ADR 0022).
IWERK_MIGRATE_LOCK_TIMEOUT = env_str("IWERK_MIGRATE_LOCK_TIMEOUT", "5s") or ""

# A PostgreSQL streaming replica for the API's list and search reads (iwerk.core.replica).
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **dj_database_url.parse(env_str("DATABASE_REPLICA_URL", ""), conn_max_age=600),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["iwerk.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": env_str("IWERK_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env_str("IWERK_CACHE_LOCATION", "iwerk"),
    }
}

# --- Werkplek sign-in ------------------------------------------------------------------
# django-axes first: a locked-out account is refused before its password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "werkplek:inloggen"
LOGIN_REDIRECT_URL = "werkplek:werkvoorraad"
# Lockout after repeated failed sign-ins (password or TOTP code) of one account.
AXES_FAILURE_LIMIT = env_int("IWERK_LOGIN_MAX_POGINGEN", 5)
AXES_COOLOFF_TIME = env_int("IWERK_LOGIN_BLOKKADE_MINUTEN", 15) / 60  # hours
# Per account, not per address: the staff of a town hall share one public IP address, and an
# attacker gains nothing from rotating addresses against an account that is already locked.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "werkplek/geblokkeerd.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Sessions end after this many seconds without activity, and after a working day at most.
IWERK_WERKPLEK_INACTIEF = env_int("IWERK_WERKPLEK_INACTIEF", 30 * 60)
SESSION_COOKIE_AGE = env_int("IWERK_SESSIE_MAX", 10 * 3600)
SESSION_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = env_str("IWERK_TOTP_ISSUER", "iwerk")
# Largest file a case handler uploads through the werkplek (the API takes larger ones in parts).
IWERK_WERKPLEK_UPLOAD_MAX = env_int("IWERK_WERKPLEK_UPLOAD_MAX", 50 * 1024 * 1024)
# Days before a deadline that the werkvoorraad signals "nadert termijn".
IWERK_TERMIJN_SIGNAAL_DAGEN = env_int("IWERK_TERMIJN_SIGNAAL_DAGEN", 5)
# Optional single sign-on with the municipalities' identity provider (OpenID Connect through
# Authlib, iwerk.werkplek.sso; ADR 0018, 0036).
IWERK_OIDC_ENABLED = bool(env_str("IWERK_OIDC_CLIENT_ID", ""))
if IWERK_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("iwerk.werkplek.sso.WerkplekOIDCBackend")
OIDC_RP_CLIENT_ID = env_str("IWERK_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_secret("IWERK_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env_str("IWERK_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("IWERK_OIDC_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("IWERK_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("IWERK_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("IWERK_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("IWERK_OIDC_JWKS_ENDPOINT", "") or None
OIDC_OP_LOGOUT_ENDPOINT = env_str("IWERK_OIDC_LOGOUT_ENDPOINT", "")
LOGIN_REDIRECT_URL_FAILURE = "/werkplek/inloggen/?sso=mislukt"
IWERK_OIDC_USERNAME_CLAIM = env_str("IWERK_OIDC_USERNAME_CLAIM", "preferred_username")
IWERK_OIDC_PROVIDER_NAAM = env_str("IWERK_OIDC_PROVIDER_NAAM", "organisatie-account")

# --- Portaal ----------------------------------------------------------------------
# DigiD and eHerkenning through an OpenID Connect broker: per means its discovery URL, client
# and the claim that carries the BSN / KvK-nummer. Without them the demo (and the tests) use the
# local test identity provider at /testidp/, which refuses to answer outside demo mode.
IWERK_PORTAAL_OIDC = {
    middel: {
        "discovery": env_str(f"IWERK_{middel.upper()}_OIDC_DISCOVERY_URL", ""),
        "client_id": env_str(f"IWERK_{middel.upper()}_OIDC_CLIENT_ID", ""),
        "client_secret": env_secret(f"IWERK_{middel.upper()}_OIDC_CLIENT_SECRET"),
        "claim": env_str(f"IWERK_{middel.upper()}_OIDC_CLAIM", claim),
    }
    for middel, claim in (("digid", "bsn"), ("eherkenning", "kvk"))
}
IWERK_TESTIDP = DEMO_MODE or TESTING
# DigiD Machtigen and eHerkenning bewindvoering/ketenmachtiging: the claims in which the broker
# names the represented citizen's BSN, the representative's BSN (DigiD Machtigen), the services
# the authorisation covers (zaaktype identificaties, "*" for all) and its kind. A dotted name is
# a nested claim. Name and address come from the BRP/KvK, never from claims, unless
# IWERK_PORTAAL_PREFILL_UIT_CLAIMS is on (a gemeente without a register connection; ADR 0051).
IWERK_PORTAAL_MACHTIGEN_CLAIMS = {
    "vertegenwoordigde": env_str("IWERK_PORTAAL_CLAIM_VERTEGENWOORDIGDE", "aanvrager.bsn"),
    "gemachtigde": env_str("IWERK_PORTAAL_CLAIM_GEMACHTIGDE", "gemachtigde.bsn"),
    "diensten": env_str("IWERK_PORTAAL_CLAIM_DIENSTEN", "diensten"),
    "soort": env_str("IWERK_PORTAAL_CLAIM_MACHTIGING", "machtiging"),
}
IWERK_PORTAAL_PREFILL_UIT_CLAIMS = env_bool("IWERK_PORTAAL_PREFILL_UIT_CLAIMS", False)

# --- Basisregistraties (issue 27, ADR 0049) ---------------------------------------------
# The installation's default connection to the BRP (Haal Centraal BRP Personen bevragen), the BAG
# (Individuele Bevragingen v2) and the Handelsregister (KvK zoeken/basisprofielen); a gemeente
# with its own supplier has a Registerkoppeling in beheer instead. The demo starts local test
# doubles that speak the official contracts (`iwerk registerdubbels`, port IWERK_PORT + 1); the
# tests start them on a free port of their own. Empty: the register is not connected, and a
# lookup says so (the user goes on with typed data, marked as not checked).
IWERK_REGISTERDUBBELS_PORT = env_int("IWERK_REGISTERDUBBELS_PORT", env_int("IWERK_PORT", 8000) + 1)
_DUBBELS = f"http://127.0.0.1:{IWERK_REGISTERDUBBELS_PORT}"
IWERK_BRP_URL = env_str("IWERK_BRP_URL", f"{_DUBBELS}/haalcentraal/api/brp" if DEMO_MODE else "")
IWERK_BAG_URL = env_str(
    "IWERK_BAG_URL", f"{_DUBBELS}/lvbag/individuelebevragingen/v2" if DEMO_MODE else ""
)
IWERK_KVK_URL = env_str("IWERK_KVK_URL", f"{_DUBBELS}/kvk" if DEMO_MODE else "")
IWERK_BRP_SLEUTEL = env_secret("IWERK_BRP_SLEUTEL") or ""
IWERK_BAG_SLEUTEL = env_secret("IWERK_BAG_SLEUTEL") or ""
IWERK_KVK_SLEUTEL = env_secret("IWERK_KVK_SLEUTEL") or ""
IWERK_BRP_OIN = env_str("IWERK_BRP_OIN", "")
# BAG answers are public data and change rarely: cached this many seconds (0: not cached). BRP
# and KvK answers are never cached: every lookup is asked and logged (ADR 0049).
IWERK_BAG_CACHE = env_int("IWERK_BAG_CACHE", 24 * 3600)
# Citizens are signed out after this many seconds without activity (the DigiD norm is 15 min).
IWERK_PORTAAL_INACTIEF = env_int("IWERK_PORTAAL_INACTIEF", 15 * 60)
# Drafts (concepten) are kept this many days after their last change.
IWERK_PORTAAL_CONCEPT_DAGEN = env_int("IWERK_PORTAAL_CONCEPT_DAGEN", 30)
# Map tiles for the place of a melding: an XYZ URL template and its attribution. Production
# defaults to PDOK's BRT-Achtergrondkaart (Kadaster; open data, no key; OSM's own tile server
# has a usage policy that rules out a gemeente's production use);
# the demo and the tests have no internet, so no map there unless configured. "uit": no map.
_PDOK_TEGELS = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
IWERK_KAART_TEGELS = env_str("IWERK_KAART_TEGELS", "" if DEMO_MODE or TESTING else _PDOK_TEGELS)
IWERK_KAART_TEGELS = "" if IWERK_KAART_TEGELS == "uit" else IWERK_KAART_TEGELS
IWERK_KAART_BRONVERMELDING = env_str(
    "IWERK_KAART_BRONVERMELDING",
    "Kaartgegevens © Kadaster" if IWERK_KAART_TEGELS == _PDOK_TEGELS else "",
)
if IWERK_KAART_TEGELS:
    tegelbron(IWERK_KAART_TEGELS)  # refuses a URL that is no tile template, at startup

# Mail to citizens (confirmations, status updates). The demo (and DEBUG) write the messages to
# text files in EMAIL_FILE_PATH (RFC 822, a file per sending connection), the mailbox a tester
# opens, instead of printing them in the middle of the console output.
EMAIL_BACKEND = env_str(
    "IWERK_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEMO_MODE or DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("IWERK_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = env_str("IWERK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("IWERK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("IWERK_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("IWERK_EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("IWERK_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("IWERK_EMAIL_TIMEOUT", 10)  # Django's default waits forever on the server
DEFAULT_FROM_EMAIL = env_str("IWERK_EMAIL_FROM", "iwerk <noreply@iwerk.invalid>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "iwerk.core.validators.NederlandsVeelgebruiktWachtwoordValidator"},
]

LANGUAGE_CODE = "nl"
# Dutch for the texts of Django and django-axes that lack a Dutch translation (admin, lockout).
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("IWERK_STATIC_ROOT", str(DATA_DIR / "static")))
# whitenoise expects the folder even before collectstatic; a read-only image has it already.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Leaflet for the map of a melding openbare ruimte, from the files django-leaflet ships. Not as
# an installed app: that would pull in GeoDjango (GDAL), which iwerk does not need.
STATICFILES_DIRS = [
    (
        "leaflet",
        Path(importlib.util.find_spec("leaflet").submodule_search_locations[0])
        / "static"
        / "leaflet",
    )
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Document content: outside the web root, uuid-named (iwerk.documenten.content).
    "documenten": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env_str("IWERK_DOCUMENT_ROOT", str(DATA_DIR / "documenten")),
            "directory_permissions_mode": 0o750,
            "file_permissions_mode": 0o640,
        },
    },
}
if env_str("IWERK_DOCUMENT_STORAGE", "local") == "s3":
    # Any S3-compatible object store (MinIO, Ceph, AWS) through django-storages: pip install iwerk[s3].
    STORAGES["documenten"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("IWERK_S3_BUCKET", "iwerk-documenten"),
            "endpoint_url": env_str("IWERK_S3_ENDPOINT_URL", "") or None,
            "access_key": env_secret("IWERK_S3_ACCESS_KEY"),
            "secret_key": env_secret("IWERK_S3_SECRET_KEY"),
            "region_name": env_str("IWERK_S3_REGION", "") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Content no version refers to any more stays this long before the worker removes it: a backup
# (iwerk backup) that takes less time always finds what its database snapshot refers to.
IWERK_DOCUMENT_OPRUIMEN_NA = env_int("IWERK_DOCUMENT_OPRUIMEN_NA", 24 * 3600)
# Staging files of an upload or merge not written to for this long are orphans of a killed
# process; the worker removes them (iwerk.documenten.content.remove_staging).
IWERK_STAGING_OPRUIMEN_NA = env_int("IWERK_STAGING_OPRUIMEN_NA", 24 * 3600)
# Where pg_dump and pg_restore of the server's major version are (iwerk backup/restore); else PATH.
IWERK_PG_BIN = env_str("IWERK_PG_BIN", "") or ""
# Content above this size is uploaded in bestandsdelen of this size (Documenten API, large files).
IWERK_DOCUMENT_PART_SIZE = env_int("IWERK_DOCUMENT_PART_SIZE", 16 * 1024 * 1024)
# Largest document accepted at all, and largest JSON body of a document write (base64 inhoud).
IWERK_DOCUMENT_MAX_SIZE = env_int("IWERK_DOCUMENT_MAX_SIZE", 4 * 1024 * 1024 * 1024)
IWERK_DOCUMENT_MAX_BODY = env_int("IWERK_DOCUMENT_MAX_BODY", 64 * 1024 * 1024)

# Bodies above this size are refused with 413 before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("IWERK_MAX_BODY_SIZE", 1024 * 1024)

# Content-Security-Policy (django-csp): only this installation's own scripts and styles (a
# per-response nonce for the few <style> blocks), no framing. The tile server of the map
# (IWERK_KAART_TEGELS) is added by the pages that show the map, not to every page.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [
            SELF,
            "data:",
            *env_list("IWERK_CSP_IMG_SRC", []),
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],  # document previews in the werkplek
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# HTTPS only, for a year, once served in production (behind TLS).
SECURE_HSTS_SECONDS = 0 if _insecure_allowed else env_int("IWERK_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_SSL_REDIRECT = env_bool("IWERK_SSL_REDIRECT", False)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
# Flash messages in the session, not in a separate cookie that scripts could read.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not _insecure_allowed
CSRF_COOKIE_SECURE = not _insecure_allowed
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("IWERK_BEHIND_PROXY", False) else None
)
USE_X_FORWARDED_HOST = env_bool("IWERK_BEHIND_PROXY", False)

# --- ZGW API settings -------------------------------------------------------------
# Tokens older than this (measured from iat) are refused; leeway absorbs clock drift.
IWERK_JWT_EXPIRY = env_int("IWERK_JWT_EXPIRY", 3600)
IWERK_JWT_LEEWAY = env_int("IWERK_JWT_LEEWAY", 300)
# Inzage rows of API reads commit asynchronously on PostgreSQL (ADR 0040): a database crash can
# lose the last <= 3 x wal_writer_delay of them. True commits each one synchronously (one WAL
# flush per read) for installations that accept no such window.
IWERK_INZAGE_SYNCHROON = env_bool("IWERK_INZAGE_SYNCHROON", False)
IWERK_PAGE_SIZE = env_int("IWERK_PAGE_SIZE", 100)
# Where the Selectielijst/Referentielijsten API lives; empty means the local copy at
# /referentielijsten/api/v1/ served by this installation.
IWERK_REFERENTIELIJSTEN_URL = env_str("IWERK_REFERENTIELIJSTEN_URL", "") or ""
# Extra host names under which this installation's own API URLs are recognised.
IWERK_API_HOSTS = env_list("IWERK_API_HOSTS", [])
IWERK_ALLOW_EXTERNAL_REGISTERS = env_bool("IWERK_ALLOW_EXTERNAL_REGISTERS", False)
# Delivery of notifications: timeout per attempt, attempts before parking, first backoff (s).
IWERK_NOTIFICATIES_TIMEOUT = env_int("IWERK_NOTIFICATIES_TIMEOUT", 10)
IWERK_NOTIFICATIES_MAX_POGINGEN = env_int("IWERK_NOTIFICATIES_MAX_POGINGEN", 8)
IWERK_NOTIFICATIES_BACKOFF = env_int("IWERK_NOTIFICATIES_BACKOFF", 2)
# Berichten to citizens on their own channel: e-mail, sms and Mijn zaken (ADR 0053). E-mail over
# Django's mail (EMAIL_BACKEND: SMTP, the demo's mailbox files) or the embedded test provider
# ("test": the messages are shown in beheer); sms
# through NotifyNL when its URL is set, else the test provider. Attempts before parking, first
# backoff (s), and how long a claimed message is left to its worker before it is looked up.
IWERK_BERICHTEN_EMAIL = env_str("IWERK_BERICHTEN_EMAIL", "smtp") or "smtp"
IWERK_NOTIFYNL_URL = env_str("IWERK_NOTIFYNL_URL", "") or ""
IWERK_NOTIFYNL_API_KEY = env_secret("IWERK_NOTIFYNL_API_KEY") or ""
IWERK_NOTIFYNL_SMS_TEMPLATE = env_str("IWERK_NOTIFYNL_SMS_TEMPLATE", "") or ""
IWERK_NOTIFYNL_TIMEOUT = env_int("IWERK_NOTIFYNL_TIMEOUT", 10)
IWERK_BERICHTEN_SMS = (
    env_str("IWERK_BERICHTEN_SMS", "notifynl" if IWERK_NOTIFYNL_URL else "test") or "test"
)
IWERK_BERICHTEN_MAX_POGINGEN = env_int("IWERK_BERICHTEN_MAX_POGINGEN", 6)
IWERK_BERICHTEN_BACKOFF = env_int("IWERK_BERICHTEN_BACKOFF", 30)
IWERK_BERICHTEN_LEASE = env_int("IWERK_BERICHTEN_LEASE", 300)
# Serve local abonnementen, and/or forward every notification to an external Notificaties API
# (its API root, e.g. https://notificaties.example.nl/api/v1) with a ZGW JWT of this client.
IWERK_NOTIFICATIES_LOKAAL = env_bool("IWERK_NOTIFICATIES_LOKAAL", True)
IWERK_NOTIFICATIES_DOORSTUREN = env_str("IWERK_NOTIFICATIES_DOORSTUREN", "") or ""
IWERK_NOTIFICATIES_DOORSTUREN_CLIENT_ID = (
    env_str("IWERK_NOTIFICATIES_DOORSTUREN_CLIENT_ID", "iwerk") or ""
)
IWERK_NOTIFICATIES_DOORSTUREN_SECRET = env_secret("IWERK_NOTIFICATIES_DOORSTUREN_SECRET")
# Seconds a worker holds the deliveries it claimed; after a crash they go to another worker.
IWERK_NOTIFICATIES_LEASE = env_int("IWERK_NOTIFICATIES_LEASE", 60)
# The public address of this installation: notifications (sent outside any request) carry it.
IWERK_BASE_URL = (
    env_str(
        "IWERK_BASE_URL",
        "http://testserver" if TESTING else f"http://127.0.0.1:{env_int('IWERK_PORT', 8000)}",
    )
    or ""
).rstrip("/")
# Seconds to wait for another server (connect, and each read): another register when validating a
# URL to it, a subscriber's callback check, the OIDC brokers of portaal and werkplek (ADR 0031).
IWERK_EXTERNAL_TIMEOUT = env_int("IWERK_EXTERNAL_TIMEOUT", 5)
OIDC_TIMEOUT = IWERK_EXTERNAL_TIMEOUT  # werkplek SSO (Authlib's default_timeout)
IWERK_ACTOR_RESOLVER = "iwerk.autorisaties.selectors.resolve_actor"
# The table of domain events and their consumers, loaded at startup (core.gebeurtenissen, ADR 0037).
IWERK_VERBINDINGEN = "iwerk.verbindingen.verbind_alles"
IWERK_DEMO_SECRET = env_secret("IWERK_DEMO_SECRET")
if IWERK_DEMO_SECRET is not None and len(IWERK_DEMO_SECRET) < GEHEIM_MINIMUM:
    # The same rule as every JWT secret (core.validators.check_secret): also the test IdP's.
    raise ImproperlyConfigured(f"IWERK_DEMO_SECRET: {GEHEIM_TE_KORT}")
IWERK_DEMO_ZAKEN_PER_ZAAKTYPE = env_int("IWERK_DEMO_ZAKEN_PER_ZAAKTYPE", 150)

# IWERK_LOG_FORMAT=json: one JSON object per line (time, level, logger, message and any extra
# fields), for a log collector; the default is plain text for people.
IWERK_LOG_FORMAT = env_str("IWERK_LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if IWERK_LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("IWERK_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Scrapes of /metrics need this bearer token; without one only the loopback address may scrape.
IWERK_METRICS_TOKEN = env_secret("IWERK_METRICS_TOKEN")

# Rate limits (per client address, see iwerk.core.ratelimit): posts to the public portaal, and
# failed API authentications before an address is refused for the rest of the minute.
# (The test run posts far faster than any person; tests of the limits set their own.)
IWERK_PORTAAL_RATELIMIT = env_str("IWERK_PORTAAL_RATELIMIT", "100000/m" if TESTING else "60/m")
IWERK_API_AUTH_RATELIMIT = env_str("IWERK_API_AUTH_RATELIMIT", "100000/m" if TESTING else "30/m")
IWERK_BEHIND_PROXY = env_bool("IWERK_BEHIND_PROXY", False)
RATELIMIT_USE_CACHE = "default"

# Virus scanning of every upload by a ClamAV daemon: unix:///run/clamav/clamd.ctl or
# tcp://clamav:3310. Configured but unreachable: uploads are refused. "uit": no scanning, on
# purpose. Empty: no scanning — allowed in the demo only (production refuses to start, ADR 0031).
IWERK_CLAMAV = env_str("IWERK_CLAMAV", "") or ""
IWERK_CLAMAV_TIMEOUT = env_int("IWERK_CLAMAV_TIMEOUT", 30)

# The audit chain (ADR 0032). Keys: "id:key" pairs (comma or newline separated, or a file through
# IWERK_AUDIT_SLEUTELS_FILE); the first seals, the others verify what they sealed (rotation).
# Required in production; empty elsewhere: a key derived from SECRET_KEY. The signed chain head is
# written to the log and to a file in IWERK_AUDIT_ANKER_MAP every IWERK_AUDIT_ANKER_INTERVAL s.
IWERK_AUDIT_SLEUTELS = env_secret("IWERK_AUDIT_SLEUTELS") or ""
IWERK_AUDIT_ANKER_MAP = env_str(
    "IWERK_AUDIT_ANKER_MAP",
    str(
        Path(tempfile.gettempdir()) / f"iwerk-test-auditanker-{os.getpid()}"
        if TESTING
        else DATA_DIR / "auditanker"
    ),
)
IWERK_AUDIT_ANKER_INTERVAL = env_int("IWERK_AUDIT_ANKER_INTERVAL", 60)

# --- Informatieveiligheid -------------------------------------------------------------
# Hours after the discovery of a (possible) datalek at which the FG and CISO of each gemeente
# concerned are reminded, while it is neither reported to the AP nor waived (72-hour duty).
IWERK_DATALEK_ESCALATIES = [
    int(h) for h in env_list("IWERK_DATALEK_ESCALATIES", ["24", "48", "60"])
]

if not _insecure_allowed:
    from iwerk.core.productie import controleer

    controleer(globals())
