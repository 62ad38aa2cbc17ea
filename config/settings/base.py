"""Base settings: every value comes from the environment with a development default.

``production.py`` only tightens these; ``test.py`` only speeds them up.
"""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

from config.env import BASE_DIR as BASE_DIR  # a setting too: settings.BASE_DIR (re-exported)
from config.env import env_bool, env_int, env_list, env_str

# Generic classes of Django (ModelChoiceField[AdminUnit], QuerySet[Person]) subscriptable at run time.
django_stubs_ext.monkeypatch()

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# A development-only key; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

VAR_DIR = Path(env_str("PHAODAI_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Layers, lowest first (docs/ARCHITECTURE.md): core; audit, areas, accounts; the platform
    # services (alerts, jobs, sheets); the ui and api plumbing; the domain apps; the web shell.
    # The demo is for development and tests only.
    "phaodai.core",
    "phaodai.audit",
    "phaodai.areas",
    "phaodai.accounts",
    "phaodai.alerts",
    "phaodai.jobs",
    "phaodai.sheets",
    "phaodai.rules",
    "phaodai.counts",
    "phaodai.ui",
    "phaodai.api",
    "phaodai.people",
    "phaodai.labtests",
    "phaodai.cases",
    "phaodai.homecare",
    "phaodai.command",
    "phaodai.directives",
    "phaodai.requests_desk",
    "phaodai.welfare",
    "phaodai.violations",
    "phaodai.announcements",
    "phaodai.establishments",
    "phaodai.web",
    "phaodai.demo",
]

MIDDLEWARE = [
    "phaodai.api.middleware.JsonErrorsMiddleware",  # first: every /api/ answer is JSON
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phaodai.web.middleware.VietnameseFirstMiddleware",  # the browser's language is not a choice
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "phaodai.core.middleware.AccessPolicyMiddleware",
    "phaodai.core.middleware.PageRateLimitMiddleware",
    # Axes last: it turns locked-out logins into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "phaodai.web.context_processors.shell",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'phaodai.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work at the same time; IMMEDIATE avoids
    # "database is locked" upgrades inside write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=5000; PRAGMA cache_size=-64000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "phaodai.core.logins.AddressThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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

# How many reverse proxies stand in front of Django, each appending to X-Forwarded-For (0: none,
# REMOTE_ADDR is the client). Every lock-out, rate limit and log reads the client's address
# through phaodai.core.clients.client_ip with this count (docs/SECURITY.md).
PHAODAI_PROXY_COUNT = env_int("PHAODAI_PROXY_COUNT", 0)

# Failed logins (django-axes): a username is locked *from one address* after 5 failures for 15
# minutes, so nobody elsewhere can lock an officer out of their own phone; one address trying many
# usernames is stopped by the rate "login_address" below (phaodai.core.logins).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "phaodai.core.clients.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Content-Security-Policy on every answer (django-csp): scripts, styles, fonts and connections
# from this site only — no inline script or style anywhere, no eval (htmx runs with allowEval
# false, base.html), nothing from a CDN; pages cannot be framed. docs/SECURITY.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Swagger UI's icons are data: URIs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_AGE = 60 * 60 * 12

# The cache holds the rate-limit counters (phaodai.core.ratelimit): with several workers or
# machines they must share one, so production sets REDIS_URL; one process can use its memory.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "phaodai",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "phaodai"}
    )
}

