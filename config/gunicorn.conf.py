"""gunicorn settings of `make serve` (`gunicorn -c config/gunicorn.conf.py config.asgi:application`).

Environment: HOST (127.0.0.1), PORT (8000), WEB_CONCURRENCY (workers, default 2 x cores), DATABASE_POOL_MAX_SIZE.
Signals to the master: HUP = start a new set of workers with the new code, then stop the old ones gracefully
(the master keeps the socket, so no connection is refused meanwhile); TERM/INT = graceful stop; a worker that
dies is replaced at once.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "config.workers.OrtaqUvicornWorker"
graceful_timeout = 15  # seconds from TERM before a worker is killed (its own drain takes at most 8 s)
timeout = 60  # a worker silent this long (stuck) is killed and replaced
keepalive = 5
backlog = 1024
accesslog = "-" if os.environ.get("ORTAQ_ACCESS_LOG") else None
loglevel = os.environ.get("ORTAQ_LOG_LEVEL", "info")
# A bounded PostgreSQL pool per worker: ASGI runs sync views in threads, so per-thread persistent connections
# would pile up past PostgreSQL's max_connections under load.
os.environ.setdefault("DATABASE_POOL_MAX_SIZE", "8")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
# gunicorn 27's control socket lives at one path per user (~/.gunicorn/gunicorn.ctl): several servers on one machine
# (tests, benches, a second app) would fight over it, and nothing here uses it.
control_socket_disable = True
