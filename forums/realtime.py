"""The only place that names the forums' channel-layer groups and message types."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

POST_EVENT = "forum.post_event"  # -> ThreadConsumer.forum_post_event


def thread_group(thread_id: int, language: str) -> str:
    """One group per thread and page language (a frame is rendered once per language); ASCII letters, digits,
    - _ . only, under 100 characters."""
    return f"forum.thread.{thread_id}.{language}"


def latest_seq_key(thread_id: int) -> str:
    """Cache key of the newest seq of a thread's stream (readers compare it with theirs on resync)."""
    return f"forum.thread.{thread_id}.seq"


def announce_event(event) -> None:
    """Tell everyone reading the thread after commit. The frame is rendered once per language here and travels
    in the message, ready to send: no database access and no rendering per reader (forums.frames).
    At-most-once: readers who miss it resume by seq."""

    def send():
        from forums import frames  # templates and selectors, needed only when something is announced

        cache.set(latest_seq_key(event.thread_id), event.pk, timeout=None)  # never raises (config.cache)
        group_send = async_to_sync(get_channel_layer().group_send)
        hidden, texts = frames.broadcast_frames(event_id=event.pk)
        for language, text in texts.items():
            message = {"type": POST_EVENT, "seq": event.pk, "id": event.post_id, "hidden": hidden, "text": text}
            group_send(thread_group(event.thread_id, language), message)

    # robust: a Redis hiccup must not undo a saved post; readers catch up by seq
    transaction.on_commit(send, robust=True)


ROOM_EVENT = "forum.room_event"  # -> EventRoomConsumer.forum_room_event


def room_group(event_id: int) -> str:
    """One group per network event (its registration page), whatever language the room is read in."""
    return f"forum.event.{event_id}"


def announce_room_event(room_event) -> None:
    """Tell everyone in the event's room after commit. The frame is the same for every reader, so it travels in the
    message (no database read per reader); readers who miss it resume by seq."""
    group = room_group(room_event.event_id)
    message = {"type": ROOM_EVENT, "frame": room_event.frame()}

    def send():
        async_to_sync(get_channel_layer().group_send)(group, message)

    # robust: a Redis hiccup must not undo saved feedback or an announcement; readers catch up by seq
    transaction.on_commit(send, robust=True)