# Rate limits, "<count>/<period>" (s, min, h, d; "30/15min"), each overridable by the environment
# variable PHAODAI_RATE_<NAME> (PHAODAI_RATE_API_USER=600/min). Who is counted is in the comment.
_RATES = {
    "login_address": "30/15min",  # failed logins from one address, whatever the usernames
    "pages_anonymous": "120/min",  # pages without login (login, public forms) per address
    "pages_user": "1200/min",  # pages per signed-in user
    "api_anonymous": "60/min",  # API calls without a token (the token endpoint) per address
    "api_user": "1200/min",  # API calls per user
    "api_address": "3000/min",  # API calls per address, all users behind it together
    "people_read": "300/min",  # full resident records opened (page or API) per user
    "homecare_link": "120/h",  # personal monitoring-link pages (no login) per address
    "resident_requests": "10/min",  # requests sent on the public form (requests_desk) per address
    "receipt_lookup": "30/min",  # receipt codes looked up on the public page (requests_desk) per address
    "public_situation": "60/min",  # a unit's public situation page (announcements) per address
}
PHAODAI_RATES = {name: env_str(f"PHAODAI_RATE_{name.upper()}", value) for name, value in _RATES.items()}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "phaodai.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "phaodai.api.pagination.PagePagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "phaodai.api.throttles.UserThrottle",
        "phaodai.api.throttles.AddressThrottle",
        "phaodai.api.throttles.ScopeThrottle",
    ],
    "NUM_PROXIES": PHAODAI_PROXY_COUNT,
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "phaodai.api.exceptions.json_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pháo Đài API",
    "DESCRIPTION": "API của Pháo Đài: địa bàn, nhân khẩu, hộ gia đình. Mọi dữ liệu đều giới hạn trong địa bàn của người dùng.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets used under several field names get one name each (cases: "setting" and
    # "care_setting", "kind" and "bed_kind", a case's "status").
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "phaodai.cases.enums.CaseStatus",
        "CareSettingEnum": "phaodai.cases.enums.CareSetting",
        "BedKindEnum": "phaodai.cases.enums.BedKind",
        "TestKindEnum": "phaodai.labtests.enums.TestKind",
        # the same field names ("status", "kind", "urgency") in other apps
        "ProposalStatusEnum": "phaodai.labtests.enums.ProposalStatus",
        "FollowUpStatusEnum": "phaodai.labtests.enums.FollowUpStatus",
        "TestPlaceKindEnum": "phaodai.labtests.enums.PlaceKind",
        "DirectiveKindEnum": "phaodai.directives.enums.DirectiveKind",
        "DirectiveUrgencyEnum": "phaodai.directives.enums.Urgency",
        "TaskStatusEnum": "phaodai.directives.enums.TaskStatus",
        "ReportKindEnum": "phaodai.directives.enums.ReportKind",
        "RequestUrgencyEnum": "phaodai.requests_desk.enums.Urgency",
        "RequestStatusEnum": "phaodai.requests_desk.enums.RequestStatus",
        "AnnouncementStatusEnum": "phaodai.announcements.enums.AnnouncementStatus",
        "PublicPlaceKindEnum": "phaodai.announcements.enums.PlaceKind",
        # violations, announcements, establishments
        "EstablishmentKindEnum": "phaodai.establishments.enums.EstablishmentKind",
        "SchoolReadinessEnum": "phaodai.establishments.enums.Readiness",
        "AnnouncementAudioStatusEnum": "phaodai.announcements.enums.AudioStatus",
        "ViolationDecisionEnum": "phaodai.violations.enums.Decision",
        "ViolationOffenderKindEnum": "phaodai.violations.enums.OffenderKind",
        "FinePaymentStatusEnum": "phaodai.violations.enums.PaymentStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "phaodai.api.schema.document_shared_answers",
    ],
}
# Swagger UI (/api/docs/) and the schema (/api/schema/) open to anyone; production closes them
# to signed-in users unless PHAODAI_API_DOCS_PUBLIC=true.
PHAODAI_API_DOCS_PUBLIC = env_bool("PHAODAI_API_DOCS_PUBLIC", default=True)

# API keys (accounts.ApiToken) last this many days; phones renew before (POST /api/v1/token/renew/).
PHAODAI_API_TOKEN_DAYS = env_int("PHAODAI_API_TOKEN_DAYS", 30)

