"""/ws/threads/<thread_id>/: one thread's live stream (docs/websocket-protocol.md)."""

import json
import time
import uuid
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from forums import frames, protocol, realtime, selectors, services
from network.events import selectors as event_selectors
from network.protocol import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND
from network.streams import JsonStreamConsumer

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def requested_language(scope) -> str:
    """The page's language, from `?lang=` on the socket's path (error messages are written in it)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    requested = (query.get("lang") or [""])[0]
    return requested if requested in LANGUAGES else settings.LANGUAGE_CODE


def render_event(*, event, viewer, language: str, client_token: str | None = None) -> dict:
    """One event as the client sees it (forums.frames); live and replayed events both come through here."""
    thread = selectors.thread_for_stream(thread_id=event.thread_id)
    frame = frames.frame_of(event=event, thread=thread, language=language, viewer=viewer)
    if client_token:
        frame["client_token"] = client_token
    return frame


MAX_ID = 2**63 - 1  # a larger id matches the route's <int:> but no database row (and overflows SQLite)


@database_sync_to_async
def _admit(*, user, thread_id: int) -> tuple | int:
    """(may moderate the board, the stream's newest seq) if `user` may read the thread, else the close code:
    CLOSE_NOT_FOUND for no such thread, CLOSE_FORBIDDEN for one the viewer may not read."""
    thread = selectors.thread_for_stream(thread_id=thread_id) if thread_id <= MAX_ID else None
    if thread is None:
        return CLOSE_NOT_FOUND
    if not selectors.can_read_thread(user=user, thread=thread):
        return CLOSE_FORBIDDEN
    # The database, not the cache: a cached seq ahead of it would make this socket skip the next posts.
    newest = selectors.last_seq_of(thread_id=thread_id)
    selectors.check_stream_seq(thread_id=thread_id, cached=selectors.stream_seq(thread_id=thread_id), newest=newest)
    return selectors.can_moderate_board(user=user, board=thread.board), newest


@database_sync_to_async
def _stream_seq(*, thread_id: int) -> int:
    return selectors.stream_seq(thread_id=thread_id)


@database_sync_to_async
def _event_ids(*, thread_id: int, after: int, upto: int) -> tuple[list[int], int]:
    """(seqs of the thread's events in (after, upto], the newest seq the database has up to `upto`). `upto` comes
    from the cache, which may lead the database: then the cached seq is discarded."""
    seqs = selectors.list_event_ids_between(thread_id=thread_id, after=after, upto=upto)
    checked = seqs[-1] if seqs else after
    if checked < upto:  # the cache said `upto`: if the database has nothing that new, the cache was ahead
        selectors.check_stream_seq(thread_id=thread_id, cached=upto, newest=selectors.last_seq_of(thread_id=thread_id))
    return seqs, checked


# The readers of a thread on one worker mostly ask the same (after, upto] at each resync: one query answers them
# all for a moment, so an idle stream costs one cache read per socket and no database read (what the database
# said a second ago is still true: events are never removed, and newer ones are past `upto`).
_ID_MEMO_SECONDS = 2.0
_id_memo: dict[tuple[int, int, int], tuple[float, list[int], int]] = {}


async def _event_ids_shared(*, thread_id: int, after: int, upto: int) -> tuple[list[int], int]:
    key, now = (thread_id, after, upto), time.monotonic()
    memo = _id_memo.get(key)
    if memo is not None and memo[0] > now:
        return memo[1], memo[2]
    seqs, checked = await _event_ids(thread_id=thread_id, after=after, upto=upto)
    if len(_id_memo) > 4096:
        _id_memo.clear()
    _id_memo[key] = (now + _ID_MEMO_SECONDS, seqs, checked)
    return seqs, checked


@database_sync_to_async
def _frames_of(*, user, thread_id: int, ids: list[int], language: str) -> list[dict]:
    """Frames of the thread's events `ids` that this socket was not sent (a broadcast lost on the way)."""
    thread = selectors.thread_for_stream(thread_id=thread_id)
    if thread is None or not selectors.can_read_thread(user=user, thread=thread):
        return []
    return [
        render_event(event=event, viewer=user, language=language)
        for event in selectors.list_events_by_ids(thread=thread, ids=ids)
    ]


@database_sync_to_async
def _replay(*, user, thread_id: int, after: int, language: str) -> list[dict]:
    thread = selectors.thread_for_stream(thread_id=thread_id)
    if thread is None or not selectors.can_read_thread(user=user, thread=thread):
        return []
    return [
        render_event(event=event, viewer=user, language=language)
        for event in selectors.list_events_after(thread=thread, after=after)
    ]


@database_sync_to_async
def _render_one(*, user, thread_id: int, event_id: int, language: str) -> dict | None:
    """This viewer's own frame of one event (a moderator's view of a hidden post: its body, its restore button)."""
    event = selectors.get_post_event(event_id=event_id)
    if event is None or event.thread_id != thread_id:
        return None
    return render_event(event=event, viewer=user, language=language)


@database_sync_to_async
def _create(*, user, thread_id: int, body: str, client_token: uuid.UUID, language: str):
    """Returns (post, frame): the frame is set only when this token had already made its post (a retry; the
    service decides, services.create_post_once)."""
    thread = selectors.thread_for_stream(thread_id=thread_id)
    with translation.override(language):
        post, created = services.create_post_once(
            thread=thread, author=user, body=body, client_token=client_token, throttle=True
        )
    if created:
        return post, None
    event = selectors.created_event_for(post=post)
    return post, render_event(event=event, viewer=user, language=language, client_token=str(client_token))


class ThreadConsumer(JsonStreamConsumer):
    """Delivers post.created / post.updated / post.deleted to everyone reading; replays gaps on `resume`."""

    async def connect(self):
        self.user = self.scope.get("user")
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        self.language = requested_language(self.scope)
        self.tokens: dict[int, str] = {}  # post id -> client_token of posts this socket sent
        self.group = None
        admitted = CLOSE_FORBIDDEN if self.user is None else await _admit(user=self.user, thread_id=self.thread_id)
        if isinstance(admitted, int):
            await self.refuse(admitted)
            return
        # sent_seq: the newest seq this socket has delivered (or the page already showed when it connected):
        # later duplicates are skipped, and `resync` replays anything newer the socket has not been sent.
        self.moderator, self.sent_seq = admitted
        self.checked_seq = self.sent_seq  # every event up to here was delivered (or shown by the page)
        self.delivered: set[int] = set()  # seqs delivered after checked_seq
        self.group = self.stream_group = realtime.thread_group(self.thread_id, self.language)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        self.start_resync()

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def handle(self, content: dict) -> None:
        with translation.override(self.language):
            match content:
                case {"type": protocol.RESUME, "after": int(after)} if after >= 0 and not isinstance(after, bool):
                    await self.resume(after)
                case {"type": protocol.POST_CREATE, "body": str(body), "client_token": str(token)}:
                    await self.create(body, token)
                case {"type": protocol.RESUME | protocol.POST_CREATE}:
                    await self.send_error("bad_request", _("That message is missing a field or has a wrong one."))
                case _:
                    await self.send_error("unknown_type", _("Unknown message type."))

    async def resume(self, after: int) -> None:
        if after > await _stream_seq(thread_id=self.thread_id):
            # A client from another database (or a typo) must not silence the socket by skipping every future seq.
            return await self.send_error("bad_resume", _("There is nothing after that point yet; resume from 0."))
        self.sent_seq = max(self.sent_seq, after)
        if after > self.checked_seq:  # the client has everything up to `after`
            self.checked_seq = after
            self.delivered = {seq for seq in self.delivered if seq > after}
        for frame in await _replay(user=self.user, thread_id=self.thread_id, after=after, language=self.language):
            await self.deliver(frame)

    async def resync(self) -> None:
        """Send, from the database, every event since the last check that this socket was not sent: a broadcast
        lost on the way (Redis restarting, a full channel) leaves a hole even when later ones arrived."""
        latest = await cache.aget(realtime.latest_seq_key(self.thread_id))  # no thread hop when nothing changed
        if latest is None:
            latest = await _stream_seq(thread_id=self.thread_id)
        if latest <= self.checked_seq:
            return
        seqs, checked = await _event_ids_shared(thread_id=self.thread_id, after=self.checked_seq, upto=latest)
        missing = [seq for seq in seqs if seq not in self.delivered]
        if missing:
            frames = await _frames_of(user=self.user, thread_id=self.thread_id, ids=missing, language=self.language)
            for frame in frames:
                # A live broadcast may have delivered it while the database was asked (live frames need no query).
                if frame["seq"] not in self.delivered:
                    await self.deliver(frame)
        # Only as far as the database confirmed: never up to a cached seq it does not have (yet).
        self.checked_seq = max(self.checked_seq, checked)
        self.delivered = {seq for seq in self.delivered if seq > self.checked_seq}

    async def create(self, body: str, token: str) -> None:
        if not self.user.is_authenticated:
            return await self.send_error("auth_required", _("Please sign in to reply."))
        try:
            client_token = uuid.UUID(token)
        except ValueError:
            return await self.send_error("bad_request", _("That message is missing a field or has a wrong one."))
        try:
            post, retry_frame = await _create(
                user=self.user, thread_id=self.thread_id, body=body, client_token=client_token, language=self.language
            )
        except services.RateLimited as error:
            return await self.send_error("rate_limited", str(error.message))
        except PermissionDenied:
            return await self.send_error("forbidden", _("You may not reply in this thread."))
        except ValidationError as error:
            return await self.send_error("invalid", " ".join(error.messages))
        if retry_frame is not None:
            # Already stored by an earlier try: answer this client directly (the broadcast went out then).
            await self.send_json(retry_frame)
        else:
            self.tokens[post.pk] = token

    async def forum_post_event(self, message):
        """A broadcast frame, ready-made for every reader (forums.frames): sent as it is, without a database read,
        except to the post's author (who gets the client_token of its send) and to moderators of a hidden post."""
        seq = message["seq"]
        if seq <= self.checked_seq or seq in self.delivered:
            return  # already delivered (by a replay or a resync), or shown by the page
        token = self.tokens.pop(message["id"], None)
        if self.moderator and message["hidden"]:
            frame = await _render_one(user=self.user, thread_id=self.thread_id, event_id=seq, language=self.language)
            if frame is not None:
                await self.deliver(frame | ({"client_token": token} if token else {}))
            return
        if token is not None:
            return await self.deliver(json.loads(message["text"]) | {"client_token": token})
        self.mark_sent(seq)
        await self.send(text_data=message["text"])

    def mark_sent(self, seq: int) -> None:
        self.sent_seq = max(self.sent_seq, seq)
        if seq > self.checked_seq:
            self.delivered.add(seq)

    async def deliver(self, frame: dict) -> None:
        self.mark_sent(frame["seq"])
        await self.send_json(frame)


# --- /ws/events/<slug>/: the live room of a network event ----------------------------------------------------------


@database_sync_to_async
def _admit_to_room(*, user, slug: str) -> tuple[int, bool, int] | int:
    """(the event's id, may announce, the room's newest seq) if `user` may follow the room of the event with this
    slug, else the close code (CLOSE_NOT_FOUND: no such event; CLOSE_FORBIDDEN: may not follow it)."""
    page = event_selectors.get_event(slug=slug, any_language=True)
    if page is None:
        return CLOSE_NOT_FOUND
    if not selectors.can_enter_room(user=user, event=page):
        return CLOSE_FORBIDDEN
    return (
        page.registration_event.pk,
        selectors.can_run_room(user=user, event=page),
        selectors.last_room_seq(event=page),
    )


@database_sync_to_async
def _room_seq(*, event_id: int) -> int:
    return selectors.last_room_seq_of(event_id=event_id)


@database_sync_to_async
def _room_replay(*, event_id: int, after: int) -> list[dict]:
    return [room_event.frame() for room_event in selectors.list_room_events_after(event_id=event_id, after=after)]


@database_sync_to_async
def _announce(*, user, slug: str, text: str, language: str):
    with translation.override(language):
        services.announce(event=event_selectors.get_event(slug=slug, any_language=True), author=user, text=text)


class EventRoomConsumer(JsonStreamConsumer):
    """Delivers feedback.created and announcement frames of one event to signed-in members; organisers announce.

    Frames are the same for everyone (no text of the feedback, only who got how much), so live ones come ready-made
    in the channel message; `resume` replays from the database by seq.
    """

    async def connect(self):
        self.user = self.scope.get("user")
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        self.language = requested_language(self.scope)
        self.group = None
        admitted = CLOSE_FORBIDDEN if self.user is None else await _admit_to_room(user=self.user, slug=self.slug)
        if isinstance(admitted, int):
            await self.refuse(admitted)
            return
        # sent_seq: as for threads, what the page showed at connect; `resync` replays anything newer not yet sent
        self.event_id, self.may_announce, self.sent_seq = admitted
        self.group = self.stream_group = realtime.room_group(self.event_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        self.start_resync()

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def handle(self, content: dict) -> None:
        with translation.override(self.language):
            match content:
                case {"type": protocol.RESUME, "after": int(after)} if after >= 0 and not isinstance(after, bool):
                    if after > await _room_seq(event_id=self.event_id):
                        return await self.send_error(
                            "bad_resume", _("There is nothing after that point yet; resume from 0.")
                        )
                    self.sent_seq = max(self.sent_seq, after)
                    for frame in await _room_replay(event_id=self.event_id, after=after):
                        await self.deliver(frame)
                case {"type": protocol.ANNOUNCE, "text": str(text)}:
                    await self.announce(text)
                case {"type": protocol.RESUME | protocol.ANNOUNCE}:
                    await self.send_error("bad_request", _("That message is missing a field or has a wrong one."))
                case _:
                    await self.send_error("unknown_type", _("Unknown message type."))

    async def resync(self) -> None:
        """Catch up from the database if the room moved past what this socket was sent (a lost broadcast)."""
        if await _room_seq(event_id=self.event_id) > self.sent_seq:
            for frame in await _room_replay(event_id=self.event_id, after=self.sent_seq):
                await self.deliver(frame)

    async def announce(self, text: str) -> None:
        if not self.may_announce:
            return await self.send_error("forbidden", _("Only the event's organisers make announcements."))
        try:
            await _announce(user=self.user, slug=self.slug, text=text, language=self.language)
        except services.RateLimited as error:
            await self.send_error("rate_limited", str(error.message))
        except PermissionDenied:
            await self.send_error("forbidden", _("Only the event's organisers make announcements."))
        except ValidationError as error:
            await self.send_error("invalid", " ".join(error.messages))
        # Success is answered by the announcement's broadcast, which reaches this socket too.

    async def forum_room_event(self, message):
        if message["frame"]["seq"] > self.sent_seq:  # else already delivered by a replay
            await self.deliver(message["frame"])

    async def deliver(self, frame: dict) -> None:
        self.sent_seq = max(self.sent_seq, frame["seq"])
        await self.send_json(frame)
