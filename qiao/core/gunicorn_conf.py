"""gunicorn settings for Qiao's web processes: ``gunicorn -c python:qiao.core.gunicorn_conf qiao.wsgi``.

Why WSGI with gthread workers rather than ASGI with uvicorn workers: every
view and API endpoint of Qiao is synchronous (Django ORM, django-ninja sync
handlers). Under ASGI, Django runs sync views through ``sync_to_async`` in a
single thread per process, which adds a thread hop to every request and buys
no concurrency. gthread gives each process a pool of threads; the GIL is
released while a thread waits on PostgreSQL or Redis, which is where a
request spends its time.

Sizing (docs/deploy.md): ``QIAO_WEB_PROCESSES`` (default: one per CPU core,
at least 2) × ``QIAO_WEB_THREADS`` (default 4) requests at once per machine,
and as many database connections; keep the sum over all machines under
PostgreSQL's ``max_connections`` (or put PgBouncer in front).
"""

import os
import socket

_cores = os.cpu_count() or 1

bind = os.environ.get("QIAO_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("QIAO_WEB_PROCESSES") or max(2, _cores))
# gunicorn's gthread worker, closing its own socket as soon as it stops (see the module).
worker_class = "qiao.core.gunicorn_worker.ThreadWorker"
threads = int(os.environ.get("QIAO_WEB_THREADS") or 4)
# Import Django once in the master: faster start, and copy-on-write memory shared by the workers.
preload_app = True
# A request that runs longer than this is killed (its worker restarts); slow work belongs in tasks.
timeout = int(os.environ.get("QIAO_WEB_TIMEOUT") or 30)
graceful_timeout = 20
keepalive = 5
# Each web process listens on a TCP socket of its own (SO_REUSEPORT) and the kernel spreads
# new connections across them. With one shared socket, whichever process wakes first takes
# a connection, and keep-alive connections pile up on one process, which then serves
# everything on one core: measured here, 20 of 24 load-test clients on one of two processes.
# Not for Unix sockets (each process would replace the other's file).
reuse_port = os.environ.get("QIAO_WEB_REUSE_PORT", "1").strip().lower() not in {"0", "false", "no", "off"} and all(
    ":" in address and not address.startswith(("unix:", "fd://")) for address in bind
)
# Recycle workers now and then so slow leaks cannot grow without bound; jitter keeps them
# apart. Not too often: at 400 requests a second, 5,000 meant a restart every 25 seconds.
max_requests = int(os.environ.get("QIAO_WEB_MAX_REQUESTS") or 50000)
max_requests_jitter = max_requests // 10
# Qiao logs each request itself (qiao.request, with its request id), so no access log here.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("QIAO_LOG_LEVEL", "info").lower()
proc_name = "qiao-web"
# Addresses whose X-Forwarded-* headers are believed (your reverse proxy).
forwarded_allow_ips = os.environ.get("QIAO_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # heartbeat files on tmpfs: a slow disk cannot stall workers
# gunicorn's runtime control socket is one path per user: several stacks on a machine would clash.
control_socket_disable = True


def when_ready(server) -> None:
    """In the master, before the web processes fork: load what their requests need (qiao.core.warmup)."""
    from qiao.core.warmup import warm_up

    warm_up()


def on_starting(server) -> None:
    """Refuse an address that another server holds, as a plain bind would.

    With ``reuse_port`` a second gunicorn on the same port would bind too, and
    the kernel would quietly split the traffic between the old and the new.
    """
    if not reuse_port:
        return
    for address in bind:
        host, _, port = address.rpartition(":")
        host = host.strip("[]") or "0.0.0.0"
        for family, kind, proto, _name, where in socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM):
            with socket.socket(family, kind, proto) as probe:
                try:
                    probe.bind(where)
                except OSError as error:
                    raise SystemExit(f"Cannot listen on {address}: {error.strerror} (is Qiao already running?)") from None
