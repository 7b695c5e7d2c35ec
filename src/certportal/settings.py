"""certportal settings: everything comes from the environment, with embedded defaults.

The defaults run a fresh clone on one machine (SQLite, local files, console SMS,
in-process background work). Production sets CERTPORTAL_ENV=production and must then
provide real secrets: the settings refuse to start on a development default.
"""

import fcntl
import json
import os
import secrets
import tempfile
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

ENVIRONMENT = env.str("CERTPORTAL_ENV", default="development")
PRODUCTION = ENVIRONMENT == "production"
DATA_DIR = Path(env.str("CERTPORTAL_DATA_DIR", default=str(PROJECT_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _dev_secret(name: str, make) -> str:
    """A development secret, made once and kept in DATA_DIR (never in the repo).

    Several processes may start at once (test workers): a lock makes them agree.
    """
    path = DATA_DIR / "dev-secrets.json"
    with (DATA_DIR / ".dev-secrets.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        values = json.loads(path.read_text()) if path.exists() else {}
        if name not in values:
            values[name] = make()
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(values, indent=2))
            temporary.chmod(0o600)
            temporary.replace(path)
    return str(values[name])


def _secret(name: str, make) -> str:
    """Read a secret from NAME or NAME_FILE; outside production fall back to a dev one."""
    value = env.str(name, default="")
    file_name = env.str(f"{name}_FILE", default="")
    if not value and file_name:
        value = Path(file_name).read_text().strip()
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return _dev_secret(name, make)


SECRET_KEY = _secret("CERTPORTAL_SECRET_KEY", lambda: secrets.token_urlsafe(50))
DEBUG = env.bool("CERTPORTAL_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("CERTPORTAL_DEBUG must be off in production.")
ALLOWED_HOSTS = env.list(
    "CERTPORTAL_ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"],
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("CERTPORTAL_ALLOWED_HOSTS must be set in production.")

# Keys for personal data at rest (phones, ID numbers, authorization letters). They are
# deliberately not derived from SECRET_KEY: rotating one must not touch the other.
# The first key encrypts; all of them decrypt (MultiFernet), so keys can be rotated.
FIELD_ENCRYPTION_KEYS = _secret(
    "CERTPORTAL_FIELD_KEYS", lambda: Fernet.generate_key().decode()
).split(",")
LOOKUP_HMAC_KEY = _secret("CERTPORTAL_LOOKUP_KEY", lambda: secrets.token_hex(32))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "ninja",
    "certportal.core",
    "certportal.audit",
    "certportal.accounts",
    "certportal.organizations",
    "certportal.certificates",
    "certportal.registration",
    "certportal.documents",
    "certportal.notify",
    "certportal.api",
    "certportal.web",
    "certportal.staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "certportal.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "certportal.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "certportal.core.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "certportal.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "certportal.urls"
WSGI_APPLICATION = "certportal.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "portal:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "certportal.core.context.centre",
            ],
        },
    },
]

# One variable switches the database: DATABASE_URL=postgres://user@127.0.0.1:5432/db
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'certportal.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the embedded default take concurrent requests.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too: an in-memory database shares one lock across threads and
    # would fail the concurrency tests for a reason production never meets.
    # One file per test process, so parallel runs never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(
            Path(tempfile.gettempdir()) / f"certportal-test-{os.getpid()}.sqlite3"
        )
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://certportal")}

# Background work: run in-process by default (no extra server); a database queue or
# Redis queue in production (CERTPORTAL_TASKS_BACKEND).
TASKS = {
    "default": {
        "BACKEND": env.str(
            "CERTPORTAL_TASKS_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# Files never live under the web root: every download goes through a view that
# checks who is asking.
MEDIA_ROOT = Path(env.str("CERTPORTAL_MEDIA_ROOT", default=str(DATA_DIR / "files")))
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production, serve static files straight from the apps (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "CERTPORTAL_FILE_STORAGE",
            default="django.core.files.storage.FileSystemStorage",
        ),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("CERTPORTAL_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "certportal.accounts.validators.MinimumLengthValidator"},
    {"NAME": "certportal.accounts.validators.NotBlankValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "certportal.accounts.validators.MaximumLengthValidator"},
]

# Sessions end after 30 idle minutes (15 for staff, set at staff login) and 12 hours
# after login in any case (core.middleware.SessionLimitsMiddleware).
SESSION_COOKIE_AGE = env.int("CERTPORTAL_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = env.int(
    "CERTPORTAL_SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("CERTPORTAL_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("CERTPORTAL_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds the whole domain and its subdomains to HTTPS in browsers
        # for months, beyond this portal: the centre opts in once it has checked.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The address of a request: behind nginx, the header nginx overwrites; else the peer.
CLIENT_IP_HEADER = env.str("CERTPORTAL_CLIENT_IP_HEADER", default="")

# SMS: "console" logs the message (and keeps it for the demo page when DEMO is on);
# "tencent" speaks Tencent Cloud's SendSms API.
SMS_PROVIDER = env.str("CERTPORTAL_SMS_PROVIDER", default="console")
SMS_TENCENT = {
    "endpoint": env.str(
        "CERTPORTAL_SMS_TENCENT_ENDPOINT", default="https://sms.tencentcloudapi.com"
    ),
    "region": env.str("CERTPORTAL_SMS_TENCENT_REGION", default="ap-guangzhou"),
    "secret_id": env.str("CERTPORTAL_SMS_TENCENT_SECRET_ID", default=""),
    "secret_key": env.str("CERTPORTAL_SMS_TENCENT_SECRET_KEY", default=""),
    "sdk_app_id": env.str("CERTPORTAL_SMS_TENCENT_APP_ID", default=""),
    "sign_name": env.str("CERTPORTAL_SMS_TENCENT_SIGN", default=""),
    "template_code": env.str("CERTPORTAL_SMS_TENCENT_TEMPLATE_CODE", default=""),
}
# Demo mode shows a page listing the messages the console provider "sent".
DEMO = env.bool("CERTPORTAL_DEMO", default=False)
if PRODUCTION and DEMO:
    raise ImproperlyConfigured("CERTPORTAL_DEMO must be off in production.")

# Development prints mail on the console; the demo keeps it in files instead, so the
# terminal stays readable.
EMAIL_BACKEND = env.str(
    "CERTPORTAL_EMAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend"
    if DEMO
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("CERTPORTAL_FROM_EMAIL", default="noreply@localhost")

# The centre that runs this installation: name and the people a client can call.
CENTRE = {
    "name": env.str("CERTPORTAL_CENTRE_NAME", default="京华认证中心有限公司"),
    "portal_name": env.str("CERTPORTAL_PORTAL_NAME", default="客户服务平台"),
    "enquiries_contact": env.str("CERTPORTAL_ENQUIRIES_CONTACT", default="客服部"),
    "enquiries_phone": env.str("CERTPORTAL_ENQUIRIES_PHONE", default="010-5550-0100"),
    "technical_contact": env.str("CERTPORTAL_TECHNICAL_CONTACT", default="信息部"),
    "technical_phone": env.str("CERTPORTAL_TECHNICAL_PHONE", default="010-5550-0101"),
    "classified_contact": env.str("CERTPORTAL_CLASSIFIED_CONTACT", default="保密办"),
    "classified_phone": env.str("CERTPORTAL_CLASSIFIED_PHONE", default="010-5550-0102"),
}
REVIEW_WORKING_DAYS = env.int("CERTPORTAL_REVIEW_WORKING_DAYS", default=3)

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "certportal.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if PRODUCTION else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.server": {"level": "INFO"},
        "fontTools": {"level": "WARNING"},
    },
}
