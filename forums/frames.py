"""Frames of a thread's stream: the same for every reader, rendered once per broadcast and language.

Controls are marked with who may use them and the page keeps its viewer's (selectors.prepare_broadcast_post);
only a moderator reading a hidden post gets a frame of their own (its body and its restore button).
"""

import json

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from forums import selectors


def frame_of(*, event, thread, language: str, viewer=None) -> dict:
    """One event as a client sees it: live, replayed and resynced frames all come through here."""
    if viewer is not None and event.post.is_hidden and selectors.can_moderate_board(user=viewer, board=thread.board):
        (post,) = selectors.prepare_posts([event.post], viewer=viewer, thread=thread)
    else:
        post = selectors.prepare_broadcast_post(event.post, thread=thread)
    with translation.override(language):
        html = render_to_string("forums/post_item.html", {"post": post, "thread": thread})
    return {"type": event.kind, "seq": event.pk, "id": event.post_id, "html": html}


def broadcast_frames(*, event_id: int) -> tuple[bool, dict[str, str]]:
    """(hidden, {language: the event's frame as JSON text}) for every page language: forums.realtime sends them as
    they are, so a delivery costs no database read, no rendering and no encoding."""
    event = selectors.get_post_event(event_id=event_id)
    if event is None:
        return False, {}
    thread = selectors.thread_for_stream(thread_id=event.thread_id)
    texts = {
        language: json.dumps(frame_of(event=event, thread=thread, language=language))
        for language, _name in settings.LANGUAGES
    }
    return event.post.is_hidden and not event.post.is_deleted, texts
