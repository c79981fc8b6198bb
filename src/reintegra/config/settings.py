"""Settings for Reintegra, read from the environment in one place.

Every value can be set with an environment variable; secrets can also come from a file named by
the variable with a ``_FILE`` suffix (for container secrets).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/reintegra
PROJECT_DIR = BASE_DIR.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """Return an environment value, or the content of the file named by ``NAME_FILE``."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DATA_DIR = Path(env("REINTEGRA_DATA_DIR", str(PROJECT_DIR / "var")) or "var")
DEBUG = env_bool("REINTEGRA_DEBUG", False)
DEMO_MODE = env_bool("REINTEGRA_DEMO", False)

_secret = env("REINTEGRA_SECRET_KEY")
if not _secret:
    # A random key per data directory: never committed, stable across restarts of the same install.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        _secret = key_file.read_text(encoding="utf-8").strip()
    else:
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        _secret = secrets.token_urlsafe(50)
        key_file.write_text(_secret, encoding="utf-8")
        key_file.chmod(0o600)
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("REINTEGRA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("REINTEGRA_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reintegra.core",
    "reintegra.accounts",
    "reintegra.audit",
    "reintegra.people",
    "reintegra.justice",
    "reintegra.assessments",
    "reintegra.custody",
    "reintegra.programmes",
    "reintegra.planning",
    "reintegra.partners",
    "reintegra.supervision",
    "reintegra.community",
    "reintegra.reentry",
    "reintegra.analytics",
    "reintegra.privacy",
    "reintegra.synth",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reintegra.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "reintegra.core.middleware.LoginRequiredMiddleware",
    "reintegra.core.middleware.AccessDeniedMiddleware",
    "reintegra.core.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "reintegra.config.urls"
WSGI_APPLICATION = "reintegra.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reintegra.core.context_processors.site",
            ],
        },
    },
]

SQLITE_PATH = DATA_DIR / "reintegra.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}") or "", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE avoids lock upgrades mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["reintegra.accounts.authentication.LockoutModelBackend"]
# Failed log-ins before an account is locked, and for how long.
REINTEGRA_LOGIN_MAX_FAILURES = int(env("REINTEGRA_LOGIN_MAX_FAILURES", "5") or 5)
REINTEGRA_LOGIN_LOCK_MINUTES = int(env("REINTEGRA_LOGIN_LOCK_MINUTES", "15") or 15)
# Staff need two-factor authentication; only the demo turns it off.
REINTEGRA_REQUIRE_2FA = not DEMO_MODE
ADMINS = [tuple(item.split(":", 1)) for item in env_list("REINTEGRA_ADMINS", "") if ":" in item]
EMAIL_BACKEND = env("REINTEGRA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Designed for the six UN official languages (Arabic is right to left: base.html then loads
# Bootstrap's RTL stylesheet). Add ("ar", _("Arabic")), ("fr", _("French")), ("ru", _("Russian")),
# ("zh-hans", _("Simplified Chinese")) here once their catalogues in locale/ are complete.
TIME_ZONE = env("REINTEGRA_TIME_ZONE", "UTC") or "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_AGE = int(env("REINTEGRA_SESSION_SECONDS", "1800") or 1800)
SESSION_SAVE_EVERY_REQUEST = True  # expiry counts from the last request: inactivity timeout
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("REINTEGRA_SECURE_COOKIES", not DEBUG and not DEMO_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Bootstrap names the error colour "danger".
MESSAGE_TAGS = {10: "secondary", 40: "danger"}  # messages.DEBUG, messages.ERROR

# The module core asks "may this user do that?" (core cannot import accounts; see core/access.py).
REINTEGRA_ACCESS_POLICY = "reintegra.accounts.policy"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "reintegra.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "reintegra.accounts.authentication.TokenScopePermission",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "reintegra.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reintegra API",
    "DESCRIPTION": "Rehabilitation and reintegration records: people, justice spans, key dates.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API description and its documentation pages are for logged-in users, like everything else.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" field with different choices: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "CustodyKindEnum": "reintegra.justice.choices.CustodyKind",
        "DispositionKindEnum": "reintegra.justice.choices.DispositionKind",
        "SupervisionKindEnum": "reintegra.justice.choices.SupervisionKind",
        "ReferralStatusEnum": "reintegra.partners.choices.ReferralStatus",
    },
}

