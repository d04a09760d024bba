"""The forums' WebSocket streams on the wire, in one place (docs/websocket-protocol.md; the frames and close codes
every stream shares are in network/protocol.py). realtime.py names the channel-layer groups; this module names
what clients see and send."""

from network.protocol import RESUME  # noqa: F401 (both streams resume by seq)

# /ws/threads/<thread_id>/: one thread's live stream (forums.consumers.ThreadConsumer)
THREAD_ROUTE = "ws/threads/<int:thread_id>/"
POST_CREATED = "post.created"  # server -> client: {"type", "seq", "id", "html"[, "client_token"]}
POST_UPDATED = "post.updated"  # server -> client: the post's new html (edited, hidden, restored, marked helpful)
POST_DELETED = "post.deleted"  # server -> client: the placeholder html
POST_CREATE = "post.create"  # client -> server: {"type", "body", "client_token": uuid}; stored once per token

# /ws/events/<slug>/: the live room of a network event (forums.consumers.EventRoomConsumer)
ROOM_ROUTE = "ws/events/<slug:slug>/"
FEEDBACK_CREATED = "feedback.created"  # server -> client: feedback on one of the event's posters
ANNOUNCEMENT = "announcement"  # server -> client: an organiser's announcement {"type", "seq", "id", "text", …}
ANNOUNCE = "announce"  # client -> server: {"type": "announce", "text": "…"}, organisers only


def thread_path(thread_id: int, language: str) -> str:
    """Where a thread page's socket connects (`?lang=` renders frames in the page's language)."""
    return f"/ws/threads/{thread_id}/?lang={language}"


def room_path(slug: str, language: str) -> str:
    """Where an event room's socket connects."""
    return f"/ws/events/{slug}/?lang={language}"
