"""The ASGI application a browser test's Daphne child process serves (module level, so it pickles)."""

from concurrent.futures import ThreadPoolExecutor


def make_application():
    """Runs in the forked child. The parent may have run async tests before forking: asgiref's one-thread
    executor would still count a worker thread that does not exist here (every WebSocket handshake would
    hang), and the in-memory channel layer would hold queues of closed event loops. Start both afresh."""
    from asgiref.sync import SyncToAsync
    from channels.layers import channel_layers
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from config.asgi import application

    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    channel_layers.backends.clear()
    return ASGIStaticFilesHandler(application)
