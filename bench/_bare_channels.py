"""The fan-out baseline: a bare Channels app speaking the thread protocol (CONTRACT.md) and nothing else.

No database, no sign-in, no templates: `post.create` is broadcast at once to the group as a `post.created` frame
whose `html` is padded to BARE_FRAME_BYTES (the size of an Ortaq post frame), on the same Redis channel layer and
under the same server and worker class as `make serve`. bench/fanout.py starts it like this:

    cd bench && REDIS_URL=redis://127.0.0.1:6390/0 gunicorn _bare_channels:application \\
        -k config.workers.OrtaqUvicornWorker -w 2 -b 127.0.0.1:PORT
"""

import html
import itertools
import json
import os

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-baseline",  # signs nothing: the app has no sessions or forms  # nosec B106
    ALLOWED_HOSTS=["*"],
    INSTALLED_APPS=["channels"],
    CHANNEL_LAYERS={
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "prefix": "bare"},
        }
    },
)
django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

FRAME_BYTES = int(os.environ.get("BARE_FRAME_BYTES", "2000"))
GROUP = "bare.thread"
_seq = itertools.count(1)  # one writer, so one worker numbers the posts: monotonic without a database


class ThreadConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        content = json.loads(text_data or "{}")
        if content.get("type") != "post.create":
            return
        seq = next(_seq)
        body = f'<li class="post" id="post-{seq}"><p>{html.escape(content.get("body", ""))}</p></li>'
        frame = {"type": "post.created", "seq": seq, "id": seq, "html": body.ljust(FRAME_BYTES)}
        await self.channel_layer.group_send(GROUP, {"type": "post.frame", "text": json.dumps(frame)})

    async def post_frame(self, message):
        await self.send(text_data=message["text"])


async def health(scope, receive, send):
    """GET /healthz -> 200, so the bench waits for the baseline as it waits for Ortaq."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"status": "ok"}'})


application = ProtocolTypeRouter(
    {"http": health, "websocket": URLRouter([path("ws/threads/<int:thread_id>/", ThreadConsumer.as_asgi())])}
)
