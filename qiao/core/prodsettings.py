"""Builders for the production settings block of ``qiao/settings.py``.

Plain functions of an environment mapping, so the tests can check what a
given environment turns into without reloading the settings module. Every
variable is described in docs/deploy.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}


def _bool(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    value = environ.get(name)
    return default if value is None else value.strip().lower() in TRUE


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


def database_options(engine: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """Connection options that make a database outage fail fast instead of hanging requests.

    PostgreSQL: ``connect_timeout`` (seconds) bounds a connection attempt while
    the server is down or restarting; ``statement_timeout`` (milliseconds, 0 =
    off) bounds a query stuck behind a lock; TCP keepalives find a dead server
    on an idle pooled connection.
    """
    if "postgresql" not in engine:
        return {}
    options: dict[str, Any] = {
        "connect_timeout": _int(environ, "QIAO_DB_CONNECT_TIMEOUT", 3),
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }
    statement_ms = _int(environ, "QIAO_DB_STATEMENT_TIMEOUT_MS", 0)
    if statement_ms > 0:
        options["options"] = f"-c statement_timeout={statement_ms}"
    return options


def redis_cache_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """django-redis options: short socket timeouts so a Redis outage answers 503 quickly."""
    timeout = float(environ.get("QIAO_REDIS_TIMEOUT", "") or 2)
    return {"SOCKET_CONNECT_TIMEOUT": timeout, "SOCKET_TIMEOUT": timeout}


def media_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry: local files, or an S3-compatible bucket (django-storages).

    S3 needs ``QIAO_S3_BUCKET``; the endpoint, region, keys, custom domain and
    key prefix are optional (without keys, boto3 finds credentials itself: an
    instance role, ``~/.aws``…). Objects are private unless signed URLs are
    off and the bucket policy makes them public, which is the usual set-up
    for photos behind a CDN.
    """
    kind = (environ.get("QIAO_MEDIA_STORAGE", "") or "local").strip().lower()
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f'QIAO_MEDIA_STORAGE must be "local" or "s3", got {kind!r}')
    bucket = environ.get("QIAO_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("QIAO_MEDIA_STORAGE=s3 needs QIAO_S3_BUCKET")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": environ.get("QIAO_S3_PREFIX", "media").strip("/"),
        # Uploads are re-encoded under fresh names; never overwrite an existing object.
        "file_overwrite": False,
        "default_acl": None,  # the bucket policy decides
        "querystring_auth": _bool(environ, "QIAO_S3_SIGNED_URLS", False),
        # Photos never change once written: let browsers and CDNs keep them.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    optional = {
        "endpoint_url": "QIAO_S3_ENDPOINT_URL",
        "region_name": "QIAO_S3_REGION",
        "access_key": "QIAO_S3_ACCESS_KEY_ID",
        "secret_key": "QIAO_S3_SECRET_ACCESS_KEY",
        "custom_domain": "QIAO_S3_CUSTOM_DOMAIN",
    }
    for option, name in optional.items():
        if value := environ.get(name, "").strip():
            options[option] = value
    if _bool(environ, "QIAO_S3_PATH_STYLE", False):  # MinIO, Ceph and most self-hosted S3
        options["addressing_style"] = "path"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def logging_formatter(environ: Mapping[str, str]) -> str:
    """ "json" (one JSON object a line, for log collectors) or "plain" (people reading a terminal)."""
    fmt = (environ.get("QIAO_LOG_FORMAT", "") or "plain").strip().lower()
    if fmt not in {"plain", "json"}:
        raise ImproperlyConfigured(f'QIAO_LOG_FORMAT must be "plain" or "json", got {fmt!r}')
    return fmt