# The API's change feeds hold back rows changed in the last few seconds (phaodai.api.sync), so a
# transaction that commits a little after another is not skipped by a phone syncing in between.
PHAODAI_SYNC_SETTLE_SECONDS = env_int("PHAODAI_SYNC_SETTLE_SECONDS", 2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# Without collectstatic (development, tests) WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=True)
WHITENOISE_AUTOREFRESH = env_bool("WHITENOISE_AUTOREFRESH", default=True)

# Background jobs (django-tasks, the backport of Django 6's django.tasks). "db": the ORM backend
# (django-tasks-db), the embedded default, one or more `manage.py run_worker` beside the server;
# "rq": Redis through RQ (django-tasks-rq) for production, any number of workers on any number of
# machines (PHAODAI_REDIS_URL); "immediate": run in the request (tests).
PHAODAI_TASKS = env_str("PHAODAI_TASKS", "db")
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[PHAODAI_TASKS], "QUEUES": ["default"]}}
if PHAODAI_TASKS == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": env_str("PHAODAI_REDIS_URL", REDIS_URL or "redis://127.0.0.1:6379/0")}}
# Evidence of violations (photos, scans) and announcements' audio, under VAR_DIR, never under a
# static or media URL: handed out only by a page that checks the jurisdiction.
PHAODAI_EVIDENCE_FILES = Path(env_str("PHAODAI_EVIDENCE_FILES", str(VAR_DIR / "evidence")))
PHAODAI_EVIDENCE_MAX_BYTES = env_int("PHAODAI_EVIDENCE_MAX_BYTES", 8 * 1024 * 1024)
PHAODAI_AUDIO_FILES = Path(env_str("PHAODAI_AUDIO_FILES", str(VAR_DIR / "audio")))
# espeak-ng for the loudspeaker audio of announcements (Debian's package espeak-ng).
PHAODAI_ESPEAK = env_str("PHAODAI_ESPEAK", "espeak-ng")
# Files jobs produce (exports, error reports) and uploads waiting for a job, under VAR_DIR.
PHAODAI_JOB_FILES = Path(env_str("PHAODAI_JOB_FILES", str(VAR_DIR / "jobs")))
# A running job whose worker has not reported for this long is taken as dead at a worker's start.
PHAODAI_JOB_STALE_SECONDS = env_int("PHAODAI_JOB_STALE_SECONDS", 600)
# Finished jobs' files are kept this many days.
PHAODAI_JOB_KEEP_DAYS = env_int("PHAODAI_JOB_KEEP_DAYS", 7)
# Welfare: "nobody goes hungry" counts the vulnerable households reached in this many days.
PHAODAI_WELFARE_REACHED_DAYS = env_int("PHAODAI_WELFARE_REACHED_DAYS", 7)

# Spreadsheet import: files over this size are refused before they are opened; an .xlsx whose
# content would unpack to more than PHAODAI_IMPORT_MAX_UNPACKED bytes is taken as a zip bomb.
PHAODAI_IMPORT_MAX_BYTES = env_int("PHAODAI_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
PHAODAI_IMPORT_MAX_UNPACKED = env_int("PHAODAI_IMPORT_MAX_UNPACKED", 300 * 1024 * 1024)
PHAODAI_IMPORT_MAX_ROWS = env_int("PHAODAI_IMPORT_MAX_ROWS", 200_000)
# On PostgreSQL an import stores each batch on a thread of its own while it checks the next
# (sheets/storing.py); false stores them one after the other, as on SQLite.
PHAODAI_IMPORT_STORE_IN_BACKGROUND = env_bool("PHAODAI_IMPORT_STORE_IN_BACKGROUND", True)
# Exports of more rows than this run as a background job with a download link.
PHAODAI_EXPORT_SYNC_ROWS = env_int("PHAODAI_EXPORT_SYNC_ROWS", 3000)
# labtests: the most people whose swabs go into one pooled sample.
PHAODAI_POOL_MAX = env_int("PHAODAI_POOL_MAX", 10)

# Alerts to staff. In-app always; e-mail through Django's mail settings; SMS/chat through a gateway.
# E-mail or SMS about one group (same record, same reason) goes out at most once per interval.
PHAODAI_ALERT_INTERVAL_MINUTES = env_int("PHAODAI_ALERT_INTERVAL_MINUTES", 60)
# An alert nobody acknowledged within this time goes once to the next level up (commune → district).
PHAODAI_ALERT_ESCALATE_MINUTES = env_int("PHAODAI_ALERT_ESCALATE_MINUTES", 240)
USE_EMAIL_ALERTS = env_bool("USE_EMAIL_ALERTS", default=False)
USE_SMS_ALERTS = env_bool("USE_SMS_ALERTS", default=False)
PHAODAI_SMS_GATEWAY = env_str("PHAODAI_SMS_GATEWAY", "phaodai.alerts.gateways.LoggingGateway")
PHAODAI_SMS_GATEWAY_URL = env_str("PHAODAI_SMS_GATEWAY_URL", "")
PHAODAI_SMS_GATEWAY_TOKEN = env_str("PHAODAI_SMS_GATEWAY_TOKEN", "")
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Pháo Đài <khongtraloi@phaodai.local>")