# Key-date rules: which shipped (or local) rule set computes release and parole dates.
REINTEGRA_KEY_DATE_RULES = env("REINTEGRA_KEY_DATE_RULES", "england-wales") or "england-wales"
# Assessment instruments: folders of extra definition files (os.pathsep-separated), after the shipped ones.
REINTEGRA_INSTRUMENT_DIRS = [p for p in (env("REINTEGRA_INSTRUMENT_DIRS", "") or "").split(os.pathsep) if p.strip()]
# Reassessment: months until the next assessment by final band (JSON, e.g. '{"low":12,"moderate":9,"high":6,
# "very_high":6}', or per instrument '{"reintegra-needs":{"low":12}}'), overriding each instrument's own
# table; and the days after an admission, release or other trigger event within which one is due.
try:
    REINTEGRA_REASSESSMENT_MONTHS = json.loads(env("REINTEGRA_REASSESSMENT_MONTHS", "") or "{}")
    REINTEGRA_REASSESSMENT_EVENT_DAYS = int(env("REINTEGRA_REASSESSMENT_EVENT_DAYS", "28") or 28)
except ValueError as exc:  # say which variable is wrong instead of a bare parse error at start-up
    raise ImproperlyConfigured(
        "REINTEGRA_REASSESSMENT_MONTHS must be JSON such as {\"low\": 12, \"high\": 6} and "
        f"REINTEGRA_REASSESSMENT_EVENT_DAYS a whole number of days ({exc})"
    ) from exc
if not isinstance(REINTEGRA_REASSESSMENT_MONTHS, dict):
    raise ImproperlyConfigured("REINTEGRA_REASSESSMENT_MONTHS must be a JSON object such as {\"low\": 12}")
# Programme waiting lists: priority = 100 x (risk x band position + release x nearness of release).
# JSON such as '{"risk": 0.8, "release": 0.2, "release_horizon_days": 730}' (the defaults; docs/programmes.md).
try:
    REINTEGRA_WAITING_LIST_WEIGHTS = json.loads(env("REINTEGRA_WAITING_LIST_WEIGHTS", "") or "{}")
except ValueError as exc:
    raise ImproperlyConfigured(
        "REINTEGRA_WAITING_LIST_WEIGHTS must be JSON such as {\"risk\": 0.6, \"release\": 0.4} " f"({exc})"
    ) from exc
# Case plans, allocation, supervision and release preparation: JSON in the environment, checked (with a
# message naming the setting) by the module that reads it. Unset: the defaults in docs/plan-matching.md,
# docs/case-plans.md, docs/facilities.md, docs/supervision.md and docs/release-preparation.md.
for _name in (
    "REINTEGRA_DOSAGE_GUIDANCE", "REINTEGRA_PLAN_REVIEW_DAYS", "REINTEGRA_ALLOCATION_WEIGHTS",
    "REINTEGRA_SUPERVISION_LEVELS", "REINTEGRA_CONTACT_STANDARDS", "REINTEGRA_GRADUATED_RESPONSES",
    "REINTEGRA_ELIGIBILITY_RULES", "REINTEGRA_RELEASE_COUNTDOWN_WEEKS",
):
    if env(_name, ""):
        try:
            globals()[_name] = json.loads(env(_name, ""))
        except ValueError as exc:
            raise ImproperlyConfigured(f"{_name} must be JSON, e.g. as in the documentation ({exc})") from exc
del _name
# Family notifications of a release: the sender class (dotted path) and, for the default file sender,
# the folder it writes messages to (docs/release-preparation.md).
REINTEGRA_NOTIFICATION_SENDER = env("REINTEGRA_NOTIFICATION_SENDER", "reintegra.reentry.senders.FileSender")
REINTEGRA_NOTIFICATION_DIR = Path(env("REINTEGRA_NOTIFICATION_DIR", str(DATA_DIR / "notifications")))
# Real public data for validation tests and benchmarks (not shipped in the repository).
REINTEGRA_VALIDATION_DATA = Path(
    env("REINTEGRA_VALIDATION_DATA", str(PROJECT_DIR.parent / "shared" / "data")) or ""
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Log lines name records by id only, never by personal data.
    "root": {"handlers": ["console"], "level": env("REINTEGRA_LOG_LEVEL", "INFO") or "INFO"},
}
