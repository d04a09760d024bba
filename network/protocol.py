"""The wire protocol every Ortaq WebSocket stream shares, in one place (docs/websocket-protocol.md; Zulip's
event_types.py is the model): close codes, the frames of every stream, and the notification stream's frames and
path. Each app's own streams have their protocol module beside their realtime.py (forums/protocol.py)."""

# Close codes. A refused socket is accepted, then closed, so the client can read the code and stop retrying.
CLOSE_FORBIDDEN = 4403  # the viewer may not read this stream (or is signed out)
CLOSE_NOT_FOUND = 4404  # no such stream: a malformed path (/ws/threads/abc/), an unknown thread or event
CLOSE_RATE_LIMITED = 4429  # too many connections from this member (or address) in the window; reconnect later

MAX_FRAME_BYTES = 16 * 1024  # larger frames get an `error` frame ("too_large"); the connection stays usable

# Frames of every stream (network.streams.JsonStreamConsumer)
PING = "ping"  # client -> server
PONG = "pong"  # server -> client, the answer to `ping`
ERROR = "error"  # server -> client: {"type": "error", "code": "...", "message": "..."}
RESUME = "resume"  # client -> server: {"type": "resume", "after": <seq>}: replay what came after, then go live

# /ws/notifications/: a signed-in member's own stream (network.consumers.NotificationConsumer)
NOTIFICATIONS_ROUTE = "ws/notifications/"
NOTIFICATIONS_PATH = "/" + NOTIFICATIONS_ROUTE
HELLO = "hello"  # server -> client on connect: {"type": "hello", "unread": <count>}
NOTIFICATION_CREATED = "notification.created"  # server -> client: {"type", "seq", "id", "text", "url", "unread"}
