"""GreenGate settings: one module, every deployment choice read from the environment.

Defaults are the embedded one-machine set-up (SQLite under var/, a filesystem Celery broker,
console email). Production follows from DEBUG being off: secure cookies, HSTS, SSL redirect.
See README.md, "Settings", for every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("GREENGATE_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-greengate-development-only-key")
else:
    # No default: a production process must be given its own key.
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable (DEBUG is off).")

ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "django_countries",
    "core",
    "suppliers",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.security.RejectNulCharactersMiddleware",
    "core.security.DatabaseUnavailableMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout signal into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "suppliers.context_processors.navigation",
                "assessments.notifications.context_processors.notifications",
            ],
        },
    },
]
FORM_RENDERER = "config.forms.FormRenderer"

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A health check costs every request one more round trip to the database (about a tenth of
# an answer save's time on a busy machine). Without it, a connection that died with a database
# restart fails one request per process, which gets the 503 "not saved, try again" answer
# (DatabaseUnavailableMiddleware) and keeps what was typed; the next request reconnects.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web and worker processes write at once: WAL lets readers go on during a write, IMMEDIATE
    # takes the write lock at BEGIN (a deferred read-then-write cannot upgrade its lock and
    # fails at once), and the timeout makes a writer wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not :memory:, so that real worker processes in integration tests share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (login throttling and API throttles need one shared by every process) ----------
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}

# --- Authentication -----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id at OWASP's recommended minimum (19 MiB, two passes, one lane): about 20 ms of CPU
# per login instead of the 200 ms of Django's PBKDF2 default, which let a burst of logins
# starve every other request on a small machine. PBKDF2 stays second, so existing hashes still
# verify and are upgraded to Argon2id at their next login; so is any hash made with other
# Argon2 parameters when these settings change.
ARGON2_MEMORY_KIB = env.int("ARGON2_MEMORY_KIB", default=19456)
ARGON2_TIME_COST = env.int("ARGON2_TIME_COST", default=2)
ARGON2_PARALLELISM = env.int("ARGON2_PARALLELISM", default=1)
PASSWORD_HASHERS = [
    "config.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client's address for the lockout and every rate limit: see TRUSTED_PROXY_COUNT.
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"

# How many reverse proxies that append to X-Forwarded-For stand in front of the app (the
# README's production set-up has one). 0: the address is REMOTE_ADDR and the header is ignored,
# since a client can send any X-Forwarded-For. Wrong in either direction it hurts: too low and
# everyone shares the proxy's address (one lockout locks out all), too high and a client
# chooses its own address (and dodges the lockout).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# API tokens (django-rest-knox): stored as SHA-512 digests, valid for this long, and revoked on
# logout, password change or reset, and deactivation (core/authentication.py).
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=24 * 30)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_TTL_HOURS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

# Password reset emails: at most this many per address and per client address (a DRF rate,
# counted in the cache, so CACHE_URL must be shared by every process).
PASSWORD_RESET_RATE_PER_ADDRESS = env.str("PASSWORD_RESET_RATE_PER_ADDRESS", default="3/hour")
PASSWORD_RESET_RATE_PER_CLIENT = env.str("PASSWORD_RESET_RATE_PER_CLIENT", default="10/hour")

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
# Our amendments to Django's formats of a language (config/formats/<locale>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private: uploaded workbooks and evidence are never served from a URL of their own.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email --------------------------------------------------------------------------------
vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="GreenGate <greengate@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (follows from DEBUG being off) ----------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README, "At scale").
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Everything is vendored under static/, so no script or style comes from elsewhere and no
# inline script is needed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        # The review workbench frames evidence PDFs served by this site (evidence_view).
        "frame-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.IsStaffMember"],
    # DRF's JSON parser with a nesting bound and no lone surrogates (a 400, not a 500).
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # The throttles above find the client as the lockout does (core/clients.py); this makes any
    # other DRF throttle agree (None would trust any X-Forwarded-For a client sends).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_CLASSES": [
        "core.clients.AnonRateThrottle",
        "core.clients.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="3000/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GreenGate API",
    "DESCRIPTION": "Supplier ESG compliance assessment: supplier registry and imports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SupplierStatusEnum": "suppliers.models.Supplier.Status",
        "SupplierImportStatusEnum": "suppliers.models.SupplierImport.Status",
        "QuestionnaireVersionStatusEnum": "assessments.models.QuestionnaireVersion.Status",
        "CampaignStatusEnum": "assessments.models.Campaign.Status",
        "AssessmentStatusEnum": "assessments.models.Assessment.Status",
        "AnswerReviewStatusEnum": "assessments.models.Answer.ReviewStatus",
        "EvidenceReviewStatusEnum": "assessments.models.EvidenceDocument.ReviewStatus",
        "SpendImportStatusEnum": "assessments.spend.models.SpendImport.Status",
    },
}

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker: messages are files under var/, no server needed.
    _queue_dir = Path(env.str("CELERY_FILESYSTEM_DIR", default=str(VAR_DIR / "celery")))
    (_queue_dir / "queue").mkdir(parents=True, exist_ok=True)
    (_queue_dir / "processed").mkdir(parents=True, exist_ok=True)
    (_queue_dir / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Exchange bindings; the default is a folder "control" in the working directory.
        "control_folder": str(_queue_dir / "control"),
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        "store_processed": False,
    }
else:
    # Longer than the longest job, or Redis re-delivers a running task to a second worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * 60 * 60}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="greengate")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 30 * 60
CELERY_TASK_TIME_LIMIT = 35 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "assessment-reminders": {
        "task": "assessments.tasks.reminders_send_task",
        "schedule": 60 * 60,  # hourly; each reminder is sent once (see SentReminder)
    },
    "document-expiry-reminders": {
        "task": "assessments.tasks.document_expiry_reminders_task",
        "schedule": 6 * 60 * 60,  # by date; each reminder is sent once (notification keys)
    },
    "green-label-review": {
        "task": "assessments.tasks.labels_review_task",
        "schedule": 6 * 60 * 60,  # expiry is by date; running more often than daily is harmless
    },
    "purge-old-import-files": {
        "task": "suppliers.tasks.supplier_imports_purge_files_task",
        "schedule": 24 * 60 * 60,
    },
    "recover-stalled-imports": {
        "task": "suppliers.tasks.supplier_imports_recover_task",
        "schedule": 5 * 60,
    },
    "recover-stalled-exports": {
        "task": "assessments.tasks.exports_recover_task",
        "schedule": 5 * 60,
    },
    "purge-expired-exports": {
        "task": "assessments.tasks.exports_purge_task",
        "schedule": 6 * 60 * 60,
    },
    "recover-stalled-spend-imports": {
        "task": "assessments.tasks.spend_imports_recover_task",
        "schedule": 5 * 60,
    },
}

# --- GreenGate ----------------------------------------------------------------------------
# Supplier bulk import: the 50,000-row cap is part of the product contract.
SUPPLIER_IMPORT_MAX_ROWS = env.int("SUPPLIER_IMPORT_MAX_ROWS", default=50_000)
# What an imported workbook (suppliers, questionnaire definitions) may unpack to, checked on the
# zip's directory before any parser opens it: a 3.6 MB file of shared strings unpacked to 1.6 GB.
# A 50,000-row supplier file written by openpyxl unpacks to 29 MB, compressed 15 to 1.
IMPORT_ARCHIVE_MAX_BYTES = env.int("IMPORT_ARCHIVE_MAX_BYTES", default=50 * 1024 * 1024)
IMPORT_ARCHIVE_MAX_ENTRY_BYTES = env.int("IMPORT_ARCHIVE_MAX_ENTRY_BYTES", default=40 * 1024 * 1024)
IMPORT_ARCHIVE_MAX_ENTRIES = env.int("IMPORT_ARCHIVE_MAX_ENTRIES", default=200)
IMPORT_ARCHIVE_MAX_RATIO = env.int("IMPORT_ARCHIVE_MAX_RATIO", default=200)
# Cells per row an import reads (the supplier template has 8 columns, a definition sheet 25).
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=50)
# The definition import runs in the web request, so its workbook is bounded tighter: the default
# questionnaire (125 questions, 348 choices) unpacks to 0.3 MB.
DEFINITION_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "DEFINITION_IMPORT_MAX_UNPACKED_BYTES", default=5 * 1024 * 1024
)
DEFINITION_IMPORT_MAX_ROWS = env.int("DEFINITION_IMPORT_MAX_ROWS", default=5000)
SUPPLIER_IMPORT_MAX_BYTES = env.int("SUPPLIER_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
SUPPLIER_IMPORT_RETENTION_DAYS = env.int("SUPPLIER_IMPORT_RETENTION_DAYS", default=30)
# An import with no progress for this long lost its worker: run again, at most this many times.
SUPPLIER_IMPORT_STALE_SECONDS = env.int("SUPPLIER_IMPORT_STALE_SECONDS", default=600)
SUPPLIER_IMPORT_MAX_ATTEMPTS = env.int("SUPPLIER_IMPORT_MAX_ATTEMPTS", default=3)
SUPPLIER_LIST_PAGE_SIZE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Campaigns and the supplier portal (defaults documented in README.md, "Settings").
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# Current documents per answer (removed ones do not count): enough for a year of monthly
# invoices and their permit, and a bound on what one answer can take.
EVIDENCE_MAX_PER_ANSWER = env.int("EVIDENCE_MAX_PER_ANSWER", default=20)
REMINDER_DAYS_BEFORE_DUE = env.list("REMINDER_DAYS_BEFORE_DUE", cast=int, default=[7, 1])
REMINDER_DAYS_AFTER_DUE = env.list("REMINDER_DAYS_AFTER_DUE", cast=int, default=[1, 7])
# Every link in an email is built from SITE_URL (`make run` sets it from HOST and PORT).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# An open corrective action due within this many days is told to the supplier, once per due date.
ACTION_DUE_SOON_DAYS = env.int("ACTION_DUE_SOON_DAYS", default=7)
# Days before a permit's or certificate's `valid_until` that its supplier is reminded, once per
# document and threshold (only the nearest threshold: a document found 7 days before is told
# once, as the 14-day one). The longest also marks a document "expiring soon" for reviewers.
GREENGATE_DOCUMENT_EXPIRY_REMINDER_DAYS = env.list(
    "GREENGATE_DOCUMENT_EXPIRY_REMINDER_DAYS", cast=int, default=[60, 14]
)

# Audit workbook exports (defaults documented in README.md, "Settings").
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=30)
EXPORT_CHUNK_SIZE = env.int("EXPORT_CHUNK_SIZE", default=500)  # assessments read at a time
EXPORT_MAX_ROWS_PER_SHEET = 1_048_576  # Excel's limit; a sheet continues on "<name> (2)"
EXPORT_VERIFY_MAX_BYTES = env.int("EXPORT_VERIFY_MAX_BYTES", default=500 * 1024 * 1024)
# An export whose worker shows no progress for this long is started again (its worker was
# lost), at most EXPORT_MAX_ATTEMPTS times in all; then it is marked failed.
EXPORT_STALE_SECONDS = env.int("EXPORT_STALE_SECONDS", default=600)
EXPORT_MAX_ATTEMPTS = env.int("EXPORT_MAX_ATTEMPTS", default=3)

# Procurement spend imports (Scope 3 Category 1): a year of ledger lines for all suppliers fits
# in 250,000 rows; such a file is about 9 MB and unpacks to about 60 MB.
SPEND_IMPORT_MAX_ROWS = env.int("SPEND_IMPORT_MAX_ROWS", default=250_000)
SPEND_IMPORT_MAX_BYTES = env.int("SPEND_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
SPEND_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "SPEND_IMPORT_MAX_UNPACKED_BYTES", default=150 * 1024 * 1024
)
SPEND_IMPORT_STALE_SECONDS = env.int("SPEND_IMPORT_STALE_SECONDS", default=600)
SPEND_IMPORT_MAX_ATTEMPTS = env.int("SPEND_IMPORT_MAX_ATTEMPTS", default=3)
