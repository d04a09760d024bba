"""The gunicorn worker class of `make serve`: uvicorn (uvloop, httptools, websockets) with Ortaq's settings.

gunicorn (config/gunicorn.conf.py) keeps the one listening socket, restarts dead workers and replaces them all
on SIGHUP; each worker is uvicorn, whose graceful shutdown closes open WebSockets with 1012 ("service restart",
so pages reconnect and `resume`) and lets HTTP requests in flight finish.
"""

from uvicorn_worker import UvicornWorker

HTTP_DRAIN_TIMEOUT = 8  # seconds a stopping worker gives requests in flight and consumers leaving their groups


class OrtaqUvicornWorker(UvicornWorker):
    CONFIG_KWARGS = {
        "loop": "uvloop",
        "http": "httptools",
        "ws": "websockets",
        "lifespan": "off",  # Django has no lifespan handler; "auto" only logs a warning per worker
        # The client address is decided in one place, network/clientip.py (ORTAQ_TRUSTED_PROXIES): uvicorn must not
        # rewrite it from X-Forwarded-For first (the scheme comes from SECURE_PROXY_SSL_HEADER).
        "proxy_headers": False,
        "timeout_graceful_shutdown": HTTP_DRAIN_TIMEOUT,
        "ws_max_size": 1024 * 1024,  # larger frames are refused by the server before the consumer reads them
    }
