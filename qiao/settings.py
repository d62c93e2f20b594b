"""Qiao's settings, read from environment variables (each one is listed in README.md).

The embedded default needs nothing: SQLite and files under ``QIAO_DATA_DIR``.
At scale, set ``QIAO_DATABASE_URL`` (PostgreSQL) and ``QIAO_REDIS_URL``
(cache, rate limits and the RQ task queue).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env("QIAO_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("QIAO_DEBUG", False)


def _secret_key() -> str:
    """Use QIAO_SECRET_KEY, or a random key kept in the data directory for local runs."""
    if key := env("QIAO_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("QIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("QIAO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("QIAO_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "qiao.core",
    "qiao.accounts",
    "qiao.notes",
    "qiao.social",
    "qiao.notifications",
    "qiao.feeds",
    "qiao.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qiao.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "qiao.core.middleware.RateLimitMiddleware",
]

ROOT_URLCONF = "qiao.urls"
WSGI_APPLICATION = "qiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qiao.core.context_processors.qiao",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("QIAO_DATABASE_URL", f"sqlite:///{DATA_DIR / 'qiao.sqlite3'}"),
        conn_max_age=int(env("QIAO_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache, rate limits and background tasks --------------------------------------
REDIS_URL = env("QIAO_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "qiao",
        }
    }
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default", "interactive"],
        }
    }
    RQ_QUEUES = {
        "default": {"URL": REDIS_URL},
        "interactive": {"URL": REDIS_URL},
    }
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
else:
    # A database cache is shared by the web process and the worker, so rate
    # limits hold across processes without any extra service.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "qiao_cache",
        }
    }
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "interactive"],
        }
    }
if env("QIAO_TASKS_BACKEND"):
    TASKS["default"]["BACKEND"] = env("QIAO_TASKS_BACKEND")

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("QIAO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "feeds:explore"
LOGOUT_REDIRECT_URL = "feeds:explore"

# --- Languages ---------------------------------------------------------------------
# Interface languages (Django i18n).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# Content languages: what notes are detected as and what readers may read.
# ISO 639-1 codes; Chinese is "zh" (script variants are a display choice).
QIAO_CONTENT_LANGUAGES = env_list("QIAO_CONTENT_LANGUAGES", "zh,en")

# --- Static and media files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("QIAO_STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("QIAO_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
QIAO_SERVE_MEDIA = env_bool("QIAO_SERVE_MEDIA", True)

# Uploads: images are checked and re-encoded by qiao.notes.images.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
QIAO_MAX_IMAGE_BYTES = int(env("QIAO_MAX_IMAGE_BYTES", str(10 * 1024 * 1024)))
QIAO_MAX_IMAGE_PIXELS = int(env("QIAO_MAX_IMAGE_PIXELS", str(40_000_000)))
QIAO_MAX_IMAGES_PER_NOTE = 9

# --- SMS and one-time codes -------------------------------------------------------
QIAO_SMS_BACKEND = env("QIAO_SMS_BACKEND", "qiao.accounts.sms.ConsoleSmsBackend")
QIAO_SMS_HTTP_URL = env("QIAO_SMS_HTTP_URL")
QIAO_SMS_HTTP_TOKEN = env("QIAO_SMS_HTTP_TOKEN")
QIAO_SMS_HTTP_TIMEOUT = float(env("QIAO_SMS_HTTP_TIMEOUT", "10"))
QIAO_OTP_TTL_SECONDS = int(env("QIAO_OTP_TTL_SECONDS", "600"))
QIAO_OTP_MAX_ATTEMPTS = int(env("QIAO_OTP_MAX_ATTEMPTS", "5"))
# Region codes (e.g. "KP,XX") whose numbers may not sign up; empty allows all.
QIAO_SMS_BLOCKED_REGIONS = env_list("QIAO_SMS_BLOCKED_REGIONS")

# Rate limits: "count/seconds". Every limit is enforced through the cache.
QIAO_RATE_LIMITS = {
    "sms_per_number": env("QIAO_RATE_SMS_PER_NUMBER", "3/600"),
    "sms_per_number_day": env("QIAO_RATE_SMS_PER_NUMBER_DAY", "10/86400"),
    "sms_per_ip": env("QIAO_RATE_SMS_PER_IP", "10/3600"),
    "sms_per_prefix": env("QIAO_RATE_SMS_PER_PREFIX", "200/3600"),
    "otp_verify_per_ip": env("QIAO_RATE_OTP_VERIFY_PER_IP", "30/600"),
    "login_password_per_ip": env("QIAO_RATE_LOGIN_PASSWORD_PER_IP", "20/600"),
    "note_create": env("QIAO_RATE_NOTE_CREATE", "30/3600"),
    "comment_create": env("QIAO_RATE_COMMENT_CREATE", "120/3600"),
    "follow": env("QIAO_RATE_FOLLOW", "200/3600"),
    "like": env("QIAO_RATE_LIKE", "600/3600"),
}

# --- Logging -----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("QIAO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "jieba": {"level": "WARNING"},
    },
}
