"""The only place that names the forums' channel-layer groups and message types."""

from django.core.cache import cache
from django.db import transaction

from network.streams import broadcast_each_on_commit, broadcast_on_commit

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

    from forums import frames  # templates and selectors, needed only when something is announced

    hidden, texts = frames.broadcast_frames(event_id=event.pk)  # inside the transaction: the event is readable
    # on_commit callbacks run in order: the cached newest seq is set before readers hear of it (never raises:
    # config.cache); robust: a Redis hiccup must not undo a saved post, readers catch up by seq
    transaction.on_commit(lambda: cache.set(latest_seq_key(event.thread_id), event.pk, timeout=None), robust=True)
    broadcast_each_on_commit(
        [
            (
                thread_group(event.thread_id, language),
                {"type": POST_EVENT, "seq": event.pk, "id": event.post_id, "hidden": hidden, "text": text},
            )
            for language, text in texts.items()
        ]
    )


ROOM_EVENT = "forum.room_event"  # -> EventRoomConsumer.forum_room_event


def room_group(event_id: int) -> str:
    """One group per network event (its registration page), whatever language the room is read in."""
    return f"forum.event.{event_id}"


def announce_room_event(room_event) -> None:
    """Tell everyone in the event's room after commit. The frame is the same for every reader, so it travels in the
    message (no database read per reader); readers who miss it resume by seq."""
    group = room_group(room_event.event_id)
    message = {"type": ROOM_EVENT, "frame": room_event.frame()}

    broadcast_on_commit(group, message)  # a Redis hiccup must not undo saved feedback; readers catch up by seq
